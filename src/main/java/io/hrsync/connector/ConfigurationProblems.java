package io.hrsync.connector;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A vendor's configuration check: every problem of its block is collected, each naming its property
 * ({@code hrsync.vendors.<name>.<property>}), and reported together, so that one start shows all of them.
 */
public final class ConfigurationProblems {

    private final String prefix;
    private final String label;
    private final List<String> problems = new ArrayList<>();

    /** {@code vendor}: as in hrsync.vendors.<vendor>; {@code label}: the vendor's name in messages (WorkRamp). */
    public ConfigurationProblems(String vendor, String label) {
        this.prefix = "hrsync.vendors." + vendor + ".";
        this.label = label;
    }

    /** A problem, as written, unless {@code ok}. */
    public void require(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    /** The property must be set and not blank. */
    public void requireText(Optional<String> value, String property) {
        require(value.filter(v -> !v.isBlank()).isPresent(), prefix + property + " is required when " + label + " is enabled");
    }

    /** The property must be an http(s) URL. */
    public void requireUrl(Optional<String> value, String property) {
        if (value.filter(v -> !v.isBlank()).isEmpty()) {
            requireText(value, property);
            return;
        }
        String url = value.get().trim();
        boolean ok;
        try {
            URI uri = URI.create(url);
            ok = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        require(ok, prefix + property + " must be an http(s) URL (got '" + url + "')");
    }

    /** The property must be within {@code min}-{@code max}. */
    public void requireRange(long value, long min, long max, String property) {
        require(value >= min && value <= max, prefix + property + " must be " + min + "-" + max);
    }

    /** The property must be at least {@code min}. */
    public void requireAtLeast(long value, long min, String property) {
        require(value >= min, prefix + property + " must be at least " + min);
    }

    /** The settings every vendor has: a rate limit of at least one call per window of at least 1 ms, at least one worker. */
    public void requireSettings(VendorSettings settings) {
        requireAtLeast(settings.rateLimit(), 1, "rate-limit");
        requireAtLeast(settings.ratePeriodMs(), 1, "rate-period-ms");
        requireAtLeast(settings.concurrency(), 1, "concurrency");
    }

    public void addAll(Collection<String> more) {
        problems.addAll(more);
    }

    /** Throws with every problem, one a line, when there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n  - ", problems));
        }
    }
}
