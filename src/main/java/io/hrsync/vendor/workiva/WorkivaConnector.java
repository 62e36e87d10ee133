package io.hrsync.vendor.workiva;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.vendor.VendorConnector;

/** Workiva as one of the vendors (placeholder until its delivery route lands: never enabled). */
@ApplicationScoped
public class WorkivaConnector implements VendorConnector {

    private final WorkivaConfig config;

    public WorkivaConnector(WorkivaConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "workiva";
    }

    @Override
    public java.util.Set<String> supportedRules() {
        return java.util.Set.of("departmentGroups");
    }

    @Override
    public boolean enabled() {
        return false;
    }
}
