package io.hrsync.queue;

/**
 * One person×vendor change to enqueue. {@code dependsOnEmail} is the manager's email when the
 * manager has an item in the same run and vendor: the item waits for it (a report needs the
 * manager's vendor id), and for nothing else. {@code payload} is what the delivery needs (the person
 * snapshot and the planned change), as text. {@code outcome} set: the item is written DONE (see {@link #decided}).
 */
public record NewWorkItem(String runId, String vendor, String employeeId, String email, long row, String change,
        String action, String dependsOnEmail, String payload, String outcome, String message) {

    /** A change the vendor is to be called for: queued. */
    public NewWorkItem(String runId, String vendor, String employeeId, String email, long row, String change,
            String action, String dependsOnEmail, String payload) {
        this(runId, vendor, employeeId, email, row, change, action, dependsOnEmail, payload, null, null);
    }

    /**
     * A decision the plan made that calls no vendor (no change, out of scope, pending, refused): the
     * item is written finished, with its outcome and note, and no drain ever claims it.
     */
    public static NewWorkItem decided(String runId, String vendor, String employeeId, String email, long row, String change,
            String action, String payload, String outcome, String message) {
        return new NewWorkItem(runId, vendor, employeeId, email, row, change, action, null, payload, outcome, message);
    }
}
