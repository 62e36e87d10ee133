package io.hrsync.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;

/**
 * A stopping process hands its runs over to the next one (issue 13, graceful shutdown): the vendor
 * calls in flight may finish (up to {@code hrsync.shutdown.timeout-seconds} less a margin), then the
 * items it claimed but had not begun go back to the queue untried (their attempt not counted), and its
 * runs' heartbeats are marked gone, so the next run on any host resumes them at once instead of after
 * the heartbeat timeout. A call still in flight at the end keeps its claim: its lease protects it from
 * being sent twice at the same time, and the run that resumes it looks the account up first.
 *
 * <p>The run's own exchange is then held until the process exits (see {@link #holdUntilExit}): ending
 * it would let the file consumer move the input to .done or .error as if the run had finished; left
 * in the inbox, the file is picked up again by the next process, whose run resumes this one.
 */
@ApplicationScoped
public class RunHandOver {

    private static final Logger LOG = Logger.getLogger(RunHandOver.class);
    /** Left of the shutdown timeout for the hand-over's own writes and Camel's forced stop. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private final WorkQueue queue;
    private final WorkRuns runs;
    private final VendorDrains drains;
    private final Duration timeout;
    private boolean handedOver;

    public RunHandOver(WorkQueue queue, WorkRuns runs, VendorDrains drains, HrsyncConfig config) {
        this.queue = queue;
        this.runs = runs;
        this.drains = drains;
        this.timeout = Duration.ofSeconds(config.shutdown().timeoutSeconds());
    }

    /** Once per process: waits for the calls in flight, then gives back what was not begun and marks the runs gone. */
    public synchronized void handOver() {
        if (handedOver) {
            return;
        }
        handedOver = true;
        Instant deadline = Instant.now().plus(timeout).minus(MARGIN);
        while (drains.begun().size() > 0 && Instant.now().isBefore(deadline)) {
            pause(100);
        }
        // claimed items not begun are refused by VendorDrains.begin from now on (they stay claimed until
        // handed back below); the calls in flight have had their time
        Set<Long> inFlight = drains.begun();
        int queued = queue.handBack(inFlight);
        int handed = runs.handOver();
        LOG.infof("hrsync is stopping: %d claimed item(s) back in the queue, %d vendor call(s) still in flight keep their claim, "
                + "%d run(s) left for the next process to resume", queued, inFlight.size(), handed);
    }

    /** Holds the calling run's exchange until the process exits (its input file stays in the inbox). */
    public void holdUntilExit() {
        while (true) {
            pause(1000); // Camel's forced stop interrupts this thread: it keeps waiting, the JVM exits around it
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            // not stopping early: the run must not end (see the class comment)
        }
    }
}
