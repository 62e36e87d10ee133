package io.hrsync.queue;

/** Where a work item stands; DONE and DEAD are terminal (replay turns DEAD back into QUEUED). */
public enum WorkStatus {
    /** Waiting for its next attempt time (and for its manager's item in the same vendor). */
    QUEUED,
    /** A drain holds it until its lease runs out. */
    CLAIMED,
    /** Its outcome is recorded. */
    DONE,
    /** Retries exhausted: a dead letter. */
    DEAD;

    public boolean terminal() {
        return this == DONE || this == DEAD;
    }
}
