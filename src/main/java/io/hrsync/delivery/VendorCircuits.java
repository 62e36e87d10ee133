package io.hrsync.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.ObjectHelper;
import org.jboss.logging.Logger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.hrsync.config.HrsyncConfig;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Failures;
import io.hrsync.connector.RetryableVendorException;

/**
 * One Resilience4j circuit breaker per vendor. A vendor's HTTP route asks for a permit before each
 * call ({@link #permit}); the answer check reports each answer ({@link #answered}); the delivery
 * error handler reports calls that never got an answer (timeouts, refused or dropped connections,
 * as this {@link Processor}). When most recent calls failed the circuit opens: calls are refused at
 * once with {@code CallNotPermittedException}, and the delivery flow puts the work item back in the
 * queue untried; the vendor's drain claims nothing while the circuit is open and a single item (a
 * trial) while it is half-open, so a run neither grinds through every retry against a vendor that
 * is down nor gives its people up. An outage longer than {@code circuit-hold-max-seconds} (from the
 * first opening until the circuit closes again) no longer holds: the items still waiting are
 * dead-lettered, so the run can finish.
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
    /** When each vendor's current outage began (its circuit first opened and has not closed since). */
    private final Map<String, Instant> outageSince = new ConcurrentHashMap<>();
    private final Duration holdMax;
    private final Clock clock;

    @Inject
    public VendorCircuits(HrsyncConfig hrsync) {
        this(hrsync, Clock.systemUTC());
    }

    VendorCircuits(HrsyncConfig hrsync, Clock clock) {
        HrsyncConfig.Delivery delivery = hrsync.delivery();
        this.clock = clock;
        this.holdMax = Duration.ofSeconds(delivery.circuitHoldMaxSeconds());
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
            breaker.getEventPublisher().onStateTransition(event -> {
                LOG.warnf("%s circuit: %s", name, event.getStateTransition());
                switch (event.getStateTransition().getToState()) {
                    case OPEN -> outageSince.putIfAbsent(name, clock.instant());
                    case CLOSED -> outageSince.remove(name);
                    default -> { }
                }
            });
            return breaker;
        });
    }

    /** Before a call: throws CallNotPermittedException while the vendor's circuit is open. */
    public void permit(String vendor) {
        circuit(vendor).acquirePermission();
    }

    /**
     * How many of the vendor's items its drain may hand out now: none while the circuit is open and
     * still holding, one trial while it is half-open, otherwise {@code wanted}.
     */
    public int claimable(String vendor, int wanted) {
        return switch (circuit(vendor).getState()) {
            case OPEN, FORCED_OPEN -> holds(vendor) ? 0 : wanted;
            case HALF_OPEN -> Math.min(1, wanted);
            default -> wanted;
        };
    }

    /**
     * Whether a call the open circuit refused should wait in the queue (true) rather than be
     * dead-lettered: the vendor's outage has not yet lasted circuit-hold-max-seconds.
     */
    public boolean holds(String vendor) {
        Instant since = outageSince.get(vendor);
        return since == null || Duration.between(since, clock.instant()).compareTo(holdMax) < 0;
    }

    /** Why a refused call was dead-lettered instead of held. */
    public String holdExpired(String vendor) {
        return "the " + vendor + " circuit has been open since " + outageSince.get(vendor)
                + ", longer than hrsync.delivery.circuit-hold-max-seconds (" + holdMax.toSeconds()
                + "): dead-lettered, replay it once " + vendor + " is back";
    }

    /** The vendor's circuit state (CLOSED, OPEN, HALF_OPEN, …), for the metrics. */
    public String state(String vendor) {
        return circuit(vendor).getState().name();
    }

    /** Whether the vendor's circuit refuses calls right now. */
    public boolean open(String vendor) {
        return circuit(vendor).getState() == CircuitBreaker.State.OPEN;
    }

    /** Closes every circuit and forgets the outages (a fresh start, e.g. between sandbox scenarios). */
    public void closeAll() {
        circuits.values().forEach(CircuitBreaker::reset);
        outageSince.clear();
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
        Throwable error = Failures.of(exchange);
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        if (vendor != null && ObjectHelper.getException(IOException.class, error) != null) {
            circuit(vendor).onError(0, TimeUnit.MILLISECONDS, error);
        }
    }
}
