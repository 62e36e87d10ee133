package io.hrsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The progress line's arithmetic: rate over the last interval, ETA at that rate. */
class VendorProgressTest {

    @Test
    void rateAndEtaFromTheLastInterval() {
        // 120 done of 500, 40 of them in the last 10 s: 4 items/s, 380 left: 95 s
        VendorProgress p = VendorProgress.of("r1", "workramp", 120, 500, 80, Duration.ofSeconds(10));
        assertEquals(4.0, p.itemsPerSecond(), 1e-9);
        assertEquals(Optional.of(Duration.ofSeconds(95)), p.eta());
        assertEquals("run r1 workramp: 120 / 500 done (24 %), 4.0 items/s, ETA 1m35s", p.line());
    }

    @Test
    void etaRoundsUpAndReadsInHours() {
        // 1 item in 3 s, 10,000 left: 30,000 s = 8h20m
        VendorProgress p = VendorProgress.of("r1", "ramp", 1, 10_001, 0, Duration.ofSeconds(3));
        assertEquals(Optional.of(Duration.ofSeconds(30_000)), p.eta());
        assertEquals("run r1 ramp: 1 / 10001 done (0 %), 0.3 items/s, ETA 8h20m", p.line());
        // 3 in 2 s = 1.5/s, 7 left: 4.67 s, rounded up to 5 s
        assertEquals(Duration.ofSeconds(5), VendorProgress.of("r", "v", 3, 10, 0, Duration.ofSeconds(2)).eta().orElseThrow());
    }

    @Test
    void nothingDoneInTheIntervalHasNoEtaAndAFinishedVendorNone() {
        VendorProgress stalled = VendorProgress.of("r1", "workiva", 50, 100, 50, Duration.ofSeconds(30));
        assertEquals(0.0, stalled.itemsPerSecond());
        assertEquals(Optional.empty(), stalled.eta());
        assertEquals("run r1 workiva: 50 / 100 done (50 %), 0.0 items/s, ETA unknown (nothing done in the last interval)",
                stalled.line());
        assertEquals(Optional.of(Duration.ZERO), VendorProgress.of("r1", "skilljar", 8, 8, 8, Duration.ofSeconds(30)).eta());
        assertEquals(0.0, VendorProgress.of("r1", "skilljar", 8, 8, 0, Duration.ZERO).itemsPerSecond());
    }
}
