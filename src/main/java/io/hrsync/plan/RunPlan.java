package io.hrsync.plan;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hrsync.hris.FileInspection;

/**
 * A run's plan as the planning pass left it: its id (a hash of the input and every decision), whether
 * the run writes, the guards that tripped and the counts. The decisions themselves are not kept:
 * a later pass makes them again from the same input ({@link PlanWalk#again}) and checks that they
 * are still this plan.
 */
public final class RunPlan {

    private final String planId;
    private final String inputSha256;
    private final boolean writes;
    private final String approvedPlanId;
    private final Path input;
    private final FileInspection inspection;
    private final LocalDate today;
    private final List<String> violations;
    private final Map<String, Map<Change, Long>> changeCounts;
    private final long missingFromHris;
    private final long missingDeactivated;
    private final boolean deactivatesMissing;
    private final Map<String, io.hrsync.rules.ReferenceDemand> references;

    RunPlan(String planId, String inputSha256, boolean writes, String approvedPlanId, Path input, FileInspection inspection,
            LocalDate today, List<String> violations, PlanTally tally, boolean deactivatesMissing) {
        this.planId = planId;
        this.inputSha256 = inputSha256;
        this.writes = writes;
        this.approvedPlanId = approvedPlanId;
        this.input = input;
        this.inspection = inspection;
        this.today = today;
        this.violations = List.copyOf(violations);
        this.changeCounts = tally.changes();
        this.missingFromHris = tally.missingFromHris();
        this.missingDeactivated = tally.missingDeactivated();
        this.deactivatesMissing = deactivatesMissing;
        this.references = Map.copyOf(tally.references());
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

    /** The input file the plan was made from. */
    public Path input() {
        return input;
    }

    public FileInspection inspection() {
        return inspection;
    }

    /** The day the plan was made for (start and end dates are compared with it). */
    public LocalDate today() {
        return today;
    }

    /** Every email in today's file (rejected rows included): they are not orphans. */
    public boolean inHris(String email) {
        return inspection.hasEmail(email);
    }

    /** Whether the file has a row (valid or rejected) with this employee id. */
    public boolean inFile(String employeeId) {
        return inspection.hasEmployeeId(employeeId);
    }

    /** People hrsync knows who are no longer in the file are deactivated for it (hrsync.plan.deactivate-missing=true). */
    public boolean deactivatesMissing() {
        return deactivatesMissing;
    }

    /** How many people no longer in the file are deactivated for it (one outcome per vendor each). */
    public long missingDeactivated() {
        return missingDeactivated;
    }

    /** Why the safety guards stopped the run (empty: none tripped). */
    public List<String> violations() {
        return violations;
    }

    /**
     * What the run's joiners, movers and rehires refer to in a vendor (departments and locations, with
     * how many people each): the rules preflight checks what they map to. None for a vendor the run
     * creates, moves and reactivates nobody in.
     */
    public java.util.Optional<io.hrsync.rules.ReferenceDemand> references(String vendor) {
        return java.util.Optional.ofNullable(references.get(vendor));
    }

    /** vendor → change → how many, for summary.json. */
    public Map<String, Map<Change, Long>> changeCounts() {
        return changeCounts;
    }

    /** The plan section of summary.json. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("planId", planId);
        s.put("approvedPlanId", approvedPlanId);
        s.put("writes", writes);
        s.put("changes", changeCounts);
        s.put("missingFromHris", missingFromHris);
        s.put("missingDeactivated", missingDeactivated);
        s.put("guardViolations", violations);
        return s;
    }
}
