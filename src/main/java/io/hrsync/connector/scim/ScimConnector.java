package io.hrsync.connector.scim;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.connector.ConfigurationProblems;
import io.hrsync.connector.VendorAccount;
import io.hrsync.connector.VendorConnector;
import io.hrsync.rules.VendorRules;

/** One configured SCIM app as a vendor; its flow is the route templates of routes/vendor-scim.camel.yaml. */
public final class ScimConnector implements VendorConnector {

    /** The provisioning-rule keys a SCIM app acts on. */
    public static final Set<String> SUPPORTED_RULES = Set.of("departmentGroups", "customAttributes");

    private final ScimTarget target;
    private final VendorRules rules;

    public ScimConnector(ScimTarget target, VendorRules rules) {
        this.target = target;
        this.rules = rules;
    }

    public ScimTarget target() {
        return target;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public boolean enabled() {
        return target.enabled();
    }

    @Override
    public Set<String> supportedRules() {
        return SUPPORTED_RULES;
    }

    @Override
    public Map<String, String> fieldsRead() {
        return Map.of("department", ScimAttributes.ENTERPRISE_PREFIX + "department", "manager_email", ScimAttributes.MANAGER);
    }

    @Override
    public int concurrency() {
        return target.concurrency();
    }

    @Override
    public long ratePeriodMs() {
        return target.ratePeriodMs();
    }

    @Override
    public void checkConfiguration() {
        ConfigurationProblems problems = new ConfigurationProblems(name(), name());
        problems.addAll(target.problems());
        rules.customAttributes().keySet().stream().filter(path -> !ScimAttributes.mappable(path))
                .forEach(path -> problems.require(false, name() + ".customAttributes: '" + path + "' is not a SCIM attribute hrsync can write"
                        + " (a core attribute such as title, or " + ScimAttributes.ENTERPRISE_PREFIX + "<costCenter|organization|division|department|employeeNumber>)"));
        problems.throwIfAny();
    }

    @Override
    public VendorAccount accountOf(JsonNode listedUser) {
        return ScimAccounts.toAccount(listedUser);
    }

    @Override
    public String employeeIdOf(JsonNode listedUser) {
        return listedUser.path("externalId").asText(null);
    }
}
