package io.hrsync.plan;

/** An approved plan cannot be applied: it is unknown, already applied, or no longer matches. */
public class PlanRefusedException extends RuntimeException {
    public PlanRefusedException(String message) {
        super(message);
    }
}
