package io.hrsync.connector.skilljar;

import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.hrsync.connector.ConfigurationProblems;
import io.hrsync.connector.ConfiguredConnector;

/** Skilljar as one of the vendors; its flow is routes/vendor-skilljar.camel.yaml. */
@ApplicationScoped
@Named("skilljarConnector")
public class SkilljarConnector extends ConfiguredConnector {

    /** The provisioning-rule keys this vendor acts on (also read by {@code validate}, which starts no bean). */
    public static final java.util.Set<String> SUPPORTED_RULES = java.util.Set.of("departmentGroups", "departmentCourses");

    /** Skilljar's own pattern for a domain name in a path. */
    static final Pattern DOMAIN = Pattern.compile("^[-:.0-9a-z]+$");

    private final SkilljarConfig config;

    public SkilljarConnector(SkilljarConfig config) {
        super(config);
        this.config = config;
    }

    @Override
    public String name() {
        return "skilljar";
    }

    @Override
    public java.util.Set<String> supportedRules() {
        return SUPPORTED_RULES;
    }

    @Override
    protected String label() {
        return "Skilljar";
    }

    @Override
    protected void check(ConfigurationProblems problems) {
        problems.requireUrl(config.baseUrl(), "base-url");
        problems.requireText(config.apiKey(), "api-key");
        problems.requireText(config.domain(), "domain");
        problems.require(config.domain().filter(d -> !d.isBlank()).map(d -> DOMAIN.matcher(d).matches()).orElse(true),
                "hrsync.vendors.skilljar.domain must be a Skilljar domain name (lower case letters, digits, '-', '.', ':')");
        problems.requireRange(config.pageSize(), 1, 1000, "page-size");
        problems.requireRange(config.directoryPageSize(), 1, 1000, "directory-page-size");
    }

    @Override
    public io.hrsync.connector.VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return SkilljarAccounts.toAccount(listedUser);
    }
}
