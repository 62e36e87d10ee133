package io.hrsync.vendor.ramp;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.vendor.VendorConnector;

/** Ramp as one of the vendors (placeholder until its delivery route lands: never enabled). */
@ApplicationScoped
public class RampConnector implements VendorConnector {

    private final RampConfig config;

    public RampConnector(RampConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "ramp";
    }

    @Override
    public java.util.Set<String> supportedRules() {
        return java.util.Set.of("roles", "createMissingReferences");
    }

    @Override
    public boolean enabled() {
        return false;
    }
}
