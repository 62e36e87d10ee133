package io.hrsync.state;

/**
 * A plan as the state store keeps it.
 *
 * @param status {@code PLANNED} (plan mode), {@code ABORTED} (a guard stopped it), {@code APPLIED}
 *               (its run wrote it; also for plans that needed no approval)
 */
public record PlanRecord(String planId, String runId, String inputFile, String inputSha256, String status,
        String reason, String appliedRunId) {
}
