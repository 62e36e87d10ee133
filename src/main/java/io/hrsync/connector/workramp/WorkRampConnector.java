package io.hrsync.connector.workramp;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.hrsync.connector.ConfigurationProblems;
import io.hrsync.connector.ConfiguredConnector;

/** WorkRamp as one of the vendors; its flow is routes/vendor-workramp.camel.yaml. */
@ApplicationScoped
@Named("workRampConnector")
public class WorkRampConnector extends ConfiguredConnector {

    /** The provisioning-rule keys this vendor acts on (also read by {@code validate}, which starts no bean). */
    public static final java.util.Set<String> SUPPORTED_RULES = java.util.Set.of("departmentGroups", "customAttributes");

    private final WorkRampConfig config;

    public WorkRampConnector(WorkRampConfig config) {
        super(config);
        this.config = config;
    }

    @Override
    public String name() {
        return "workramp";
    }

    @Override
    public java.util.Set<String> supportedRules() {
        return SUPPORTED_RULES;
    }

    /** A WorkRamp user's managers come from the export's manager_email. */
    @Override
    public java.util.Map<String, String> fieldsRead() {
        return java.util.Map.of("manager_email", "managers[] / managerEmails");
    }

    @Override
    protected String label() {
        return "WorkRamp";
    }

    @Override
    protected void check(ConfigurationProblems problems) {
        problems.requireUrl(config.baseUrl(), "base-url");
        problems.requireText(config.apiKey(), "api-key");
        problems.requireRange(config.attributesPageSize(), 1, 200, "attributes-page-size");
        problems.requireRange(config.directoryPageSize(), 1, 100, "directory-page-size");
    }

    @Override
    public io.hrsync.connector.VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return WorkRampAccounts.toAccount(listedUser);
    }
}
