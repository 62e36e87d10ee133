package io.hrsync.queue;

/** The state store could not do what the work queue asked (the caller decides whether to try again). */
public class WorkQueueException extends RuntimeException {

    public WorkQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
