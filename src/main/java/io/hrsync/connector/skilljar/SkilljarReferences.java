package io.hrsync.connector.skilljar;

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
 * Skilljar's references: the groups of {@code departmentGroups} and the published courses of
 * {@code departmentCourses}, checked against the run's lists of them ({@link SkilljarDirectory#groups},
 * {@link SkilljarDirectory#courses}, which the deliveries then use). A course title published more
 * than once to the domain is a problem too: hrsync cannot tell which one to enrol in.
 */
@ApplicationScoped
public class SkilljarReferences implements VendorReferences {

    static final String GROUP = "group";
    static final String COURSE = "course";

    private final VendorRules rules;
    private final SkilljarDirectory directory;

    public SkilljarReferences(ProvisioningRules rules, SkilljarDirectory directory) {
        this.rules = rules.forVendor("skilljar");
        this.directory = directory;
    }

    @Override
    public String vendor() {
        return "skilljar";
    }

    @Override
    public List<RuleReference> needed(ReferenceDemand demand) {
        List<RuleReference> needed = new ArrayList<>(
                RuleReference.fromDepartmentMap(GROUP, "skilljar.departmentGroups", rules.departmentGroups(), demand));
        needed.addAll(RuleReference.fromDepartmentMap(COURSE, "skilljar.departmentCourses", rules.departmentCourses(), demand));
        return needed;
    }

    @Override
    public Collection<String> names(String runId, String kind) {
        return kind.equals(COURSE) ? directory.courses(runId).keySet() : directory.groups(runId).keySet();
    }

    @Override
    public String problem(String runId, RuleReference reference) {
        if (reference.kind().equals(COURSE)) {
            int published = directory.courses(runId).getOrDefault(reference.name(), List.of()).size();
            return published == 1 ? null
                    : published == 0 ? "is not published to the Skilljar domain"
                            : "is published " + published + " times to the Skilljar domain (which one to enrol in?)";
        }
        return VendorReferences.super.problem(runId, reference);
    }
}
