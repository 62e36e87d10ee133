package io.hrsync.connector.scim;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The settings a SCIM vendor's block may hold ({@code hrsync.vendors.<name>.*}), declared so that a
 * misspelt one fails at startup and in {@code validate} like any other unknown hrsync property.
 * {@link ScimTarget#read} reads them with their defaults (not declared here: the map's keys include the
 * built-in vendors, whose own defaults must not be shadowed).
 */
@ConfigMapping(prefix = "hrsync.vendors")
public interface ScimVendorsConfig {

    /** A SCIM vendor's block, by the vendor's name. */
    @WithParentName
    Map<String, Block> vendors();

    interface Block {
        /** {@code scim} makes the vendor a generic SCIM 2.0 app (routes/vendor-scim.camel.yaml). */
        Optional<String> type();

        /** Whether hrsync provisions this SCIM app (default false). */
        Optional<Boolean> enabled();

        /** The SCIM base URL, e.g. https://app.example.com/scim/v2. */
        @WithName("base-url")
        Optional<String> baseUrl();

        /** Secret: sent as {@code Authorization: Bearer}; or username and password (HTTP Basic). */
        @WithName("bearer-token")
        Optional<String> bearerToken();

        /** HTTP Basic user name (with password), instead of a bearer token. */
        Optional<String> username();

        /** Secret: HTTP Basic password. */
        Optional<String> password();

        /** auto (default: PATCH where /ServiceProviderConfig says patch.supported, else PUT), patch or put. */
        @WithName("update-method")
        Optional<String> updateMethod();

        /** deactivate (default: active false) or delete (DELETE /Users/{id}, irreversible). */
        @WithName("leaver-action")
        Optional<String> leaverAction();

        /** count of each GET /Users and /Groups page, 1-1000 (default 100). */
        @WithName("page-size")
        Optional<Integer> pageSize();

        /** Calls allowed per rate-period-ms, hrsync's own gate for the app (default 300). */
        @WithName("rate-limit")
        Optional<Integer> rateLimit();

        /** The rate limit's rolling window in ms (default 60000). */
        @WithName("rate-period-ms")
        Optional<Long> ratePeriodMs();

        /** Work items delivered at once (default: sized from the rate limit). */
        Optional<Integer> concurrency();
    }
}
