package io.hrsync.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One vendor's progress in a run at one moment: done / total, the rate over the last interval and the
 * time left at that rate. The arithmetic of the progress line, kept apart so it can be tested alone.
 *
 * @param done items with their outcome (finished or dead-lettered)
 * @param total the run's items for the vendor
 * @param itemsPerSecond items done per second since the previous sample (0 when none was done)
 * @param eta the time left at that rate; empty while the rate is 0 with work left
 */
public record VendorProgress(String runId, String vendor, long done, long total, double itemsPerSecond, Optional<Duration> eta) {

    /** The progress now, from the previous sample ({@code doneBefore} items, {@code elapsed} ago). */
    public static VendorProgress of(String runId, String vendor, long done, long total, long doneBefore, Duration elapsed) {
        double seconds = elapsed.toMillis() / 1000.0;
        double rate = seconds <= 0 ? 0 : Math.max(0, done - doneBefore) / seconds;
        long left = Math.max(0, total - done);
        Optional<Duration> eta = left == 0 ? Optional.of(Duration.ZERO)
                : rate > 0 ? Optional.of(Duration.ofSeconds((long) Math.ceil(left / rate))) : Optional.empty();
        return new VendorProgress(runId, vendor, done, total, rate, eta);
    }

    /** "run R workramp: 120 / 500 done (24 %), 4.0 items/s, ETA 1m35s". */
    public String line() {
        long percent = total == 0 ? 100 : done * 100 / total;
        return String.format(Locale.ROOT, "run %s %s: %d / %d done (%d %%), %.1f items/s, ETA %s", runId, vendor, done, total,
                percent, itemsPerSecond, eta.map(VendorProgress::human).orElse("unknown (nothing done in the last interval)"));
    }

    /** 0s, 45s, 1m35s, 2h05m. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
