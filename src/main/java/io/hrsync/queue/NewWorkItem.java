package io.hrsync.queue;

import io.hrsync.plan.PlannedChange;

/**
 * One person×vendor change to enqueue. {@code dependsOnEmail} is the manager's email: the item waits
 * while the manager has an unfinished item in the same run and vendor (a report needs the manager's
 * vendor id), and for nothing else. {@code payload} is the person snapshot the delivery works from;
 * {@code planned} the change the plan decided (null for a dead letter imported from a file).
 * {@code outcome} set: the item is written DONE (see {@link #decided}).
 */
public record NewWorkItem(String runId, String vendor, String employeeId, String email, long row, String change,
        String action, String dependsOnEmail, String payload, String outcome, String message, PlannedChange planned) {

    /** A change the vendor is to be called for: queued. */
    public NewWorkItem(String runId, String vendor, String employeeId, String email, long row, String change,
            String action, String dependsOnEmail, String payload) {
        this(runId, vendor, employeeId, email, row, change, action, dependsOnEmail, payload, null, null, null);
    }

    /** A change the plan decided that the vendor is to be called for: queued, with the planned change. */
    public static NewWorkItem queued(String runId, String employeeId, String email, long row, String dependsOnEmail,
            String payload, PlannedChange planned) {
        return new NewWorkItem(runId, planned.vendor(), employeeId, email, row, planned.change().name(),
                planned.action().name(), dependsOnEmail, payload, null, null, planned);
    }

    /**
     * A decision the plan made that calls no vendor (no change, out of scope, pending, refused): the
     * item is written finished, with its outcome and note, and no drain ever claims it.
     */
    public static NewWorkItem decided(String runId, String employeeId, String email, long row, String payload,
            PlannedChange planned) {
        return new NewWorkItem(runId, planned.vendor(), employeeId, email, row, planned.change().name(),
                planned.action().name(), null, payload, planned.finalOutcome().name(), planned.note(), planned);
    }
}
