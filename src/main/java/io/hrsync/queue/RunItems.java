package io.hrsync.queue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.hrsync.app.ProcessStopping;
import io.hrsync.config.HrsyncConfig;
import io.hrsync.delivery.DeadLetters;
import io.hrsync.hris.Person;
import io.hrsync.plan.PersonPlan;
import io.hrsync.plan.PlanWalk;
import io.hrsync.plan.PlannedChange;
import io.hrsync.plan.RunPlan;
import io.hrsync.run.ActionRecord;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.RunLedger;
import io.hrsync.run.VendorAction;

/**
 * A run's plan as work items: every person×vendor decision becomes one item (those that call no
 * vendor too, so every decision ends in exactly one recorded outcome the same way), carrying the
 * planned change the vendor route decides from, and a report's item depends on their manager's item
 * in the same vendor. The runs this process is delivering are kept here.
 */
@ApplicationScoped
@Named("runItems")
public class RunItems {

    private static final Logger LOG = Logger.getLogger(RunItems.class);
    private static final int BATCH = 500;

    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

    private final WorkQueue queue;
    private final WorkRuns workRuns;
    private final ProcessStopping stopping;
    private final RunHandOver handOver;
    private final RunLedger ledger;
    private final DeadLetters deadLetters;
    private final HrsyncConfig.Replay replay;
    private final PlanWalk walk;
    private final ReplayPlanner replays;
    private final Map<String, Delivery> delivering = new ConcurrentHashMap<>();
    private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();

    public RunItems(WorkQueue queue, WorkRuns workRuns, RunLedger ledger, DeadLetters deadLetters, HrsyncConfig config,
            PlanWalk walk, ReplayPlanner replays, ProcessStopping stopping, RunHandOver handOver) {
        this.stopping = stopping;
        this.handOver = handOver;
        this.walk = walk;
        this.replays = replays;
        this.queue = queue;
        this.workRuns = workRuns;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.replay = config.replay();
    }

    /**
     * Writes the plan's items, in batches, as a second pass over the plan makes its decisions again
     * ({@link PlanWalk#again}: refused, and the items written cancelled, when they are no longer the
     * plan's), and starts delivering the run. When an earlier run was interrupted (its process died),
     * this run resumes it: the earlier run's item for the same person and vendor, planned from the same
     * person data, is adopted instead of a new one (see {@link Resumption}): what it finished is kept,
     * what it had not finished is delivered by this run.
     */
    public void enqueue(String runId, RunPlan plan) {
        workRuns.start(runId, ledger.inputSha256(runId));
        ItemWriter items = new ItemWriter(runId, Resumption.of(queue, workRuns, runId));
        try {
            walk.again(plan, items);
        } catch (RuntimeException e) {
            int cancelled = queue.cancel(runId, "run " + runId + " stopped while its work items were written: " + e.getMessage());
            workRuns.end(runId);
            LOG.warnf("run %s: %d work item(s) written before it stopped, cancelled", runId, cancelled);
            throw e;
        }
        items.flush();
        items.resumption.finish()
                .forEach(r -> ledger.resumed(runId, r.run(), r.finishedKept(), r.unfinishedContinued(), r.cancelled()));
        // only now do the drains see the run: every item (and every manager's item) is in place
        delivering.put(runId, new Delivery(plan));
        LOG.infof("run %s: %d work items queued", runId, items.written);
    }

    /** The second pass's listener: each decision becomes an item (or adopts an interrupted run's), written a batch at a time. */
    private final class ItemWriter implements PlanWalk.Listener {
        private final String runId;
        private final Resumption resumption;
        private final List<NewWorkItem> batch = new ArrayList<>(BATCH);
        private long written;

        ItemWriter(String runId, Resumption resumption) {
            this.runId = runId;
            this.resumption = resumption;
        }

        @Override
        public void person(PersonPlan p) {
            for (PlannedChange c : p.byVendor().values()) {
                Optional<Resumption.Adopted> adopted = resumption.adopt(c.vendor(), p.person().employeeId(), p.snapshot(), p.row());
                if (adopted.isPresent()) {
                    // finished before the interruption: counted as it ended
                    adopted.get().finishedOutcome().ifPresent(outcome -> ledger.countFinished(runId, outcome));
                    continue;
                }
                batch.add(c.callsVendor() ? queued(runId, p, c) : decided(runId, p, c));
                if (batch.size() == BATCH) {
                    flush();
                }
            }
        }

        void flush() {
            queue.enqueue(batch);
            written += batch.size();
            batch.clear();
        }
    }

    /**
     * A change the vendor is called for. A report's item depends on their manager: it waits while the
     * manager has an unfinished item in the same run and vendor (the claim checks, so a manager with
     * nothing to do there, or not in the file, holds nobody back).
     */
    private static NewWorkItem queued(String runId, PersonPlan p, PlannedChange c) {
        String manager = p.person().managerEmail();
        boolean reports = manager != null && !manager.isEmpty() && !manager.equals(p.person().email());
        return NewWorkItem.queued(runId, p.person().employeeId(), p.person().email(), p.row(), reports ? manager : null,
                p.snapshot(), c);
    }

