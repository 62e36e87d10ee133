package io.hrsync.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A name the provisioning rules (or a column the vendor's connector maps) make hrsync send to a
 * vendor, which must exist there: a group, a course, a department, a location.
 *
 * @param kind       what it is in the vendor ({@code group}, {@code course}, {@code department}, {@code location})
 * @param name       the name as the rules (or the HRIS file) give it
 * @param ruleKey    the rule that produces it, as the rules file spells it ({@code workramp.departmentGroups})
 * @param mappedFrom the HRIS values that map to it (departments, or the location itself)
 * @param people     how many people this run writes that need it
 */
public record RuleReference(String kind, String name, String ruleKey, List<String> mappedFrom, long people) {

    public RuleReference {
        mappedFrom = List.copyOf(mappedFrom);
    }

    /**
     * Every name of a department → names rule ({@code departmentGroups}, {@code departmentCourses}),
     * each once, with the departments mapping to it and the people of the run in those departments.
     */
    public static List<RuleReference> fromDepartmentMap(String kind, String ruleKey, Map<String, List<String>> byDepartment,
            ReferenceDemand demand) {
        Map<String, List<String>> departmentsByName = new TreeMap<>();
        new TreeMap<>(byDepartment).forEach((department, names) -> names.forEach(
                name -> departmentsByName.computeIfAbsent(name, n -> new ArrayList<>()).add(department)));
        Map<String, Long> people = demand.departments();
        List<RuleReference> references = new ArrayList<>();
        departmentsByName.forEach((name, departments) -> references.add(new RuleReference(kind, name, ruleKey, departments,
                departments.stream().mapToLong(d -> people.getOrDefault(d, 0L)).sum())));
        return references;
    }

    /** Each value of an HRIS column the connector sends as a reference (Ramp's department, location). */
    public static List<RuleReference> fromColumnValues(String kind, String ruleKey, Map<String, Long> peopleByValue) {
        List<RuleReference> references = new ArrayList<>();
        new TreeMap<>(peopleByValue).forEach((value, people) -> references.add(new RuleReference(kind, value, ruleKey,
                List.of(value), people)));
        return references;
    }
}
