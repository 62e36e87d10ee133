package io.hrsync.connector.ramp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.VendorRules;
import io.hrsync.connector.VendorConnector;

/** Ramp as one of the vendors; its flow is routes/vendor-ramp.camel.yaml. */
@ApplicationScoped
@Named("rampConnector")
public class RampConnector implements VendorConnector {

    /** The provisioning-rule keys this vendor acts on (also read by {@code validate}, which starts no bean). */
    public static final java.util.Set<String> SUPPORTED_RULES = java.util.Set.of("roles", "createMissingReferences");

    /** The role enum of Ramp's spec (ApiUserCreateRequestBody / ApiUserUpdateRequestBody). */
    static final Set<String> ROLES = Set.of("AUDITOR", "BUSINESS_ADMIN", "BUSINESS_BOOKKEEPER", "BUSINESS_OWNER",
            "BUSINESS_USER", "GUEST_USER", "IT_ADMIN");
    /** The spec: "Owner is not a invitable role" / "not a permissible value". */
    static final String OWNER = "BUSINESS_OWNER";
    /** The spec's employee role (the guide's CARDHOLDER is not in the spec). */
    static final String DEFAULT_ROLE = "BUSINESS_USER";

    private final RampConfig config;
    private final ProvisioningRules rules;

    public RampConnector(RampConfig config, ProvisioningRules rules) {
        this.config = config;
        this.rules = rules;
    }

    @Override
    public String name() {
        return "ramp";
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public int concurrency() {
        return config.concurrency();
    }

    @Override
    public long ratePeriodMs() {
        return config.ratePeriodMs();
    }

    /** Ramp's deactivation cancels the person's cards: only with hrsync.vendors.ramp.allow-deactivation (default on). */
    @Override
    public boolean deactivationEnabled() {
        return config.allowDeactivation();
    }

    @Override
    public java.util.Set<String> supportedRules() {
        return SUPPORTED_RULES;
    }

    /** Ramp users carry a department, a location and a direct manager: an export without them would clear them. */
    @Override
    public Map<String, String> fieldsRead() {
        return Map.of("department", "department_id", "location", "location_id", "manager_email", "direct_manager_id");
    }

    @Override
    public void checkConfiguration() {
        List<String> problems = new ArrayList<>();
        require(problems, config.baseUrl().filter(u -> !u.isBlank()).isPresent(),
                "hrsync.vendors.ramp.base-url is required when Ramp is enabled");
        require(problems, config.clientId().filter(c -> !c.isBlank()).isPresent(),
                "hrsync.vendors.ramp.client-id is required when Ramp is enabled");
        require(problems, config.clientSecret().filter(s -> !s.isBlank()).isPresent(),
                "hrsync.vendors.ramp.client-secret is required when Ramp is enabled");
        require(problems, !config.scopes().isBlank() && !config.scopes().contains(","),
                "hrsync.vendors.ramp.scopes must be a space-separated list of scopes (e.g. users:read users:write)");
        require(problems, config.pageSize() >= 2 && config.pageSize() <= 100,
                "hrsync.vendors.ramp.page-size must be 2-100");
        require(problems, config.directoryPageSize() >= 2 && config.directoryPageSize() <= 100,
                "hrsync.vendors.ramp.directory-page-size must be 2-100");
        require(problems, config.tokenRefreshMarginMs() >= 0, "hrsync.vendors.ramp.token-refresh-margin-ms must be >= 0");
        require(problems, config.createPollIntervalMs() > 0, "hrsync.vendors.ramp.create-poll-interval-ms must be > 0");
        require(problems, config.createTimeoutMs() >= config.createPollIntervalMs(),
                "hrsync.vendors.ramp.create-timeout-ms must be at least create-poll-interval-ms");
        require(problems, config.rateLimit() > 0, "hrsync.vendors.ramp.rate-limit must be > 0");
        require(problems, config.ratePeriodMs() > 0, "hrsync.vendors.ramp.rate-period-ms must be > 0");
        require(problems, config.rateLimitPauseMs() >= 0, "hrsync.vendors.ramp.rate-limit-pause-ms must be >= 0");
        problems.addAll(roleProblems(rules));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n  - ", problems));
        }
    }

    /** Roles in the rules that Ramp's spec does not know, or that it forbids setting (BUSINESS_OWNER). */
    List<String> roleProblems(ProvisioningRules rules) {
        VendorRules ramp = rules.forVendor(name());
        List<String> problems = new ArrayList<>();
        if (ramp.roles() == null) {
            return problems;
        }
        Map<String, String> used = new LinkedHashMap<>();
        if (ramp.roles().defaultRole() != null) {
            used.put("ramp.roles.default", ramp.roles().defaultRole());
        }
        ramp.roles().byDepartment().forEach((k, v) -> used.put("ramp.roles.byDepartment." + k, v));
        ramp.roles().byTitle().forEach((k, v) -> used.put("ramp.roles.byTitle." + k, v));
        used.forEach((key, role) -> {
            if (OWNER.equals(role)) {
                problems.add(rules.file() + ": " + key + ": " + OWNER
                        + " cannot be given through Ramp's API (Owner is not an invitable or permissible role)");
            } else if (!ROLES.contains(role)) {
                problems.add(rules.file() + ": " + key + ": unknown Ramp role '" + role + "' (Ramp's roles: "
                        + ROLES.stream().filter(r -> !r.equals(OWNER)).sorted().toList() + ")");
            }
        });
        return problems;
    }

    private static void require(List<String> problems, boolean ok, String message) {
        if (!ok) {
            problems.add(message);
        }
    }

    @Override
    public io.hrsync.connector.VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return RampAccounts.toAccount(listedUser);
    }

    /** Ramp keeps the HRIS employee id on the user ({@code employee_id}): a person whose email changed is found by it. */
    @Override
    public String employeeIdOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return listedUser.path("employee_id").isTextual() ? listedUser.path("employee_id").asText() : null;
    }
}
