package io.hrsync.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.run.ExchangeKeys;

/**
 * The vendor-delivery error handler's retryWhile: whether a transient failure (429, 5xx, no answer)
 * is retried at once, at the step that failed. A work item never is: it goes back to the queue with
 * a later due time ({@code VendorDrains.retryLater}), so no worker sleeps through a backoff, and its
 * next attempt runs the vendor's whole flow again, lookup first. Re-sending only the failed step
 * re-sent creates whose first answer was lost after the vendor had written them (measured: 15
 * WorkRamp joiners of 500 ended FAILED "already exists" under 3 % lost answers). Exchanges outside
 * the queue (a dead-letter replay) keep the inline retries, up to hrsync.delivery.max-redeliveries.
 */
@ApplicationScoped
@Named("inlineRetries")
public class InlineRetries implements Predicate {

    private final int maxRedeliveries;

    public InlineRetries(HrsyncConfig config) {
        this.maxRedeliveries = config.delivery().maxRedeliveries();
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (exchange.getProperty(ExchangeKeys.WORK_ITEM) != null) {
            return false;
        }
        return exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) <= maxRedeliveries;
    }
}
