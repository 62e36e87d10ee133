package io.hrsync.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.hrsync.delivery.InlineRetries;
import io.hrsync.delivery.VendorCircuits;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.RunLedger;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.vendor.RetryableVendorException;
import io.hrsync.vendor.VendorCallException;
import io.hrsync.vendor.VendorConnector;
import io.hrsync.vendor.VendorLookupCache;
import io.hrsync.vendor.VendorRegistry;

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

    private final int prefetch;

    private final VendorCircuits circuits;
    private final RetrySchedule retries;
    private final VendorLookupCache lookups;

    public VendorDrains(WorkQueue queue, RunItems runs, VendorRegistry vendors, RunLedger ledger,
            VendorCircuits circuits, VendorLookupCache lookups, io.hrsync.config.HrsyncConfig config) {
        this.lookups = lookups;
        this.prefetch = config.delivery().drainPrefetch();
        io.hrsync.config.HrsyncConfig.Delivery delivery = config.delivery();
        this.retries = new RetrySchedule(Duration.ofMillis(delivery.initialBackoffMs()), Duration.ofMillis(delivery.maxBackoffMs()),
                Duration.ofMillis(delivery.maxRetryAfterMs()), delivery.maxRedeliveries() + 1);
        this.circuits = circuits;
        this.queue = queue;
        this.runs = runs;
        this.vendors = vendors;
        this.ledger = ledger;
    }

    /**
     * The vendor's ready items of the runs this process delivers: enough to keep its workers busy
     * until the next poll (concurrency × hrsync.delivery.drain-prefetch, less those still in hand);
     * none while the vendor's circuit is open, one trial while it is half-open.
     */
    public List<WorkItem> claim(String vendor) {
        VendorConnector connector = vendors.enabled(vendor).orElse(null);
        if (connector == null || runs.runs().isEmpty()) {
            return List.of();
        }
        AtomicInteger busy = inFlight.computeIfAbsent(vendor, v -> new AtomicInteger());
        int wanted = circuits.claimable(vendor, connector.concurrency() * prefetch - busy.get());
        List<WorkItem> claimed = queue.claim(vendor, wanted, runs.runs());
        busy.addAndGet(claimed.size());
        return claimed;
    }

    /** Sets up the exchange of one claimed item as the vendor's delivery route expects it. */
    public void begin(Exchange exchange) {
        WorkItem item = exchange.getMessage().getBody(WorkItem.class);
        exchange.setProperty(ITEM, item);
        exchange.setProperty(ExchangeKeys.RUN_ID, item.runId());
        exchange.setProperty(ExchangeKeys.VENDOR, item.vendor());
        exchange.setProperty(ExchangeKeys.ROW, item.row());
        exchange.setProperty(ExchangeKeys.PERSON, PersonSnapshots.fromJson(item.payload()));
        exchange.setProperty(ExchangeKeys.PLAN, runs.plan(item.runId()).orElseThrow(
                () -> new IllegalStateException("run " + item.runId() + " is not delivered by this process")));
    }

    /**
     * The vendor route is done with the item: the ledger stored its outcome on it (as it recorded it for
     * the run). An item still held by this process has no outcome: it is recorded FAILED.
     */
    public void finish(Exchange exchange) {
        WorkItem item = exchange.getProperty(ITEM, WorkItem.class);
        if (queue.heldBy(item.id(), queue.worker())) {
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
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.setException(null);
        try {
            if (queue.heldBy(item.id(), queue.worker())) {
                exchange.setProperty(ExchangeKeys.RESULT, new VendorResult());
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, error);
                ledger.recordFailure(exchange);
            }
        } finally {
            release(item);
        }
    }

    /**
     * A failure whose outcome is unknown (a write that got no answer, or a 500/502/504 to a write)
     * ended this attempt: whether the item has attempts left (hrsync.delivery.max-redeliveries after
     * the first) and goes back to the queue, rather than becoming a dead letter. Failures where the
     * vendor certainly did not act (429, 503, a read) were retried inline first (InlineRetries); when
     * those are used up the item is a dead letter.
     */
    public boolean retriesLater(Exchange exchange) {
        WorkItem item = exchange.getProperty(ITEM, WorkItem.class);
        return item != null && InlineRetries.outcomeUnknown(exchange) && nextAttemptIn(exchange, item).isPresent();
    }

    /**
     * Puts the item back in the queue, due after the backoff (or the vendor's Retry-After, capped):
     * nothing sleeps, the vendor's workers go on with other items meanwhile. Its next attempt runs the
     * vendor's whole flow again, lookup first, so a create whose answer was lost is found, not sent
     * twice. The action this attempt had decided is kept on the item for that next attempt.
     */
    public void retryLater(Exchange exchange) {
        WorkItem item = exchange.getProperty(ITEM, WorkItem.class);
        Duration wait = nextAttemptIn(exchange, item).orElseThrow();
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer status = error instanceof VendorCallException call && call.status() > 0 ? call.status() : null;
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        // the action that may have been written: this attempt's decision, else what an earlier attempt decided
        boolean decidedNow = result != null && result.getAction() != null && result.getAction() != VendorAction.NONE;
        String decided = decidedNow ? result.getAction().name() : item.retried() ? item.action() : VendorAction.NONE.name();
        String why = "attempt " + item.attempts() + " failed: " + (error == null ? "unknown error" : error.getMessage());
        lookups.forgetPerson(exchange);
        queue.retryAt(item.id(), Instant.now().plus(wait), decided, status, why);
        LOG.warnf("%s row %d (%s): %s; next attempt in %d ms", item.vendor(), item.row(), item.employeeId(), why, wait.toMillis());
    }

    private Optional<Duration> nextAttemptIn(Exchange exchange, WorkItem item) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RetryableVendorException retryable = org.apache.camel.util.ObjectHelper.getException(RetryableVendorException.class, error);
        Long retryAfter = retryable == null ? null : retryable.retryAfterMs();
        return retries.next(item.attempts(), retryAfter == null ? null : Duration.ofMillis(retryAfter),
                ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The vendor's open circuit refused the call: whether the item goes back to the queue to wait
     * for the vendor (true) or, past circuit-hold-max-seconds of outage (or outside the queue, e.g.
     * a replay), is dead-lettered.
     */
    public boolean holdsForOpenCircuit(Exchange exchange) {
        return exchange.getProperty(ITEM, WorkItem.class) != null
                && circuits.holds(exchange.getProperty(ExchangeKeys.VENDOR, String.class));
    }

    /** Puts the item back untried (its attempt not counted), due at once: the drain claims it when the circuit lets calls through. */
    public void holdForOpenCircuit(Exchange exchange) {
        WorkItem item = exchange.getProperty(ITEM, WorkItem.class);
        queue.release(item.id(), Instant.now());
        LOG.debugf("%s item %d (row %d) waits for the circuit", item.vendor(), item.id(), item.row());
    }

    /** The outage outlasted circuit-hold-max-seconds: the dead letter says so. */
    public void outageTooLong(Exchange exchange) {
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        if (exchange.getProperty(ITEM) != null) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException(circuits.holdExpired(vendor),
                    exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        }
    }

    private void release(WorkItem item) {
        inFlight.computeIfAbsent(item.vendor(), v -> new AtomicInteger()).decrementAndGet();
    }
}
