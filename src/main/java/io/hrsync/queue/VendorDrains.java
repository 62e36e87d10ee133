package io.hrsync.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.jboss.logging.Logger;

import io.hrsync.app.ProcessStopping;
import io.hrsync.config.HrsyncConfig;
import io.hrsync.delivery.VendorCircuits;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Failures;
import io.hrsync.run.RecordingFailedException;
import io.hrsync.run.RunLedger;
import io.hrsync.run.VendorResult;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;

/**
 * What a vendor's drain (routes/vendor-drain.camel.yaml) calls: claim as many of the vendor's ready
 * items as it has free slots ({@code hrsync.vendors.<name>.concurrency}), turn an item into the
 * person×vendor exchange the vendor's delivery route expects, and write the outcome that route
 * recorded back onto the item. Each vendor drains on its own, so a slow or failing vendor holds back
 * nobody else's people.
 */
@ApplicationScoped
@Named("vendorDrains")
public class VendorDrains {

    private static final String ITEM = ExchangeKeys.WORK_ITEM;

    private static final Logger LOG = Logger.getLogger(VendorDrains.class);

    private final WorkQueue queue;
    private final RunItems runs;
    private final VendorRegistry vendors;
    private final RunLedger ledger;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Set<Long> begun = ConcurrentHashMap.newKeySet();
    private final ProcessStopping stopping;

    private final int prefetch;

    private final VendorCircuits circuits;
    private final VendorDrainHolder holder;

    public VendorDrains(WorkQueue queue, RunItems runs, VendorRegistry vendors, RunLedger ledger, VendorCircuits circuits,
            VendorDrainHolder holder, HrsyncConfig config, ProcessStopping stopping) {
        this.stopping = stopping;
        this.holder = holder;
        this.prefetch = config.delivery().drainPrefetch();
        this.circuits = circuits;
        this.queue = queue;
        this.runs = runs;
        this.vendors = vendors;
        this.ledger = ledger;
    }

    /**
     * The vendor's ready items of the runs this process delivers: enough to keep its workers busy
     * until the next poll (concurrency × hrsync.delivery.drain-prefetch, less those still in hand);
     * none while the vendor's circuit is open, one trial while it is half-open, and none while another
     * process drains the vendor ({@link VendorDrainHolder}: processes never together exceed its limit).
     */
    public List<WorkItem> claim(String vendor) {
        VendorConnector connector = vendors.enabled(vendor).orElse(null);
        if (connector == null) {
            return List.of();
        }
        AtomicInteger busy = inFlight.computeIfAbsent(vendor, v -> new AtomicInteger());
        if (stopping.stopping()) {
            return List.of(); // the process stops: what is not claimed yet is for the next one
        }
        if (runs.runs().isEmpty()) {
            holder.idle(connector, busy.get() == 0);
            return List.of();
        }
        if (!holder.mayDrain(connector)) {
            return List.of(); // another process drains this vendor now (or its calls still count)
        }
        int wanted = circuits.claimable(vendor, connector.concurrency() * prefetch - busy.get());
        List<WorkItem> claimed = queue.claim(vendor, wanted, runs.runs());
        busy.addAndGet(claimed.size());
        holder.idle(connector, claimed.isEmpty() && busy.get() == 0);
        return claimed;
    }

    /** Sets up the exchange of one claimed item as the vendor's delivery route expects it. */
    public void begin(Exchange exchange) {
        WorkItem item = exchange.getMessage().getBody(WorkItem.class);
        exchange.setProperty(ITEM, item);
        if (stopping.stopping()) {
            // claimed before the stop, not begun: left for the next process untried (RunHandOver)
            throw new NotBegunException(item);
        }
        begun.add(item.id());
        exchange.setProperty(ExchangeKeys.RUN_ID, item.runId());
        exchange.setProperty(ExchangeKeys.VENDOR, item.vendor());
        exchange.setProperty(ExchangeKeys.ROW, item.row());
        exchange.setProperty(ExchangeKeys.PERSON, PersonSnapshots.fromJson(item.payload()));
        io.hrsync.ops.LogContext.item(item.runId(), item.vendor(), item.employeeId());
        if (!runs.runs().contains(item.runId())) {
            throw new IllegalStateException("run " + item.runId() + " is not delivered by this process");
        }
        // the change the item carries: its run's plan decided it, or a replay re-planned its letter (a
        // letter imported from a file of an earlier version carries none: decided from the lookup)
        runs.plan(item.runId()).ifPresent(plan -> exchange.setProperty(ExchangeKeys.PLAN, plan));
        if (item.planned() != null) {
            exchange.setProperty(ExchangeKeys.PLANNED, item.planned());
        }
    }

    /**
     * The vendor route is done with the item: the ledger stored its outcome on it (as it recorded it for
     * the run), or the route left it waiting for a vendor task ({@link TaskWait}). An item still held by
     * this process has no outcome: it is recorded FAILED.
     */
    public void finish(Exchange exchange) {
        WorkItem item = exchange.getProperty(ITEM, WorkItem.class);
        TaskWait wait = exchange.getProperty(ExchangeKeys.TASK_WAIT, TaskWait.class);
        if (wait != null) {
            // a vendor task is still running: the item waits in the queue, the slot goes to another item
            queue.waitForTask(item.id(), Instant.now().plus(wait.pollAfter()), wait.task());
            release(item);
            return;
        }
        if (!RunLedger.recordingFailed(exchange) && queue.heldBy(item.id(), queue.worker())) {
            failed(exchange);
            return;
        }
        release(item);
    }

    /**
     * Something the vendor route did not handle stopped this item: it is recorded FAILED with the
     * cause, so the run still accounts for it.
     */
    public void failed(Exchange exchange) {
        WorkItem item = exchange.getProperty(ITEM, WorkItem.class);
        Throwable error = Failures.of(exchange);
        exchange.setException(null);
        if (error instanceof NotBegunException) {
            release(item); // no outcome: the item goes back to the queue with the hand-over
            return;
        }
        try {
            // an outcome that could not be stored is not stored as FAILED either: the run stops, and the
            // next one plans from what the state store holds and looks the account up before it writes
            if (!RunLedger.recordingFailed(exchange) && ObjectHelper.getException(RecordingFailedException.class, error) == null
                    && queue.heldBy(item.id(), queue.worker())) {
                exchange.setProperty(ExchangeKeys.RESULT, new VendorResult());
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, error);
                ledger.recordFailure(exchange);
            }
        } finally {
            release(item);
        }
    }

    private void release(WorkItem item) {
        begun.remove(item.id());
        io.hrsync.ops.LogContext.clear();
        inFlight.computeIfAbsent(item.vendor(), v -> new AtomicInteger()).decrementAndGet();
    }

    /** The items whose delivery began in this process and has not ended (a vendor call may be in flight). */
    public Set<Long> begun() {
        return Set.copyOf(begun);
    }

    /** An item claimed before the process began to stop, not begun: it is not delivered by this process. */
    static final class NotBegunException extends RuntimeException {
        NotBegunException(WorkItem item) {
            super("work item " + item.id() + " not begun: the process is stopping", null, false, false);
        }
    }
}
