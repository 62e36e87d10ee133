package io.hrsync.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * When a transiently failed item is tried again: exponential backoff from {@code initial}, doubled per
 * attempt up to {@code max}, with jitter (between half and all of it, so a burst of failures does not
 * come back as a burst); a vendor's {@code Retry-After} is honoured, capped at {@code maxRetryAfter}.
 * After {@code maxAttempts} attempts there is no next one: the item is a dead letter. The item is put
 * back in the queue with that time; nothing sleeps.
 */
public record RetrySchedule(Duration initial, Duration max, Duration maxRetryAfter, int maxAttempts) {

    /** Whether {@code attempts} left room for another one. */
    public boolean allowsAnother(int attempts) {
        return attempts < maxAttempts;
    }

    /**
     * The delay before attempt {@code attempts + 1}, or empty when {@code attempts} used them all.
     * {@code random} is in [0, 1) (a parameter, so the schedule is a plain function).
     */
    public Optional<Duration> next(int attempts, Duration retryAfter, double random) {
        if (!allowsAnother(attempts)) {
            return Optional.empty();
        }
        long backoff = initial.toMillis();
        for (int i = 1; i < attempts && backoff < max.toMillis(); i++) {
            backoff *= 2;
        }
        backoff = Math.min(backoff, max.toMillis());
        long jittered = backoff / 2 + (long) (random * (backoff - backoff / 2));
        long honoured = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
        return Optional.of(Duration.ofMillis(Math.max(jittered, honoured)));
    }
}
