package io.hrsync.run;

/** What became of one person×vendor decision. */
public enum Outcome {
    APPLIED,
    UNCHANGED,
    PLANNED,
    FAILED,
    DEAD_LETTERED,
    SKIPPED;

    public boolean isFailure() {
        return this == FAILED || this == DEAD_LETTERED;
    }
}
