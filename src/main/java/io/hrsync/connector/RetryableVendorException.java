package io.hrsync.connector;

/** A 429 or 5xx: worth trying again after a pause. */
public class RetryableVendorException extends VendorCallException {

    public RetryableVendorException(String vendor, int status, String message) {
        this(vendor, status, message, 1, null, null);
    }

    public RetryableVendorException(String vendor, int status, String message, int attempt) {
        this(vendor, status, message, attempt, null, null);
    }

    /**
     * {@code retryAfterMs}: the vendor's Retry-After (ms, already capped), or null when it sent none;
     * {@code method}: the HTTP method of the call the vendor answered (null when unknown).
     */
    public RetryableVendorException(String vendor, int status, String message, int attempt, Long retryAfterMs, String method) {
        super(vendor, status, message, attempt);
        this.retryAfterMs = retryAfterMs;
        this.method = method;
    }

    private final Long retryAfterMs;
    private final String method;

    /**
     * Whether the vendor certainly did not act on the call: it refused it (429, 503) or the call only
     * read. Then the same call can simply be made again; otherwise (a 500, 502 or 504 to a write) the
     * write may have happened.
     */
    public boolean nothingWritten() {
        return status() == 429 || status() == 503 || "GET".equalsIgnoreCase(method);
    }

    /** The wait the vendor asked for before the next call (ms, capped), or null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
