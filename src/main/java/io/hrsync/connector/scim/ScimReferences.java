package io.hrsync.connector.scim;

import java.util.Collection;
import java.util.List;

import io.hrsync.connector.VendorReferences;
import io.hrsync.rules.ReferenceDemand;
import io.hrsync.rules.RuleReference;
import io.hrsync.rules.VendorRules;

/** A SCIM app's references: the groups of {@code departmentGroups}, by displayName, against its /Groups. */
final class ScimReferences implements VendorReferences {

    private final ScimTarget target;
    private final String vendor;
    private final VendorRules rules;
    private final ScimGroups groups;

    ScimReferences(ScimTarget target, VendorRules rules, ScimGroups groups) {
        this.target = target;
        this.vendor = target.name();
        this.rules = rules;
        this.groups = groups;
    }

    @Override
    public String vendor() {
        return vendor;
    }

    @Override
    public List<RuleReference> needed(ReferenceDemand demand) {
        return RuleReference.fromDepartmentMap("group", vendor + ".departmentGroups", rules.departmentGroups(), demand);
    }

    @Override
    public Collection<String> names(String runId, String kind) {
        return groups.ids(runId, target).keySet();
    }
}
