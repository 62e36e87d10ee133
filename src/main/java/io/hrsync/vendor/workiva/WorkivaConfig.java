package io.hrsync.vendor.workiva;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.workiva.*}: Workiva's 2026-01-01 API and the customer's SCIM endpoint (see shared/vendors/workiva.md). */
@ConfigMapping(prefix = "hrsync.vendors.workiva")
public interface WorkivaConfig {

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
     * Default 1. For a first load, 2 reached the vendors' limits in the benchmark (docs/performance.md:
     * 1 worker used 17-46 % of them at 150 ms latency); the default stays 1 until the token renewal
     * and Ramp's 429 penalty are safe with calls in flight (a call already sent when another gets a
     * 429 lands inside Ramp's penalty, which every such call restarts).
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
