package io.hrsync.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.hrsync.run.ActionRecord;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

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
    private final Map<String, TakenOver> takenOver = new LinkedHashMap<>();

    /** One interrupted run this run took over: its adoptions not yet moved, and what was adopted. */
    private static final class TakenOver {
        final List<WorkQueue.Adoption> batch = new ArrayList<>();
        long kept;
        long continued;
    }

    /** An item adopted: the outcome it had reached when its run was interrupted (empty: this run delivers it). */
    record Adopted(Optional<ActionRecord> finishedOutcome) {
    }

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
                r.takenOver.put(interrupted, new TakenOver());
                queue.forEachItem(interrupted, item -> r.earlier.put(key(item.vendor(), item.employeeId()), item));
                LOG.infof("run %s resumes run %s, which was interrupted", runId, interrupted);
            }
        }
        return r;
    }

    /**
     * Whether this run adopts the interrupted run's item for the person×vendor (at its row in this
     * file), and the outcome it had reached if it was finished (its message says which run delivered
     * it); empty when there is none planned from the same person data.
     */
    Optional<Adopted> adopt(String vendor, String employeeId, String payload, long row) {
        WorkItem item = earlier.remove(key(vendor, employeeId));
        if (item == null || !item.payload().equals(payload) || "CANCELLED".equals(item.outcome())) {
            return Optional.empty();
        }
        boolean finished = item.status() == WorkStatus.DONE || item.status() == WorkStatus.DEAD;
        String message = finished ? "delivered by run " + item.runId() + " before it was interrupted"
                + (item.message() == null || item.message().isBlank() ? "" : "; " + item.message()) : item.message();
        TakenOver from = takenOver.get(item.runId());
        from.batch.add(new WorkQueue.Adoption(item.id(), row, message));
        if (from.batch.size() >= BATCH) {
            queue.adopt(item.runId(), runId, from.batch);
            from.batch.clear();
        }
        if (!finished) {
            from.continued++;
            return Optional.of(new Adopted(Optional.empty()));
        }
        from.kept++;
        return Optional.of(new Adopted(Optional.of(new ActionRecord(runId, row, item.employeeId(), item.email(), vendor,
                item.change(), VendorAction.valueOf(item.action()), Outcome.valueOf(item.outcome()), item.vendorUserId(),
                item.httpStatus(), message))));
    }

    /** Moves what is still pending, cancels what was not adopted, and says per interrupted run what happened. */
    List<ResumedRun> finish() {
        List<ResumedRun> resumed = new ArrayList<>();
        takenOver.forEach((interrupted, from) -> {
            queue.adopt(interrupted, runId, from.batch);
            int cancelled = queue.cancelInterrupted(interrupted, runId);
            runs.closeInterrupted(interrupted);
            LOG.infof("run %s resumed run %s: %d finished item(s) kept, %d unfinished delivered now, %d cancelled "
                    + "(person data changed or no longer planned)", runId, interrupted, from.kept, from.continued, cancelled);
            resumed.add(new ResumedRun(interrupted, from.kept, from.continued, cancelled));
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
