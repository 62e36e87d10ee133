package io.hrsync.queue;

import java.time.Duration;

/**
 * A vendor route started a task that runs on the vendor's side (Ramp's deferred invite) and it is
 * still running: the work item waits in the queue for {@code pollAfter}, noting {@code task} for its
 * next attempt, instead of holding a delivery slot while it sleeps.
 */
public record TaskWait(String task, Duration pollAfter) {
}
