package io.hrsync.delivery;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.util.ObjectHelper;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Failures;
import io.hrsync.connector.RetryableVendorException;

/**
 * The vendor-delivery error handler's retryWhile: whether a transient failure is retried at once, at
 * the call that failed (up to hrsync.delivery.max-redeliveries, with the backoff).
 *
 * <p>Only where the vendor certainly did not act: it refused the call (429, 503) or the call only read.
 * A write that got no answer (a dropped connection, a timeout) or a 500/502/504 may have been carried
 * out: sending it again re-sent creates whose first answer was lost (measured: 15 WorkRamp joiners of
 * 500 ended FAILED "already exists" under 3 % lost answers). Such a work item goes back to the queue
 * instead ({@link #outcomeUnknown}; {@code ItemRetries.retryLater}) and its next attempt runs the
 * vendor's whole flow again, lookup first. Re-running the whole flow for every 503 as well was tried
 * and measured worse: with 8 % of calls answering 503, a Ramp person's eight calls fail as a whole
 * half of the time, and one person in a hundred used up all six attempts. Exchanges outside the queue
 * (a dead-letter replay) retry every transient failure inline, as before.
 */
@ApplicationScoped
@Named("inlineRetries")
public class InlineRetries implements Predicate {

    private final int maxRedeliveries;

    private final io.hrsync.ops.HrsyncMetrics metrics;

    public InlineRetries(HrsyncConfig config, io.hrsync.ops.HrsyncMetrics metrics) {
        this.maxRedeliveries = config.delivery().maxRedeliveries();
        this.metrics = metrics;
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) > maxRedeliveries) {
            return false;
        }
        boolean retry = exchange.getProperty(ExchangeKeys.WORK_ITEM) == null || !outcomeUnknown(exchange);
        if (retry) {
            metrics.retry(exchange.getProperty(ExchangeKeys.VENDOR, String.class), "inline");
        }
        return retry;
    }

    /**
     * Whether the failed call may have changed the vendor: a write that got no answer, or a 5xx other
     * than 503 to a write. (A call whose method is unknown counts as a write.)
     */
    public static boolean outcomeUnknown(Exchange exchange) {
        Throwable error = Failures.of(exchange);
        RetryableVendorException answered = ObjectHelper.getException(RetryableVendorException.class, error);
        if (answered != null) {
            return !answered.nothingWritten();
        }
        if (ObjectHelper.getException(IOException.class, error) != null) {
            return !"GET".equalsIgnoreCase(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
        }
        return false;
    }
}
