package io.hrsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When a failed item is tried again: the schedule as a table (initial 1 s, max 60 s, Retry-After capped at 120 s, 5 attempts). */
class RetryScheduleTest {

    final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120), 5);

    @ParameterizedTest(name = "attempt {0}, Retry-After {1} s, random {2}: {3}")
    @CsvSource(nullValues = "-", value = {
            // attempts made, Retry-After (s), random, next delay (ms; - = dead letter)
            "1, -, 0.0, 500",        // half of the 1 s backoff at the low end of the jitter
            "1, -, 0.999, 999",      // up to the whole backoff
            "2, -, 0.0, 1000",       // doubled
            "4, -, 0.5, 6000",       // 8 s backoff, jittered to 4..8 s
            "3, 30, 0.0, 30000",     // Retry-After honoured when longer than the backoff
            "3, 3600, 0.0, 120000",  // ... but capped
            "5, -, 0.0, -",          // attempts used up: dead letter
    })
    void nextAttempt(int attempts, Integer retryAfterSeconds, double random, Long expectedMillis) {
        Optional<Duration> next = schedule.next(attempts, retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds),
                random);
        assertEquals(Optional.ofNullable(expectedMillis).map(Duration::ofMillis), next);
    }

    @ParameterizedTest
    @ValueSource(longs = {5000, 30000})
    void theBackoffNeverExceedsItsCap(long capMillis) {
        RetrySchedule capped = new RetrySchedule(Duration.ofSeconds(10), Duration.ofMillis(capMillis), Duration.ZERO, 100);
        for (int attempt = 1; attempt < 40; attempt++) {
            long delay = capped.next(attempt, null, 0.999).orElseThrow().toMillis();
            assertTrue(delay <= capMillis && delay >= capMillis / 2 || attempt < 4, "attempt " + attempt + ": " + delay);
        }
    }
}
