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
import io.hrsync.connector.ConfigurationProblems;
import io.hrsync.connector.ConfiguredConnector;

/** Ramp as one of the vendors; its flow is routes/vendor-ramp.camel.yaml. */
@ApplicationScoped
@Named("rampConnector")
public class RampConnector extends ConfiguredConnector {

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
        super(config);
        this.config = config;
        this.rules = rules;
    }

    @Override
    public String name() {
        return "ramp";
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
    protected String label() {
        return "Ramp";
    }

    @Override
    protected void check(ConfigurationProblems problems) {
        problems.requireUrl(config.baseUrl(), "base-url");
        problems.requireText(config.clientId(), "client-id");
        problems.requireText(config.clientSecret(), "client-secret");
        problems.require(!config.scopes().isBlank() && !config.scopes().contains(","),
                "hrsync.vendors.ramp.scopes must be a space-separated list of scopes (e.g. users:read users:write)");
        problems.requireRange(config.pageSize(), 2, 100, "page-size");
        problems.requireRange(config.directoryPageSize(), 2, 100, "directory-page-size");
        problems.requireAtLeast(config.tokenRefreshMarginMs(), 0, "token-refresh-margin-ms");
        problems.requireAtLeast(config.createPollIntervalMs(), 1, "create-poll-interval-ms");
        problems.require(config.createTimeoutMs() >= config.createPollIntervalMs(),
                "hrsync.vendors.ramp.create-timeout-ms must be at least create-poll-interval-ms");
        problems.requireAtLeast(config.rateLimitPauseMs(), 0, "rate-limit-pause-ms");
        problems.addAll(roleProblems(rules));
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
