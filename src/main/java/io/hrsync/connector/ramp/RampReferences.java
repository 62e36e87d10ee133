package io.hrsync.connector.ramp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.ReferenceDemand;
import io.hrsync.rules.RuleReference;
import io.hrsync.rules.VendorRules;
import io.hrsync.connector.VendorReferences;

/**
 * Ramp's references: the departments and locations of the run's people (Ramp's connector maps the
 * HRIS {@code department} and {@code location} columns), checked against the run's lists of them
 * ({@link RampDirectory#referenceId}: case-insensitive, as the deliveries resolve them) — only when
 * {@code ramp.createMissingReferences} is off; with it on, a missing one is created by the delivery,
 * which is not a configuration error. Roles need no listing: Ramp's roles are a fixed set in its spec,
 * checked at startup ({@link RampConnector#checkConfiguration}).
 */
@ApplicationScoped
public class RampReferences implements VendorReferences {

    static final String DEPARTMENT = "department";
    static final String LOCATION = "location";
    static final String RULE = "ramp.createMissingReferences: false";

    private final VendorRules rules;
    private final RampDirectory directory;

    public RampReferences(ProvisioningRules rules, RampDirectory directory) {
        this.rules = rules.forVendor(RampDecisions.VENDOR);
        this.directory = directory;
    }

    @Override
    public String vendor() {
        return RampDecisions.VENDOR;
    }

    @Override
    public List<RuleReference> needed(ReferenceDemand demand) {
        if (rules.createMissingReferences()) {
            return List.of();
        }
        List<RuleReference> needed = new ArrayList<>(RuleReference.fromColumnValues(DEPARTMENT, RULE + " (HRIS department)",
                demand.departments()));
        needed.addAll(RuleReference.fromColumnValues(LOCATION, RULE + " (HRIS location)", demand.locations()));
        return needed;
    }

    @Override
    public Collection<String> names(String runId, String kind) {
        return directory.referenceNames(runId, listOf(kind));
    }

    @Override
    public String problem(String runId, RuleReference reference) {
        return directory.referenceId(runId, listOf(reference.kind()), reference.name()).isPresent() ? null
                : "does not exist in Ramp";
    }

    private static String listOf(String kind) {
        return kind.equals(DEPARTMENT) ? RampDirectory.DEPARTMENTS : RampDirectory.LOCATIONS;
    }
}
