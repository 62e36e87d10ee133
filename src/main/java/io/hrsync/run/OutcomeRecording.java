package io.hrsync.run;

import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

/**
 * Stores an outcome, trying again (with backoff) while the state store or the disk fails. Storing an
 * outcome is idempotent, so an attempt after a failed one simply finishes it.
 *
 * <p>Hand-written rather than left to the vendor route's error handler: outcomes are recorded from the
 * vendor route, from the dead-letter channel (whose new exceptions Camel only logs,
 * deadLetterHandleNewException) and from the drains' catch-all, and a failure must be retried and then
 * stop the run the same way from all three. Before, the first failure marked the outcome recorded, so
 * the handler's retry found it "already recorded" and the record was lost while the vendor write stood.
 */
final class OutcomeRecording {

    private static final Logger LOG = Logger.getLogger(OutcomeRecording.class);

    private final int attempts;
    private final long initialBackoffMs;
    private final long maxBackoffMs;

    OutcomeRecording(int attempts, long initialBackoffMs, long maxBackoffMs) {
        this.attempts = Math.max(1, attempts);
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    int attempts() {
        return attempts;
    }

    /** The store's answer once an attempt succeeds; the last failure once every attempt failed. */
    boolean store(BooleanSupplier store) {
        long backoff = initialBackoffMs;
        for (int attempt = 1;; attempt++) {
            try {
                return store.getAsBoolean();
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                LOG.warnf("recording an outcome failed (attempt %d of %d): %s; trying again in %d ms", attempt, attempts,
                        e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(maxBackoffMs, backoff * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording an outcome", e);
        }
    }
}
