package io.hrsync.connector.workramp;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.hrsync.connector.VendorConnector;

/** WorkRamp as one of the vendors; its flow is routes/vendor-workramp.camel.yaml. */
@ApplicationScoped
@Named("workRampConnector")
public class WorkRampConnector implements VendorConnector {

    /** The provisioning-rule keys this vendor acts on (also read by {@code validate}, which starts no bean). */
    public static final java.util.Set<String> SUPPORTED_RULES = java.util.Set.of("departmentGroups", "customAttributes");

    private final WorkRampConfig config;

    public WorkRampConnector(WorkRampConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "workramp";
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
    public void checkConfiguration() {
        require(config.baseUrl().isPresent(), "hrsync.vendors.workramp.base-url is required when WorkRamp is enabled");
        require(config.apiKey().filter(k -> !k.isBlank()).isPresent(),
                "hrsync.vendors.workramp.api-key is required when WorkRamp is enabled");
        require(config.attributesPageSize() >= 1 && config.attributesPageSize() <= 200,
                "hrsync.vendors.workramp.attributes-page-size must be 1-200");
        require(config.directoryPageSize() >= 1 && config.directoryPageSize() <= 100,
                "hrsync.vendors.workramp.directory-page-size must be 1-100");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public io.hrsync.connector.VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return WorkRampAccounts.toAccount(listedUser);
    }
}
