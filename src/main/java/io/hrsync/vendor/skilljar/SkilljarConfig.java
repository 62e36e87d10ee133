package io.hrsync.vendor.skilljar;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.skilljar.*}: Skilljar's API (see shared/vendors/skilljar.md). */
@ConfigMapping(prefix = "hrsync.vendors.skilljar")
public interface SkilljarConfig {

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
}
