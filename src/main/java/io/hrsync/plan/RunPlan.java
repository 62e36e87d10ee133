package io.hrsync.plan;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.hrsync.hris.FileInspection;
import io.hrsync.hris.HrisRow;
import io.hrsync.hris.Person;

/**
 * Every decision of one run, made before any vendor write: per valid row and vendor a
 * {@link PlannedChange}, the people no longer in the file, the guards that tripped, and the plan id
 * (a hash of the input and the decisions) an approval names.
 */
public final class RunPlan {

    private final String planId;
    private final String inputSha256;
    private final boolean writes;
    private final String approvedPlanId;
    private final FileInspection inspection;
    private final List<HrisRow> rows;
    private final Map<String, PersonPlan> byEmployeeId = new LinkedHashMap<>();
    private final List<PersonPlan> missingLeavers;
    private final List<Person> missing;
    private final List<String> violations;
    private final Set<String> hrisEmails = new HashSet<>();

    RunPlan(String planId, String inputSha256, boolean writes, String approvedPlanId, FileInspection inspection,
            List<HrisRow> rows, List<PersonPlan> inFile, List<PersonPlan> missingLeavers, List<Person> missing,
            List<String> violations) {
        this.planId = planId;
        this.inputSha256 = inputSha256;
        this.writes = writes;
        this.approvedPlanId = approvedPlanId;
        this.inspection = inspection;
        this.rows = List.copyOf(rows);
        inFile.forEach(p -> byEmployeeId.put(p.person().employeeId(), p));
        missingLeavers.forEach(p -> byEmployeeId.put(p.person().employeeId(), p));
        this.missingLeavers = List.copyOf(missingLeavers);
        this.missing = List.copyOf(missing);
        this.violations = List.copyOf(violations);
        for (HrisRow row : rows) {
            if (row.isValid()) {
                hrisEmails.add(row.person().email());
            } else if (row.email() != null) {
                hrisEmails.add(Person.normaliseEmail(row.email()));
            }
        }
    }

    public String planId() {
        return planId;
    }

    public String inputSha256() {
        return inputSha256;
    }

    /** Whether this run writes to the vendors: apply mode and no tripped guard (or an approved plan). */
    public boolean writes() {
        return writes;
    }

    /** A guard tripped and nothing was approved: the run stops with the plan written. */
    public boolean stoppedByGuards() {
        return !writes && !violations.isEmpty();
    }

    /** The plan id an approval named for this run, or null. */
    public String approvedPlanId() {
        return approvedPlanId;
    }

    /** Every row of the file, valid or rejected, in file order. */
    public List<HrisRow> rows() {
        return rows;
    }

    /** Every email in today's file (rejected rows included): they are not orphans. */
    public boolean inHris(String email) {
        return hrisEmails.contains(email);
    }

    /** The decision for a person (on a valid row, or no longer in the file) in one vendor, or null. */
    public PlannedChange decision(String employeeId, String vendor) {
        PersonPlan plan = byEmployeeId.get(employeeId);
        return plan == null ? null : plan.byVendor().get(vendor);
    }

    /** People no longer in the file to deactivate (only with hrsync.plan.deactivate-missing=true). */
    public List<PersonPlan> missingLeavers() {
        return missingLeavers;
    }

    /** People hrsync knows who are no longer in the file and are not deactivated for it (drift.csv). */
    public List<Person> missing() {
        return missing;
    }

    /** Why the safety guards stopped the run (empty: none tripped). */
    public List<String> violations() {
        return violations;
    }

    /** Every person's decisions, rows first (file order), then people no longer in the file. */
    public List<PersonPlan> people() {
        return List.copyOf(byEmployeeId.values());
    }

    /** vendor → change → how many, for summary.json. */
    public Map<String, Map<Change, Long>> changeCounts() {
        Map<String, Map<Change, Long>> counts = new TreeMap<>();
        for (PersonPlan p : people()) {
            p.byVendor().forEach((vendor, c) -> counts.computeIfAbsent(vendor, v -> new TreeMap<>())
                    .merge(c.change(), 1L, Long::sum));
        }
        return counts;
    }

    /** The plan section of summary.json. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("planId", planId);
        s.put("approvedPlanId", approvedPlanId);
        s.put("writes", writes);
        s.put("changes", changeCounts());
        s.put("missingFromHris", missing.size());
        s.put("missingDeactivated", missingLeavers.size());
        s.put("guardViolations", violations);
        return s;
    }
}
