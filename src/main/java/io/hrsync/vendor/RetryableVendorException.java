package io.hrsync.vendor;

/** A 429 or 5xx: worth trying again after a pause. */
public class RetryableVendorException extends VendorCallException {

    public RetryableVendorException(String vendor, int status, String message) {
        super(vendor, status, message);
    }

    public RetryableVendorException(String vendor, int status, String message, int attempt) {
        super(vendor, status, message, attempt);
    }
}
