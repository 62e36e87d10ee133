package io.hrsync.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.ObjectHelper;
import org.jboss.logging.Logger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.hrsync.config.HrsyncConfig;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.vendor.RetryableVendorException;

/**
 * One Resilience4j circuit breaker per vendor. A vendor's HTTP route asks for a permit before each
 * call ({@link #permit}); the answer check reports each answer ({@link #answered}); the delivery
 * error handler reports calls that never got an answer (timeouts, refused or dropped connections,
 * as this {@link Processor}). When most recent calls failed the circuit opens: calls are refused at
 * once with {@code CallNotPermittedException}, which the delivery flow dead-letters without retrying,
 * so a run does not grind through every retry of every person against a vendor that is down.
 *
 * <p>Why not Camel's circuitBreaker EIP: it runs its steps on a copy of the exchange, and the
 * Retry-After delay and the vendor's answer body set inside did not survive the copy back.
 */
@ApplicationScoped
@Named("vendorCircuits")
public class VendorCircuits implements Processor {

    private static final Logger LOG = Logger.getLogger(VendorCircuits.class);

    private final CircuitBreakerConfig config;
    private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();

    public VendorCircuits(HrsyncConfig hrsync) {
        HrsyncConfig.Delivery delivery = hrsync.delivery();
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(delivery.circuitMinimumCalls())
                .minimumNumberOfCalls(delivery.circuitMinimumCalls())
                .failureRateThreshold(delivery.circuitFailureRatePercent())
                .waitDurationInOpenState(Duration.ofSeconds(delivery.circuitOpenSeconds()))
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    private CircuitBreaker circuit(String vendor) {
        return circuits.computeIfAbsent(vendor, name -> {
            CircuitBreaker breaker = CircuitBreaker.of(name, config);
            breaker.getEventPublisher().onStateTransition(event -> LOG.warnf("%s circuit: %s", name,
                    event.getStateTransition()));
            return breaker;
        });
    }

    /** Before a call: throws CallNotPermittedException while the vendor's circuit is open. */
    public void permit(String vendor) {
        circuit(vendor).acquirePermission();
    }

    /** After an answer: 429 and 5xx count as failures; everything else shows the vendor is up. */
    public void answered(String vendor, int status) {
        if (status == 429 || status >= 500) {
            circuit(vendor).onError(0, TimeUnit.MILLISECONDS, new RetryableVendorException(vendor, status, "failure"));
        } else {
            circuit(vendor).onSuccess(0, TimeUnit.MILLISECONDS);
        }
    }

    /** A call that got no answer at all (timeout, refused or dropped connection) counts as a failure. */
    @Override
    public void process(Exchange exchange) {
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        if (vendor != null && ObjectHelper.getException(IOException.class, error) != null) {
            circuit(vendor).onError(0, TimeUnit.MILLISECONDS, error);
        }
    }
}
