package io.hrsync.plan;

import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * The decision for one person in one vendor.
 *
 * @param action        what the vendor will be asked to do
 * @param finalOutcome  the outcome when no vendor call is needed ({@code UNCHANGED}, {@code PENDING},
 *                      {@code REFUSED}, {@code SKIPPED}); {@code null} when the vendor route must run
 * @param note          why, for actions.csv
 * @param previousEmail the email the account was last applied under, when the HRIS email changed
 * @param snapshotHash  the person snapshot (with this vendor's rules) this decision applies
 * @param managed       whether hrsync manages a working account for them in this vendor today
 */
public record PlannedChange(String vendor, Change change, VendorAction action, io.hrsync.run.Outcome finalOutcome,
        String note, String previousEmail, String snapshotHash, boolean managed) {

    public boolean callsVendor() {
        return finalOutcome == null;
    }

    /** The same decision, refused (a protected account, or an operation configuration did not enable). */
    public PlannedChange refused(String why) {
        return new PlannedChange(vendor, change, action, Outcome.REFUSED, why, previousEmail, snapshotHash, managed);
    }

    /** A stable text of the decision, for the plan id. */
    public String fingerprint() {
        return vendor + ":" + change + ":" + action + ":" + (finalOutcome == null ? "" : finalOutcome) + ":" + snapshotHash;
    }
}
