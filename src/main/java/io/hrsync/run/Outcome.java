package io.hrsync.run;

/** What became of one person×vendor decision. */
public enum Outcome {
    APPLIED,
    UNCHANGED,
    /** Plan mode, or a run a guard stopped: the change was planned, not made. */
    PLANNED,
    /** A future-dated joiner: nothing is done before the join lead time. */
    PENDING,
    /** Refused by a safety rule: a protected account, or an operation configuration did not enable. */
    REFUSED,
    FAILED,
    DEAD_LETTERED,
    SKIPPED;

    public boolean isFailure() {
        return this == FAILED || this == DEAD_LETTERED;
    }
}
