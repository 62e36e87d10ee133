package io.hrsync.run;

/** How a run ended, and the exit code run-once mode reports for it. */
public enum RunStatus {
    COMPLETED(0),
    COMPLETED_WITH_FAILURES(1),
    REJECTED(2),
    ABORTED(2),
    /** The run's result files could not be written: what happened is in the log and the state store only. */
    FAILED(4);

    private final int exitCode;

    RunStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
