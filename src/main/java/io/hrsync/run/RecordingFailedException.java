package io.hrsync.run;

/**
 * A person×vendor outcome could not be stored (the state store or the disk failed) even after its
 * retries. The vendor may have acted: the run must not end COMPLETED, and the next run, planning from
 * what the state store does hold, looks the account up again before it writes.
 */
public class RecordingFailedException extends RuntimeException {

    public RecordingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
