package io.hrsync.connector;

/**
 * The vendor refused the request for a reason that will not change by retrying (a 4xx other than
 * 429), or hrsync itself found the person cannot be provisioned (an unknown group, say).
 */
public class VendorRejectedException extends VendorCallException {

    public VendorRejectedException(String vendor, int status, String message) {
        super(vendor, status, message);
    }

    public VendorRejectedException(String vendor, int status, String message, int attempt) {
        super(vendor, status, message, attempt);
    }
}
