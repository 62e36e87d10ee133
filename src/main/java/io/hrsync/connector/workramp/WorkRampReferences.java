package io.hrsync.connector.workramp;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.ReferenceDemand;
import io.hrsync.rules.RuleReference;
import io.hrsync.rules.VendorRules;
import io.hrsync.connector.VendorReferences;

/**
 * WorkRamp's references: the groups of {@code departmentGroups}, checked against the run's one list of
 * WorkRamp's groups ({@link WorkRampDirectory#groups}, the same list the deliveries resolve ids from).
 * Custom attributes are not listed here: WorkRamp has no call that lists the attributes configured in
 * its admin UI (only users with their values), so they are held to {@code allowedCustomAttributes} at startup.
 */
@ApplicationScoped
public class WorkRampReferences implements VendorReferences {

    static final String GROUP = "group";

    private final VendorRules rules;
    private final WorkRampDirectory directory;

    public WorkRampReferences(ProvisioningRules rules, WorkRampDirectory directory) {
        this.rules = rules.forVendor("workramp");
        this.directory = directory;
    }

    @Override
    public String vendor() {
        return "workramp";
    }

    @Override
    public List<RuleReference> needed(ReferenceDemand demand) {
        return RuleReference.fromDepartmentMap(GROUP, "workramp.departmentGroups", rules.departmentGroups(), demand);
    }

    @Override
    public Collection<String> names(String runId, String kind) {
        return directory.groups(runId).keySet();
    }
}
