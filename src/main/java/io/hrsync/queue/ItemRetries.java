package io.hrsync.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.delivery.InlineRetries;
import io.hrsync.delivery.VendorCircuits;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Failures;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.connector.RetryableVendorException;
import io.hrsync.connector.VendorCallException;
import io.hrsync.connector.VendorLookupCache;

/**
 * What the delivery error handling (routes/error-handling.camel.yaml, routes/dead-letter.camel.yaml)
 * does with a work item that did not finish: put it back in the queue for a later attempt after a
 * write of unknown outcome, hold it while its vendor's circuit is open, or let it become a dead letter.
 */
@ApplicationScoped
@Named("itemRetries")
public class ItemRetries {

    private static final Logger LOG = Logger.getLogger(ItemRetries.class);

    private final WorkQueue queue;
    private final VendorCircuits circuits;
    private final VendorLookupCache lookups;
    private final RetrySchedule schedule;

    private final io.hrsync.ops.HrsyncMetrics metrics;

    public ItemRetries(WorkQueue queue, VendorCircuits circuits, VendorLookupCache lookups, HrsyncConfig config,
            io.hrsync.ops.HrsyncMetrics metrics) {
        this.metrics = metrics;
        HrsyncConfig.Delivery delivery = config.delivery();
        this.queue = queue;
        this.circuits = circuits;
        this.lookups = lookups;
        this.schedule = new RetrySchedule(Duration.ofMillis(delivery.initialBackoffMs()), Duration.ofMillis(delivery.maxBackoffMs()),
                Duration.ofMillis(delivery.maxRetryAfterMs()), delivery.maxRedeliveries() + 1);
    }

    /**
     * A failure whose outcome is unknown (a write that got no answer, or a 500/502/504 to a write)
     * ended this attempt: whether the item has attempts left (hrsync.delivery.max-redeliveries after
     * the first) and goes back to the queue, rather than becoming a dead letter. Failures where the
     * vendor certainly did not act (429, 503, a read) were retried inline first (InlineRetries); when
     * those are used up the item is a dead letter.
     */
    public boolean retriesLater(Exchange exchange) {
        WorkItem item = item(exchange);
        return item != null && InlineRetries.outcomeUnknown(exchange) && schedule.allowsAnother(item.attempts());
    }

    /**
     * Puts the item back in the queue, due after the backoff (or the vendor's Retry-After, capped):
     * nothing sleeps, the vendor's workers go on with other items meanwhile. Its next attempt runs the
     * vendor's whole flow again, lookup first (the run's cached lookups of the person dropped), so a
     * create whose answer was lost is found, not sent twice. The action this attempt had decided is
     * kept on the item for that next attempt.
     */
    public void retryLater(Exchange exchange) {
        WorkItem item = item(exchange);
        Throwable error = Failures.of(exchange);
        RetryableVendorException retryable = ObjectHelper.getException(RetryableVendorException.class, error);
        Long retryAfterMs = retryable == null ? null : retryable.retryAfterMs();
        Duration wait = schedule.next(item.attempts(), retryAfterMs == null ? null : Duration.ofMillis(retryAfterMs),
                ThreadLocalRandom.current().nextDouble()).orElseThrow();
        Integer status = error instanceof VendorCallException call && call.status() > 0 ? call.status() : null;
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        String action = item.actionThatMayHaveBeenWritten(result == null ? null : result.getAction());
        String why = "attempt " + item.attempts() + " failed: " + (error == null ? "unknown error" : error.getMessage());
        lookups.forgetPerson(exchange);
        queue.retryAt(item.id(), Instant.now().plus(wait), action, status, why);
        metrics.retry(item.vendor(), "queued");
        LOG.warnf("%s row %d (%s): %s; next attempt in %d ms", item.vendor(), item.row(), item.employeeId(), why, wait.toMillis());
    }

    /**
     * The vendor's open circuit refused the call: whether the item goes back to the queue to wait
     * for the vendor (true) or, past circuit-hold-max-seconds of outage (or outside the queue, e.g.
     * a replay), is dead-lettered.
     */
    public boolean holdsForOpenCircuit(Exchange exchange) {
        return item(exchange) != null && circuits.holds(exchange.getProperty(ExchangeKeys.VENDOR, String.class));
    }

    /**
     * Puts the item back, due at once: the drain claims it when the circuit lets calls through. An
     * attempt the circuit refused before it decided anything is not counted. One that had decided a
     * write (the circuit refused a later call: the write may have been made, e.g. a create before its
     * attribute update) counts, and its action is kept, so the next attempt knows an account it finds
     * was created by this one.
     */
    public void holdForOpenCircuit(Exchange exchange) {
        WorkItem item = item(exchange);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        VendorAction decided = result == null ? null : result.getAction();
        if (decided != null && decided != VendorAction.NONE) {
            queue.retryAt(item.id(), Instant.now(), item.actionThatMayHaveBeenWritten(decided), null,
                    "attempt " + item.attempts() + " decided " + decided + ", then the circuit opened");
            lookups.forgetPerson(exchange);
        } else {
            queue.release(item.id(), Instant.now());
        }
        LOG.debugf("%s item %d (row %d) waits for the circuit", item.vendor(), item.id(), item.row());
    }

    /** The outage outlasted circuit-hold-max-seconds: the dead letter says so. */
    public void outageTooLong(Exchange exchange) {
        if (item(exchange) != null) {
            String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException(circuits.holdExpired(vendor),
                    exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        }
    }

    private static WorkItem item(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.WORK_ITEM, WorkItem.class);
    }
}
