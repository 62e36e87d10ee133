package io.hrsync.connector.workiva;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.hrsync.connector.VendorConnector;

/** Workiva as one of the vendors; its flow is routes/vendor-workiva.camel.yaml. */
@ApplicationScoped
@Named("workivaConnector")
public class WorkivaConnector implements VendorConnector {

    /** The provisioning-rule keys this vendor acts on (also read by {@code validate}, which starts no bean). */
    public static final java.util.Set<String> SUPPORTED_RULES = java.util.Set.of("departmentGroups");

    private static final String PREFIX = "hrsync.vendors.workiva.";

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
        requireUrl(config.baseUrl(), "base-url");
        requireText(config.clientId(), "client-id");
        requireText(config.clientSecret(), "client-secret");
        requireText(config.organizationId(), "organization-id");
        requireText(config.workspaceId(), "workspace-id");
        requireUrl(config.scimBaseUrl(), "scim-base-url");
        requireText(config.scimToken(), "scim-token");
        if (config.tokenUrl().filter(u -> !u.isBlank()).isPresent()) {
            requireUrl(config.tokenUrl(), "token-url");
        }
        require(!config.apiVersion().isBlank(), PREFIX + "api-version must not be blank (Workiva's API version, e.g. 2026-01-01)");
        require(config.rateLimit() >= 1, PREFIX + "rate-limit must be at least 1");
        require(config.ratePeriodMs() >= 1, PREFIX + "rate-period-ms must be at least 1");
        require(config.pageSize() >= 1 && config.pageSize() <= 1000, PREFIX + "page-size must be 1-1000");
        require(config.directoryPageSize() >= 1 && config.directoryPageSize() <= 1000,
                PREFIX + "directory-page-size must be 1-1000");
    }

    private static void requireText(Optional<String> value, String property) {
        require(value.filter(v -> !v.isBlank()).isPresent(), PREFIX + property + " is required when Workiva is enabled");
    }

    private static void requireUrl(Optional<String> value, String property) {
        requireText(value, property);
        String url = value.get().trim();
        boolean ok;
        try {
            URI uri = URI.create(url);
            ok = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        require(ok, PREFIX + property + " must be an http(s) URL (got '" + url + "')");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public io.hrsync.connector.VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return WorkivaAccounts.toAccount(listedUser);
    }
}
