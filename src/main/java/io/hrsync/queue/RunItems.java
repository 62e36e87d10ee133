package io.hrsync.queue;

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

    private final WorkQueue queue;
    private final RunLedger ledger;
    private final Map<String, RunPlan> delivering = new ConcurrentHashMap<>();

    public RunItems(WorkQueue queue, RunLedger ledger) {
        this.queue = queue;
        this.ledger = ledger;
    }

    /** Writes the plan's items, in batches, and starts delivering the run. */
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
        delivering.put(runId, plan);
        List<NewWorkItem> batch = new ArrayList<>(BATCH);
        long count = 0;
        for (PersonPlan p : people) {
            String payload = PersonSnapshots.toJson(p.person());
            for (Map.Entry<String, PlannedChange> e : p.byVendor().entrySet()) {
                String vendor = e.getKey();
                PlannedChange c = e.getValue();
                String manager = p.person().managerEmail();
                boolean waits = c.callsVendor() && manager != null && !manager.equals(p.person().email())
                        && calledByVendor.getOrDefault(vendor, Set.of()).contains(manager);
                batch.add(new NewWorkItem(runId, vendor, p.person().employeeId(), p.person().email(), p.row(),
                        c.change().name(), c.action().name(), waits ? manager : null, payload));
                if (batch.size() == BATCH) {
                    queue.enqueue(batch);
                    count += batch.size();
                    batch.clear();
                }
            }
        }
        queue.enqueue(batch);
        count += batch.size();
        LOG.infof("run %s: %d work items queued", runId, count);
    }

    /** Whether the run still has items its vendors' drains have not finished. */
    public boolean delivering(String runId) {
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
        int cancelled = queue.cancel(runId, "run " + runId + " stopped before this item was delivered");
        if (cancelled > 0) {
            LOG.warnf("run %s: %d queued work item(s) cancelled", runId, cancelled);
        }
    }

    /** The runs this process delivers now. */
    public Set<String> runs() {
        return delivering.keySet();
    }

    public Optional<RunPlan> plan(String runId) {
        return Optional.ofNullable(delivering.get(runId));
    }
}
