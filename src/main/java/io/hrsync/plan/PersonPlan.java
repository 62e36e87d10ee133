package io.hrsync.plan;

import java.util.Map;

import io.hrsync.hris.Person;

/**
 * The decisions for one person, one per enabled vendor.
 *
 * @param row      the input row (header = 1), or 0 for a person no longer in the file
 * @param snapshot the person as the state store and the work items keep them ({@code PersonSnapshots})
 */
public record PersonPlan(long row, Person person, String snapshot, Map<String, PlannedChange> byVendor) {
}
