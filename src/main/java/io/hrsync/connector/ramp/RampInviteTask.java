package io.hrsync.connector.ramp;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.run.Outcome;

/**
 * Ramp's invite is a deferred task (shared/vendors/ramp.md: {@code POST /users/deferred} answers a task
 * id, not the user; the guide's "returns the user INVITE_PENDING" is wrong): how a poll of it reads,
 * and what its end means for the row.
 */
public final class RampInviteTask {

    /** The task is still running: the work item waits for the next poll. */
    public static final String PENDING = "PENDING";
    /** Still running after the timeout (and enough polls): the row fails, the next run resumes the task. */
    public static final String TIMEOUT = "TIMEOUT";
    static final String SUCCESS = "SUCCESS";
    static final String ERROR = "ERROR";

    /**
     * A task is given up only after this many polls as well as the timeout: a poll can wait at
     * hrsync's own Ramp rate gate (180 calls / 10 s) for seconds, and that wait is not Ramp being slow
     * (measured: with 40 joiners the 30th invite's second poll waited 5 s at the gate and timed out).
     */
    static final int MIN_POLLS_BEFORE_TIMEOUT = 3;

    private RampInviteTask() {
    }

    /**
     * The task's state after a poll: SUCCESS or ERROR as Ramp says; TIMEOUT once the deadline has passed
     * and it was polled at least {@link #MIN_POLLS_BEFORE_TIMEOUT} times; otherwise PENDING.
     *
     * @param status the poll's {@code status} (STARTED, IN_PROGRESS, ERROR, SUCCESS)
     * @param polls the polls so far, this one included
     */
    public static String stateAfterPoll(String status, int polls, long nowMs, long deadlineMs) {
        if (status.equals(SUCCESS) || status.equals(ERROR)) {
            return status;
        }
        return polls >= MIN_POLLS_BEFORE_TIMEOUT && nowMs >= deadlineMs ? TIMEOUT : PENDING;
    }

    /**
     * What the task's end means for the row: APPLIED with the new user's id (INVITE_PENDING until they
     * accept), or FAILED with Ramp's reason or the timeout.
     *
     * @param state SUCCESS, ERROR or TIMEOUT ({@link #stateAfterPoll})
     * @param task the last poll's answer ({@code {status, data:{user_id, error}}})
     * @param lastStatus the last poll's status
     * @param timeoutMs {@code hrsync.vendors.ramp.create-timeout-ms}
     */
    public static End end(String taskId, String state, JsonNode task, String lastStatus, long timeoutMs) {
        if (SUCCESS.equals(state) && task.path("data").hasNonNull("user_id")) {
            return new End(Outcome.APPLIED, task.path("data").path("user_id").asText(),
                    "invited: INVITE_PENDING until they accept Ramp's invite");
        }
        if (ERROR.equals(state) || SUCCESS.equals(state)) {
            return new End(Outcome.FAILED, null, "Ramp's invite task " + taskId + " ended in " + state + ": "
                    + task.path("data").path("error").asText("no user and no error given"));
        }
        return new End(Outcome.FAILED, null, "Ramp's invite task " + taskId + " was still " + lastStatus
                + " after " + timeoutMs + " ms (hrsync.vendors.ramp.create-timeout-ms); the next run"
                + " resumes the same task (same idempotency key)");
    }

    /** The row after the task: APPLIED with the invited user's id, or FAILED (no user id); the note says which. */
    public record End(Outcome outcome, String userId, String note) {
    }
}
