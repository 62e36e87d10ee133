package io.hrsync.connector.skilljar;

import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.hrsync.connector.VendorConnector;

/** Skilljar as one of the vendors; its flow is routes/vendor-skilljar.camel.yaml. */
@ApplicationScoped
@Named("skilljarConnector")
public class SkilljarConnector implements VendorConnector {

    /** The provisioning-rule keys this vendor acts on (also read by {@code validate}, which starts no bean). */
    public static final java.util.Set<String> SUPPORTED_RULES = java.util.Set.of("departmentGroups", "departmentCourses");

    /** Skilljar's own pattern for a domain name in a path. */
    static final Pattern DOMAIN = Pattern.compile("^[-:.0-9a-z]+$");

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
        return SUPPORTED_RULES;
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
    public void checkConfiguration() {
        require(config.baseUrl().filter(u -> !u.isBlank()).isPresent(),
                "hrsync.vendors.skilljar.base-url is required when Skilljar is enabled");
        require(config.apiKey().filter(k -> !k.isBlank()).isPresent(),
                "hrsync.vendors.skilljar.api-key is required when Skilljar is enabled");
        require(config.domain().filter(d -> !d.isBlank()).isPresent(),
                "hrsync.vendors.skilljar.domain is required when Skilljar is enabled");
        require(DOMAIN.matcher(config.domain().orElseThrow()).matches(),
                "hrsync.vendors.skilljar.domain must be a Skilljar domain name (lower case letters, digits, '-', '.', ':')");
        require(config.pageSize() >= 1 && config.pageSize() <= 1000, "hrsync.vendors.skilljar.page-size must be 1-1000");
        require(config.directoryPageSize() >= 1 && config.directoryPageSize() <= 1000,
                "hrsync.vendors.skilljar.directory-page-size must be 1-1000");
        require(config.rateLimit() >= 1, "hrsync.vendors.skilljar.rate-limit must be at least 1");
        require(config.ratePeriodMs() >= 1, "hrsync.vendors.skilljar.rate-period-ms must be at least 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public io.hrsync.connector.VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return SkilljarAccounts.toAccount(listedUser);
    }
}
