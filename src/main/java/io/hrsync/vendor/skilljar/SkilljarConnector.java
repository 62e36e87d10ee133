package io.hrsync.vendor.skilljar;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.vendor.VendorConnector;

/** Skilljar as one of the vendors (placeholder until its delivery route lands: never enabled). */
@ApplicationScoped
public class SkilljarConnector implements VendorConnector {

    private final SkilljarConfig config;

    public SkilljarConnector(SkilljarConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "skilljar";
    }

    @Override
    public java.util.Set<String> supportedRules() {
        return java.util.Set.of("departmentGroups", "departmentCourses");
    }

    @Override
    public boolean enabled() {
        return false;
    }
}
