package io.hrsync.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * A new run resuming the runs that were interrupted (their process died mid-delivery, see
 * {@link WorkRuns#interrupted}). For each person×vendor of the new plan, the interrupted run's
 * item planned from the same person data is adopted instead of a new item: a finished one keeps its
 * outcome (it is never done again), an unfinished one is queued in the new run with its attempts and
 * action (a create in flight when the process died is looked up before it is retried). An item whose
 * person data changed, or whose person is no longer planned, is cancelled: the new plan decides.
 *
 * <p>The interrupted runs' items are held in memory while the new plan is written (one map entry per
 * item), as the plan itself is today.
 */
final class Resumption {

    private static final Logger LOG = Logger.getLogger(Resumption.class);
    private static final int BATCH = 500;

    private final WorkQueue queue;
    private final WorkRuns runs;
    private final String runId;
    private final Map<String, WorkItem> earlier = new HashMap<>();
    private final Map<String, List<WorkQueue.Adoption>> pending = new LinkedHashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>(); // kept, continued

    private Resumption(WorkQueue queue, WorkRuns runs, String runId) {
        this.queue = queue;
        this.runs = runs;
        this.runId = runId;
    }

    /** Takes over every interrupted run no other process has taken (oldest first: a later one's items win). */
    static Resumption of(WorkQueue queue, WorkRuns runs, String runId) {
        Resumption r = new Resumption(queue, runs, runId);
        for (String interrupted : runs.interrupted()) {
            if (runs.takeOver(interrupted, runId)) {
                r.counts.put(interrupted, new long[2]);
                r.pending.put(interrupted, new ArrayList<>());
                queue.forEachItemOf(interrupted, item -> r.earlier.put(key(item.vendor(), item.employeeId()), item));
                LOG.infof("run %s resumes run %s, which was interrupted", runId, interrupted);
            }
        }
        return r;
    }

    /**
     * The interrupted run's item this run adopts for the person×vendor, as it will stand in this run
     * (its row in this file; a finished one's message says which run delivered it); empty when there
     * is none planned from the same person data.
     */
    Optional<WorkItem> adopt(String vendor, String employeeId, String payload, long row) {
        WorkItem item = earlier.remove(key(vendor, employeeId));
        if (item == null || !item.payload().equals(payload) || "CANCELLED".equals(item.outcome())) {
            return Optional.empty();
        }
        boolean finished = item.status() == WorkStatus.DONE || item.status() == WorkStatus.DEAD;
        String message = finished ? "delivered by run " + item.runId() + " before it was interrupted"
                + (item.message() == null || item.message().isBlank() ? "" : "; " + item.message()) : item.message();
        List<WorkQueue.Adoption> batch = pending.get(item.runId());
        batch.add(new WorkQueue.Adoption(item.id(), row, message));
        counts.get(item.runId())[finished ? 0 : 1]++;
        if (batch.size() >= BATCH) {
            queue.adopt(item.runId(), runId, batch);
            batch.clear();
        }
        return Optional.of(new WorkItem(item.id(), runId, item.vendor(), item.employeeId(), item.email(), row, item.change(),
                item.action(), item.dependsOnEmail(), item.payload(), finished ? item.status() : WorkStatus.QUEUED,
                item.attempts(), item.nextAttemptAt(), null, null, item.outcome(), item.vendorUserId(), item.httpStatus(),
                message, item.pendingTask()));
    }

    /** Moves what is still pending, cancels what was not adopted, and says per interrupted run what happened. */
    List<ResumedRun> finish() {
        List<ResumedRun> resumed = new ArrayList<>();
        pending.forEach((interrupted, batch) -> {
            queue.adopt(interrupted, runId, batch);
            int cancelled = queue.cancelInterrupted(interrupted, runId);
            runs.closeInterrupted(interrupted);
            long[] c = counts.get(interrupted);
            LOG.infof("run %s resumed run %s: %d finished item(s) kept, %d unfinished delivered now, %d cancelled "
                    + "(person data changed or no longer planned)", runId, interrupted, c[0], c[1], cancelled);
            resumed.add(new ResumedRun(interrupted, c[0], c[1], cancelled));
        });
        earlier.clear();
        return resumed;
    }

    private static String key(String vendor, String employeeId) {
        return vendor + '\u0000' + employeeId;
    }

    /** What a run did with one interrupted run (for summary.json). */
    record ResumedRun(String run, long finishedKept, long unfinishedContinued, long cancelled) {
    }
}