    /**
     * A decision the plan made that calls no vendor (no change, out of scope, pending, refused):
     * finished as it is written and counted now, so an unchanged night needs no drain, no lease and no call.
     */
    private NewWorkItem decided(String runId, PersonPlan p, PlannedChange c) {
        ledger.countFinished(runId, new ActionRecord(runId, p.row(), p.person().employeeId(), p.person().email(), c.vendor(),
                c.change().name(), c.action(), c.finalOutcome(), null, null, c.note()));
        return NewWorkItem.decided(runId, p.person().employeeId(), p.person().email(), p.row(), p.snapshot(), c);
    }

    /**
     * A replay run: the dead letters selected (hrsync.replay.vendor, hrsync.replay.email, and a
     * {@code hrsyncReplayRunId} header for one run's letters) are re-planned ({@link ReplayPlanner}) and
     * move into it: those still to deliver are queued for the vendors' drains with their re-planned
     * change, the others are finished with why they were not replayed. A tripped guard refuses the
     * whole replay before anything moves.
     */
    public void replay(Exchange exchange) throws IOException {
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        deadLetters.importFiles();
        List<WorkQueue.DeadLetter> letters = queue.deadLetters(replay.vendor().orElse(null),
                replay.email().map(Person::normaliseEmail).orElse(null),
                replay.run().orElse(exchange.getMessage().getHeader("hrsyncReplayRunId", String.class)));
        String approved = replay.approve().orElse(null);
        ReplayPlanner.ReplayPlan plan = replays.plan(runId, letters, approved);
        ledger.replayPlanned(runId, plan.summary(approved));
        workRuns.start(runId, null);
        int moved = queue.replay(plan.replays());
        int superseded = queue.finishSuperseded(plan.superseded());
        for (WorkQueue.Replay r : plan.superseded()) {
            // its line in the replay's actions.csv (the letter itself stays in its own run)
            NewWorkItem i = r.as();
            ledger.recordReplayLine(runId, new ActionRecord(runId, i.row(), i.employeeId(), i.email(), i.vendor(), i.change(),
                    VendorAction.NONE, Outcome.SKIPPED, null, null, i.message()));
        }
        long notReplayed = superseded + countDecided(runId, plan.replays().stream().map(WorkQueue.Replay::as).toList());
        ledger.expectReplays(runId, moved + plan.superseded().size());
        delivering.put(runId, Delivery.WITHOUT_PLAN);
        LOG.infof("replay run %s: %d dead letter(s), %d re-planned and queued, %d not replayed (see actions.csv)", runId,
                moved + superseded, moved + superseded - notReplayed, notReplayed);
    }

    /**
     * A run that relays one vendor event: its items (one per other vendor) are written, those that
     * call no vendor finished at once, and the vendors' drains deliver the others like a night's.
     */
    public void relay(String runId, List<NewWorkItem> items) {
        workRuns.start(runId, null);
        queue.enqueue(items);
        countDecided(runId, items);
        ledger.expectReplays(runId, items.size());
        delivering.put(runId, Delivery.WITHOUT_PLAN);
    }

    /** The items written finished (no vendor call) are counted for the run: how many. */
    private long countDecided(String runId, List<NewWorkItem> items) {
        long decided = 0;
        for (NewWorkItem i : items) {
            if (i.outcome() != null) {
                decided++;
                ledger.countFinished(runId, new ActionRecord(runId, i.row(), i.employeeId(), i.email(), i.vendor(), i.change(),
                        VendorAction.valueOf(i.action()), Outcome.valueOf(i.outcome()), null, null, i.message()));
            }
        }
        return decided;
    }

    /** Whether the run still has items its vendors' drains have not finished. */
    public boolean delivering(String runId) {
        if (stopping.stopping()) {
            handOver.handOver(); // the process stops: its items and runs go to the next process
            handOver.holdUntilExit();
        }
        ledger.checkRecorded(runId);
        Instant now = Instant.now();
        Instant last = heartbeats.get(runId);
        if (last == null || Duration.between(last, now).compareTo(HEARTBEAT_EVERY) >= 0) {
            workRuns.heartbeat(runId);
            heartbeats.put(runId, now);
        }
        return queue.outstanding(runId) > 0;
    }

    /** actions.csv of a delivered run: one line per item, in row then vendor order. */
    public void writeActions(Exchange exchange) {
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        queue.forEachItem(runId, item -> ledger.writeAction(exchange, new ActionRecord(runId, item.row(), item.employeeId(),
                item.email(), item.vendor(), item.change(), VendorAction.valueOf(item.action()), Outcome.valueOf(item.outcome()),
                item.vendorUserId(), item.httpStatus(), item.message())));
    }

    /** The run is over (delivered, or stopped by an error): its queued items are given up, its plan forgotten. */
    public void stop(String runId) {
        if (runId == null || delivering.remove(runId) == null) {
            return;
        }
        heartbeats.remove(runId);
        workRuns.end(runId);
        int cancelled = queue.cancel(runId, "run " + runId + " stopped before this item was delivered");
        if (cancelled > 0) {
            LOG.warnf("run %s: %d queued work item(s) cancelled", runId, cancelled);
        }
    }

    /** The runs this process delivers now. */
    public Set<String> runs() {
        return delivering.keySet();
    }

    /** The plan of a run this process delivers; empty for a replay run (and a run it does not deliver). */
    public Optional<RunPlan> plan(String runId) {
        return Optional.ofNullable(delivering.get(runId)).map(Delivery::plan);
    }

    /** A run this process delivers, with its plan (none for a replay). */
    private record Delivery(RunPlan plan) {
        static final Delivery WITHOUT_PLAN = new Delivery(null);
    }
}
