package io.hrsync.queue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.delivery.DeadLetters;
import io.hrsync.hris.Person;
import io.hrsync.plan.PersonPlan;
import io.hrsync.plan.PlannedChange;
import io.hrsync.plan.RunPlan;
import io.hrsync.run.ActionRecord;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.RunLedger;
import io.hrsync.run.VendorAction;
import io.hrsync.state.PersonSnapshots;

/**
 * A run's plan as work items: every person×vendor decision becomes one item (those that call no
 * vendor too, so every decision ends in exactly one recorded outcome the same way), and a report's
 * item depends on their manager's item in the same vendor when the manager has one this run. The runs
 * this process is delivering are kept here with their plans, which the vendor routes decide from.
 */
@ApplicationScoped
@Named("runItems")
public class RunItems {

    private static final Logger LOG = Logger.getLogger(RunItems.class);
    private static final int BATCH = 500;

    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

    private final WorkQueue queue;
    private final WorkRuns workRuns;
    private final RunLedger ledger;
    private final DeadLetters deadLetters;
    private final HrsyncConfig.Replay replay;
    private final Map<String, Delivery> delivering = new ConcurrentHashMap<>();
    private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();

    public RunItems(WorkQueue queue, WorkRuns workRuns, RunLedger ledger, DeadLetters deadLetters, HrsyncConfig config) {
        this.queue = queue;
        this.workRuns = workRuns;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.replay = config.replay();
    }

    /**
     * Writes the plan's items, in batches, and starts delivering the run. When an earlier run was
     * interrupted (its process died), this run resumes it: the earlier run's item for the same person
     * and vendor, planned from the same person data, is adopted instead of a new one (see
     * {@link Resumption}): what it finished is kept, what it had not finished is delivered by this run.
     */
    public void enqueue(String runId, RunPlan plan) {
        List<PersonPlan> people = plan.people();
        Map<String, Set<String>> calledByVendor = new HashMap<>();
        for (PersonPlan p : people) {
            p.byVendor().forEach((vendor, c) -> {
                if (c.callsVendor()) {
                    calledByVendor.computeIfAbsent(vendor, v -> new HashSet<>()).add(p.person().email());
                }
            });
        }
        workRuns.start(runId, ledger.inputSha256(runId));
        Resumption resumption = Resumption.of(queue, workRuns, runId);
        List<NewWorkItem> batch = new ArrayList<>(BATCH);
        long count = 0;
        for (PersonPlan p : people) {
            String payload = PersonSnapshots.toJson(p.person());
            for (Map.Entry<String, PlannedChange> e : p.byVendor().entrySet()) {
                String vendor = e.getKey();
                PlannedChange c = e.getValue();
                Optional<Resumption.Adopted> adopted = resumption.adopt(vendor, p.person().employeeId(), payload, p.row());
                if (adopted.isPresent()) {
                    // finished before the interruption: counted as it ended
                    adopted.get().finishedOutcome().ifPresent(outcome -> ledger.countFinished(runId, outcome));
                    continue;
                }
                batch.add(c.callsVendor() ? queued(runId, vendor, p, c, payload, calledByVendor) : decided(runId, vendor, p, c, payload));
                if (batch.size() == BATCH) {
                    queue.enqueue(batch);
                    count += batch.size();
                    batch.clear();
                }
            }
        }
        queue.enqueue(batch);
        count += batch.size();
        resumption.finish().forEach(r -> ledger.resumed(runId, r.run(), r.finishedKept(), r.unfinishedContinued(), r.cancelled()));
        // only now do the drains see the run: every item (and every manager's item) is in place
        delivering.put(runId, new Delivery(plan));
        LOG.infof("run %s: %d work items queued", runId, count);
    }

    /** A change the vendor is called for; a report's waits for their manager's item in that vendor, if there is one. */
    private static NewWorkItem queued(String runId, String vendor, PersonPlan p, PlannedChange c, String payload,
            Map<String, Set<String>> calledByVendor) {
        String manager = p.person().managerEmail();
        boolean waits = manager != null && !manager.equals(p.person().email())
                && calledByVendor.getOrDefault(vendor, Set.of()).contains(manager);
        return new NewWorkItem(runId, vendor, p.person().employeeId(), p.person().email(), p.row(), c.change().name(),
                c.action().name(), waits ? manager : null, payload);
    }

    /**
     * A decision the plan made that calls no vendor (no change, out of scope, pending, refused):
     * finished as it is written and counted now, so an unchanged night needs no drain, no lease and no call.
     */
    private NewWorkItem decided(String runId, String vendor, PersonPlan p, PlannedChange c, String payload) {
        ledger.countFinished(runId, new ActionRecord(runId, p.row(), p.person().employeeId(), p.person().email(), vendor,
                c.change().name(), c.action(), c.finalOutcome(), null, null, c.note()));
        return NewWorkItem.decided(runId, vendor, p.person().employeeId(), p.person().email(), p.row(), c.change().name(),
                c.action().name(), payload, c.finalOutcome().name(), c.note());
    }

    /**
     * A replay run: the dead letters selected (hrsync.replay.vendor, hrsync.replay.email, and a
     * {@code hrsyncReplayRunId} header for one run's letters) move into it and are delivered by the
     * vendors' drains like any item, without a plan (each vendor route decides from its lookup).
     */
    public void replay(Exchange exchange) throws IOException {
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        deadLetters.importFiles();
        workRuns.start(runId, null);
        int letters = queue.replayDead(runId, replay.vendor().orElse(null),
                replay.email().map(Person::normaliseEmail).orElse(null),
                exchange.getMessage().getHeader("hrsyncReplayRunId", String.class));
        ledger.expectReplays(runId, letters);
        delivering.put(runId, Delivery.WITHOUT_PLAN);
        LOG.infof("replay run %s: %d dead letter(s) queued", runId, letters);
    }

    /** Whether the run still has items its vendors' drains have not finished. */
    public boolean delivering(String runId) {
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
