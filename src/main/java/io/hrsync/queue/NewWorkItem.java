package io.hrsync.queue;

/**
 * One person×vendor change to enqueue. {@code dependsOnEmail} is the manager's email when the
 * manager has an item in the same run and vendor: the item waits for it (a report needs the
 * manager's vendor id), and for nothing else. {@code payload} is what the delivery needs (the person
 * snapshot and the planned change), as text.
 */
public record NewWorkItem(String runId, String vendor, String employeeId, String email, long row, String change,
        String action, String dependsOnEmail, String payload) {
}
