package io.hrsync.connector;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.delivery.VendorCircuits;
import io.hrsync.delivery.VendorTrafficGate;
import io.hrsync.run.ExchangeKeys;

/**
 * Classifies a vendor's HTTP answer right after the call: 2xx passes, 429 and 5xx become
 * {@link RetryableVendorException} (redelivered by the calling route, after the vendor's
 * Retry-After when it sends one, capped), other statuses become {@link VendorRejectedException}
 * (recorded as FAILED, not retried). Statuses listed in the {@code hrsyncAcceptStatus} exchange
 * property (e.g. a 404 on a lookup) pass through for the caller to read. The exception's message is
 * the answer's {@link ErrorSummary}, never its body.
 */
@ApplicationScoped
@Named("vendorResponses")
public class VendorResponses {

    public static final String ACCEPT_STATUS = "hrsyncAcceptStatus";

    private final long maxRetryAfterMs;
    private final VendorCircuits circuits;
    private final VendorTrafficGate gate;

    public VendorResponses(HrsyncConfig config, VendorCircuits circuits, VendorTrafficGate gate) {
        this.maxRetryAfterMs = config.delivery().maxRetryAfterMs();
        this.circuits = circuits;
        this.gate = gate;
    }

    /** Whether the caller said it reads this non-2xx answer itself ({@value #ACCEPT_STATUS}: "409" or "404,409"). */
    public static boolean accepts(Exchange exchange, int status) {
        String accepted = exchange.getProperty(ACCEPT_STATUS, String.class);
        return accepted != null && (',' + accepted.replace(" ", "") + ',').contains(',' + String.valueOf(status) + ',');
    }

    public void check(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, "vendor", String.class);
        circuits.answered(vendor, status);
        if (status >= 200 && status < 300) {
            JsonAnswers.require(vendor, status, message.getBody(String.class), message.getHeader("Content-Type", String.class));
            return;
        }
        if (accepts(exchange, status)) {
            return;
        }
        // never the body as it came: a proxy or token endpoint may echo the request, credentials included
        String summary = exchange.getProperty(ErrorSummary.TEXT, String.class);
        exchange.removeProperty(ErrorSummary.TEXT);
        String text = summary != null ? ErrorSummary.safe(summary) : ErrorSummary.of(message.getBody(String.class));
        int attempt = 1 + message.getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (status == 429 || status >= 500) {
            Long retryAfter = retryAfter(message);
            if (retryAfter != null && retryAfter > 0) {
                // the vendor asked for a pause, not one call to wait: every call to it waits (the
                // retry of this one, and the other people's calls, lookups and listings alike)
                gate.pause(vendor, retryAfter);
            }
            throw new RetryableVendorException(vendor, status, text, attempt, retryAfter,
                    message.getHeader(Exchange.HTTP_METHOD, String.class));
        }
        throw new VendorRejectedException(vendor, status, text, attempt);
    }

    /**
     * A Retry-After (seconds, or an HTTP date) becomes the delay of the next attempt, capped; the
     * exponential backoff applies when there is none.
     */
    private Long retryAfter(Message message) {
        String value = message.getHeader("Retry-After", String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Long.parseLong(value.trim()) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                millis = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
            } catch (DateTimeException unreadable) {
                return null;
            }
        }
        long delay = Math.max(0, Math.min(millis, maxRetryAfterMs));
        message.setHeader(Exchange.REDELIVERY_DELAY, delay);
        return delay; // a work item's next attempt reads it from the exception (ItemRetries.retryLater)
    }
}
