package io.hrsync.connector.workiva;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.ReferenceDemand;
import io.hrsync.rules.RuleReference;
import io.hrsync.rules.VendorRules;
import io.hrsync.connector.VendorReferences;

/**
 * Workiva's references: the groups of {@code departmentGroups}, checked against the run's one list of
 * the configured workspace's groups ({@link WorkivaDirectory#groups}, which the deliveries then use).
 */
@ApplicationScoped
public class WorkivaReferences implements VendorReferences {

    private final VendorRules rules;
    private final WorkivaDirectory directory;

    public WorkivaReferences(ProvisioningRules rules, WorkivaDirectory directory) {
        this.rules = rules.forVendor(WorkivaTokens.VENDOR);
        this.directory = directory;
    }

    @Override
    public String vendor() {
        return WorkivaTokens.VENDOR;
    }

    @Override
    public List<RuleReference> needed(ReferenceDemand demand) {
        return RuleReference.fromDepartmentMap("group", "workiva.departmentGroups", rules.departmentGroups(), demand);
    }

    @Override
    public Collection<String> names(String runId, String kind) {
        return directory.groups(runId).keySet();
    }
}
