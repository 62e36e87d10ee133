package io.hrsync.connector.ramp;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.ramp.*}: Ramp's Developer API (see shared/vendors/ramp.md). */
@ConfigMapping(prefix = "hrsync.vendors.ramp")
public interface RampConfig extends io.hrsync.connector.VendorSettings {

    @WithDefault("false")
    boolean enabled();

    /** e.g. https://api.ramp.com (sandbox: https://demo-api.ramp.com). */
    @WithName("base-url")
    Optional<String> baseUrl();

    @WithName("client-id")
    Optional<String> clientId();

    /** Secret. */
    @WithName("client-secret")
    Optional<String> clientSecret();

    /** Secret of the webhook subscription (for the webhook relay). */
    @WithName("webhook-secret")
    Optional<String> webhookSecret();

    /**
     * The subscription's previous secrets, comma-separated (a comma inside a secret written {@code \\,}),
     * accepted as well while a rotation is under way (an event signed with any of them or with
     * webhook-secret passes); remove them once Ramp signs with the new one only.
     */
    @WithName("previous-webhook-secret")
    Optional<List<String>> previousWebhookSecret();

    /** Space-separated OAuth2 scopes asked for with the client-credentials grant (the spec's scope names). */
    @WithDefault("users:read users:write departments:read departments:write locations:read locations:write")
    String scopes();

    /**
     * A token is renewed this long before its {@code expires_in} runs out (at most a tenth of its
     * lifetime, so a short-lived token is still used).
     */
    @WithName("token-refresh-margin-ms")
    @WithDefault("60000")
    long tokenRefreshMarginMs();

    /** page_size of the department and location lists (2-100). */
    @WithName("page-size")
    @WithDefault("100")
    int pageSize();

    /**
     * page_size of the directory listing ({@code ramp-list-accounts}: every user, following
     * {@code page.next}), 2-100.
     */
    @WithName("directory-page-size")
    @WithDefault("100")
    int directoryPageSize();

    /** Pause between two polls of a deferred user-creation task. */
    @WithName("create-poll-interval-ms")
    @WithDefault("500")
    long createPollIntervalMs();

    /** A deferred user-creation task not finished after this long fails the row (the next run resumes it). */
    @WithName("create-timeout-ms")
    @WithDefault("30000")
    long createTimeoutMs();

    /**
     * Deactivate terminated people. Ramp's deactivation also cancels the user's cards; with
     * {@code false} a leaver is recorded as DEACTIVATE/REFUSED and nothing is called.
     */
    @WithName("allow-deactivation")
    @WithDefault("true")
    boolean allowDeactivation();

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
     * Calls allowed per {@link #ratePeriodMs()} for the whole credential (shared/vendors/ramp.md: 200
     * per rolling 10 s); the default keeps 10 % below that.
     */
    @WithName("rate-limit")
    @WithDefault("180")
    int rateLimit();

    @WithName("rate-period-ms")
    @WithDefault("10000")
    long ratePeriodMs();

    /**
     * After a 429 every Ramp call is held this long: Ramp refills the allowance over about a minute and
     * restarts that minute with every call made during it.
     */
    @WithName("rate-limit-pause-ms")
    @WithDefault("60000")
    long rateLimitPauseMs();
}
