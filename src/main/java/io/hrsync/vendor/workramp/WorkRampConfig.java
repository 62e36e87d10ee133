package io.hrsync.vendor.workramp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** {@code hrsync.vendors.workramp.*}: WorkRamp's REST API (see shared/vendors/workramp.md). */
@ConfigMapping(prefix = "hrsync.vendors.workramp")
public interface WorkRampConfig {

    @WithDefault("false")
    boolean enabled();

    /** e.g. https://app.workramp.com (EU: https://app.eu.workramp.com). */
    @WithName("base-url")
    Optional<String> baseUrl();

    /** Admin API key, sent as a Bearer token. Secret. */
    @WithName("api-key")
    Optional<String> apiKey();

    /** Department (as the HRIS names it) → WorkRamp group names; groups drive content assignment. */
    @WithName("department-groups")
    Map<String, List<String>> departmentGroups();

    /** WorkRamp custom attribute name → HRIS field (employee_id, department, title, location, start_date…). */
    @WithName("custom-attributes")
    Map<String, String> customAttributes();

    /** The custom attribute names configured in WorkRamp's admin UI: only these may be written. */
    @WithName("allowed-custom-attributes")
    Optional<List<String>> allowedCustomAttributes();

    /** Page size of the per-run scan of users' custom attributes (1-200). */
    @WithName("attributes-page-size")
    @WithDefault("200")
    int attributesPageSize();
}
