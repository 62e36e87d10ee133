package io.hrsync.connector.workiva;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.hrsync.connector.ConfigurationProblems;
import io.hrsync.connector.ConfiguredConnector;

/** Workiva as one of the vendors; its flow is routes/vendor-workiva.camel.yaml. */
@ApplicationScoped
@Named("workivaConnector")
public class WorkivaConnector extends ConfiguredConnector {

    /** The provisioning-rule keys this vendor acts on (also read by {@code validate}, which starts no bean). */
    public static final java.util.Set<String> SUPPORTED_RULES = java.util.Set.of("departmentGroups");

    private static final String PREFIX = "hrsync.vendors.workiva.";

    private final WorkivaConfig config;

    public WorkivaConnector(WorkivaConfig config) {
        super(config);
        this.config = config;
    }

    @Override
    public String name() {
        return "workiva";
    }

    @Override
    public java.util.Set<String> supportedRules() {
        return SUPPORTED_RULES;
    }

    @Override
    protected String label() {
        return "Workiva";
    }

    @Override
    protected void check(ConfigurationProblems problems) {
        problems.requireUrl(config.baseUrl(), "base-url");
        problems.requireText(config.clientId(), "client-id");
        problems.requireText(config.clientSecret(), "client-secret");
        problems.requireText(config.organizationId(), "organization-id");
        problems.requireText(config.workspaceId(), "workspace-id");
        problems.requireUrl(config.scimBaseUrl(), "scim-base-url");
        problems.requireText(config.scimToken(), "scim-token");
        if (config.tokenUrl().filter(u -> !u.isBlank()).isPresent()) {
            problems.requireUrl(config.tokenUrl(), "token-url");
        }
        problems.require(!config.apiVersion().isBlank(), PREFIX + "api-version must not be blank (Workiva's API version, e.g. 2026-01-01)");
        problems.requireRange(config.pageSize(), 1, 1000, "page-size");
        problems.requireRange(config.directoryPageSize(), 1, 1000, "directory-page-size");
    }

    @Override
    public io.hrsync.connector.VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return WorkivaAccounts.toAccount(listedUser);
    }
}
