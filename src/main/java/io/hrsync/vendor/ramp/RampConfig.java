package io.hrsync.vendor.ramp;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.ramp.*}: Ramp's Developer API (see shared/vendors/ramp.md). */
@ConfigMapping(prefix = "hrsync.vendors.ramp")
public interface RampConfig {

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
}
