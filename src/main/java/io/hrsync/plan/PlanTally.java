package io.hrsync.plan;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.hrsync.run.VendorAction;

/**
 * What the guards and summary.json need of a plan, counted as the planning pass goes: people and
 * leavers in the file, per vendor the planned calls by action, the people in scope and the changes.
 */
final class PlanTally implements PlanWalk.Listener {

    private final LocalDate today;
    private long people;
    private long leavers;
    private long missingFromHris;
    private long missingDeactivated;
    private final Map<String, Map<VendorAction, Long>> planned = new HashMap<>();
    private final Map<String, Long> inScope = new HashMap<>();
    private final Map<String, Map<Change, Long>> changes = new TreeMap<>();
    private final Map<String, io.hrsync.rules.ReferenceDemand> references = new TreeMap<>();

    PlanTally(LocalDate today) {
        this.today = today;
    }

    @Override
    public void person(PersonPlan p) {
        if (p.row() == 0) {
            missingDeactivated++;
        } else {
            people++;
            if (!p.person().shouldHaveAccessOn(today)) {
                leavers++;
            }
        }
        p.byVendor().forEach((vendor, c) -> {
            changes.computeIfAbsent(vendor, v -> new TreeMap<>()).merge(c.change(), 1L, Long::sum);
            // every planned call counts, a deactivation of an account hrsync never applied too: on a
            // first run (or a newly enabled vendor) those are exactly the accounts at risk
            if (c.callsVendor()) {
                planned.computeIfAbsent(vendor, v -> new EnumMap<>(VendorAction.class)).merge(c.action(), 1L, Long::sum);
            }
            if (p.row() > 0 && c.change() != Change.OUT_OF_SCOPE) {
                inScope.merge(vendor, 1L, Long::sum);
            }
            // the people the run gives access to (or changes): what they need must exist in the vendor
            if (c.callsVendor() && (c.change() == Change.JOIN || c.change() == Change.MOVE || c.change() == Change.REHIRE)) {
                references.computeIfAbsent(vendor, v -> new io.hrsync.rules.ReferenceDemand()).add(p.person());
            }
        });
    }

    @Override
    public void missing(io.hrsync.hris.Person person) {
        missingFromHris++;
    }

    /** Valid rows of the file. */
    long people() {
        return people;
    }

    /** Valid rows of people who should no longer have access on the plan's day. */
    long leavers() {
        return leavers;
    }

    /** One vendor's planned calls by action. */
    Map<VendorAction, Long> planned(String vendor) {
        return planned.getOrDefault(vendor, Map.of());
    }

    /** People in the file the vendor's scope includes. */
    long inScope(String vendor) {
        return inScope.getOrDefault(vendor, 0L);
    }

    /** vendor → change → how many. */
    Map<String, Map<Change, Long>> changes() {
        return changes;
    }

    /** vendor → what the run's joiners, movers and rehires there refer to (for the rules preflight). */
    Map<String, io.hrsync.rules.ReferenceDemand> references() {
        return references;
    }

    long missingFromHris() {
        return missingFromHris;
    }

    long missingDeactivated() {
        return missingDeactivated;
    }
}
