package io.hrsync.queue;

import java.time.Instant;

import io.hrsync.plan.Change;
import io.hrsync.plan.PlannedChange;
import io.hrsync.run.VendorAction;

/**
 * A work item as the state store holds it. {@code attempts} counts claims: above one, an earlier
 * attempt may have written. {@code pendingTask}: a vendor task this item waits for (Ramp's deferred
 * invite), polled by its next attempt. The last four are the rest of the planned change ({@link #planned}).
 */
public record WorkItem(long id, String runId, String vendor, String employeeId, String email, long row, String change,
        String action, String dependsOnEmail, String payload, WorkStatus status, int attempts, Instant nextAttemptAt,
        String claimedBy, Instant leaseUntil, String outcome, String vendorUserId, Integer httpStatus, String message,
        String pendingTask, String planNote, String previousEmail, String snapshotHash, Boolean managed) {

    /**
     * The change the run's plan decided for this item, as it was written; null for an item written
     * before the plan travelled with its items (work_item.snapshot_hash NULL): such an item is
     * delivered as a replay's is, decided from the vendor's lookup.
     */
    public PlannedChange planned() {
        if (snapshotHash == null) {
            return null;
        }
        return new PlannedChange(vendor, Change.valueOf(change), VendorAction.valueOf(action), null, planNote, previousEmail,
                snapshotHash, Boolean.TRUE.equals(managed));
    }

    /** Whether an earlier attempt was made whose answer may have been lost (look the account up before a create). */
    public boolean retried() {
        return attempts > 1;
    }

    /**
     * What to keep as the item's action when this attempt fails: the action it decided (it may have
     * been written), else what an earlier attempt decided; NONE when nothing was decided yet.
     */
    public String actionThatMayHaveBeenWritten(VendorAction decidedNow) {
        if (decidedNow != null && decidedNow != VendorAction.NONE) {
            return decidedNow.name();
        }
        return retried() ? action : VendorAction.NONE.name();
    }

    /** Whether an earlier attempt decided to create the account (and may have): see {@link #actionThatMayHaveBeenWritten}. */
    public boolean earlierAttemptCreated() {
        return retried() && VendorAction.CREATE.name().equals(action);
    }
}
