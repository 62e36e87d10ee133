package io.hrsync.connector.skilljar;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.skilljar.*}: Skilljar's API (see shared/vendors/skilljar.md). */
@ConfigMapping(prefix = "hrsync.vendors.skilljar")
public interface SkilljarConfig extends io.hrsync.connector.VendorSettings {

    @WithDefault("false")
    boolean enabled();

    /** e.g. https://api.skilljar.com. */
    @WithName("base-url")
    Optional<String> baseUrl();

    /** Secret: sent as the Basic auth username with an empty password. */
    @WithName("api-key")
    Optional<String> apiKey();

    /** The academy's domain, e.g. academy.example.com. */
    Optional<String> domain();

    /** Page size of the per-run scan of the domain's users (and of the group lists), 1-1000. */
    @WithName("page-size")
    @WithDefault("100")
    int pageSize();

    /**
     * {@code page_size} of the directory listing ({@code skilljar-list-accounts}: every user of the
     * domain, following {@code next}), 1-1000.
     */
    @WithName("directory-page-size")
    @WithDefault("100")
    int directoryPageSize();

    /**
     * Whether every path ends with '/' (the integration guide's style) or not (the published spec's
     * style, the default). A mismatch makes Skilljar answer 301, which is recorded as FAILED: redirects
     * are never followed (a followed 301 turns a POST or PATCH into a GET).
     */
    @WithName("trailing-slash")
    @WithDefault("false")
    boolean trailingSlash();

    /**
     * Work items this vendor's drain delivers at once (each call still passes the vendor's rate gate).
     * Default: sized from the vendor's rate limit so that the limit, not latency, sets the pace
     * ({@link io.hrsync.config.VendorConcurrencyDefaults}); this 1 applies only without that source.
     * Calls in flight are safe: every 429 answer, in-flight ones included, extends the vendor's pause
     * from its own arrival, and a refused token is renewed once per generation.
     */
    @WithName("concurrency")
    @WithDefault("1")
    int concurrency();

    /**
     * Calls allowed per {@link #ratePeriodMs()} (rolling window), for the whole API key. Skilljar
     * throttles but publishes no limit: the default is a conservative 4 calls a second on average.
     */
    @WithName("rate-limit")
    @WithDefault("240")
    int rateLimit();

    @WithName("rate-period-ms")
    @WithDefault("60000")
    long ratePeriodMs();
}
