package io.hrsync.connector.workramp;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.workramp.*}: WorkRamp's REST API (see shared/vendors/workramp.md). */
@ConfigMapping(prefix = "hrsync.vendors.workramp")
public interface WorkRampConfig extends io.hrsync.connector.VendorSettings {

    @WithDefault("false")
    boolean enabled();

    /** e.g. https://app.workramp.com (EU: https://app.eu.workramp.com). */
    @WithName("base-url")
    Optional<String> baseUrl();

    /** Admin API key, sent as a Bearer token. Secret. */
    @WithName("api-key")
    Optional<String> apiKey();

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
     * Calls allowed per {@link #ratePeriodMs()}, for the whole credential. WorkRamp allows 3,000 an
     * hour sustained; the default keeps 10 % below that.
     */
    @WithName("rate-limit")
    @WithDefault("45")
    int rateLimit();

    @WithName("rate-period-ms")
    @WithDefault("60000")
    long ratePeriodMs();

    /** Page size of the per-run scan of users' custom attributes (1-200). */
    @WithName("attributes-page-size")
    @WithDefault("200")
    int attributesPageSize();

    /**
     * {@code limit} of each page of the directory listing ({@code workramp-list-accounts}: every user,
     * deleted ones included, zero-based pages), 1-100. Default the spec's largest page: the listing is
     * the run's one read of WorkRamp's users, paid from its small limit (10,000 users: 100 calls).
     */
    @WithName("directory-page-size")
    @WithDefault("100")
    int directoryPageSize();
}
