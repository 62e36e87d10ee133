package io.hrsync.vendor;

/** A 429 or 5xx: worth trying again after a pause. */
public class RetryableVendorException extends VendorCallException {

    public RetryableVendorException(String vendor, int status, String message) {
        this(vendor, status, message, 1, null);
    }

    public RetryableVendorException(String vendor, int status, String message, int attempt) {
        this(vendor, status, message, attempt, null);
    }

    /** {@code retryAfterMs}: the vendor's Retry-After (ms, already capped), or null when it sent none. */
    public RetryableVendorException(String vendor, int status, String message, int attempt, Long retryAfterMs) {
        super(vendor, status, message, attempt);
        this.retryAfterMs = retryAfterMs;
    }

    private final Long retryAfterMs;

    /** The wait the vendor asked for before the next call (ms, capped), or null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
