package io.hrsync.connector.workiva;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.workiva.*}: Workiva's 2026-01-01 API and the customer's SCIM endpoint (see shared/vendors/workiva.md). */
@ConfigMapping(prefix = "hrsync.vendors.workiva")
public interface WorkivaConfig extends io.hrsync.connector.VendorSettings {

    @WithDefault("false")
    boolean enabled();

    /** e.g. https://api.app.wdesk.com (EU https://api.eu.wdesk.com, APAC https://api.apac.wdesk.com). */
    @WithName("base-url")
    Optional<String> baseUrl();

    @WithName("client-id")
    Optional<String> clientId();

    /** Secret. */
    @WithName("client-secret")
    Optional<String> clientSecret();

    @WithName("organization-id")
    Optional<String> organizationId();

    @WithName("workspace-id")
    Optional<String> workspaceId();

    /** Defaults to {@code <base-url>/iam/v1/oauth2/token}. */
    @WithName("token-url")
    Optional<String> tokenUrl();

    /** The customer's SCIM 2.0 base URL, shown in Workiva's admin UI (deactivation goes there). */
    @WithName("scim-base-url")
    Optional<String> scimBaseUrl();

    /** Secret: the SCIM bearer token. */
    @WithName("scim-token")
    Optional<String> scimToken();

    /** Sent as {@code X-Version} on every REST call (without it Workiva answers with its 2022-01-01 API). */
    @WithName("api-version")
    @WithDefault("2026-01-01")
    String apiVersion();

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
     * Calls allowed per {@link #ratePeriodMs()} for the whole credential (REST and SCIM). Workiva does
     * not publish its limit; it answers 429 when it is exceeded.
     */
    @WithName("rate-limit")
    @WithDefault("300")
    int rateLimit();

    @WithName("rate-period-ms")
    @WithDefault("60000")
    long ratePeriodMs();

    /** {@code $maxpagesize} of the group and member lists (1-1000). */
    @WithName("page-size")
    @WithDefault("1000")
    int pageSize();

    /**
     * {@code $maxpagesize} of the directory listing ({@code workiva-list-accounts}: every user of the
     * organization, following {@code @nextLink}), 1-1000.
     */
    @WithName("directory-page-size")
    @WithDefault("1000")
    int directoryPageSize();
}
