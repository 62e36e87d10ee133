package io.hrsync.queue;

import java.time.Instant;

/** A work item as the state store holds it. {@code attempts} counts claims: above one, an earlier attempt may have written. */
public record WorkItem(long id, String runId, String vendor, String employeeId, String email, long row, String change,
        String action, String dependsOnEmail, String payload, WorkStatus status, int attempts, Instant nextAttemptAt,
        String claimedBy, Instant leaseUntil, String outcome, String vendorUserId, Integer httpStatus, String message) {

    /** Whether an earlier attempt was made whose answer may have been lost (look the account up before a create). */
    public boolean retried() {
        return attempts > 1;
    }
}
