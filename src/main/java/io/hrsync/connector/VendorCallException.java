package io.hrsync.connector;

/**
 * A vendor answered with an error (status 0: hrsync found the problem itself, e.g. a group the
 * rules name does not exist in the vendor). Its subclass says what the error handler does with it:
 * {@link RetryableVendorException} (429, 5xx) is tried again, {@link VendorRejectedException} is
 * recorded as a business failure.
 */
public class VendorCallException extends RuntimeException {

    private final String vendor;
    private final int status;
    private final int attempt;

    public VendorCallException(String vendor, int status, String message) {
        this(vendor, status, message, 1);
    }

    /** {@code attempt}: which attempt at the call got this answer (1 = the first, then redeliveries). */
    public VendorCallException(String vendor, int status, String message, int attempt) {
        super(status == 0 ? vendor + ": " + message
                : vendor + " answered HTTP " + status + (message == null || message.isBlank() ? "" : ": " + message));
        this.vendor = vendor;
        this.status = status;
        this.attempt = attempt;
    }

    public int attempt() {
        return attempt;
    }

    public String vendor() {
        return vendor;
    }

    public int status() {
        return status;
    }
}
