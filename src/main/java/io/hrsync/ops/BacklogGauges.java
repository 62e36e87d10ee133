package io.hrsync.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.hrsync.delivery.VendorCircuits;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.WorkQueue.Backlog;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Gauges of what waits per vendor, read from the work queue table: queue depth, the oldest waiting
 * item's age and the dead letters not replayed; and each vendor's circuit state. The queue is read
 * by one grouped query ({@link WorkQueue#backlog()}) at most every {@value #CACHE_SECONDS} seconds,
 * however many gauges a scrape samples (Micrometer samples each gauge on its own).
 */
@ApplicationScoped
public class BacklogGauges {

    static final int CACHE_SECONDS = 5;
    private static final Backlog NONE = new Backlog(0, 0, java.util.Optional.empty(), 0);

    private final WorkQueue queue;
    private final VendorCircuits circuits;
    private final VendorRegistry vendors;
    private final Clock clock = Clock.systemUTC();
    private Map<String, Backlog> backlog = Map.of();
    private Instant readAt = Instant.EPOCH;

    public BacklogGauges(WorkQueue queue, VendorCircuits circuits, VendorRegistry vendors) {
        this.queue = queue;
        this.circuits = circuits;
        this.vendors = vendors;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        for (VendorConnector connector : vendors.enabled()) {
            String vendor = connector.name();
            Gauge.builder("hrsync.queue.depth", this, g -> g.of(vendor).waiting())
                    .description("Work items waiting for delivery (queued or claimed)").tag("vendor", vendor).register(registry);
            Gauge.builder("hrsync.queue.oldest.age.seconds", this, g -> g.oldestAgeSeconds(vendor))
                    .description("Age of the oldest work item waiting for delivery (0 when none waits)").tag("vendor", vendor)
                    .register(registry);
            Gauge.builder("hrsync.dead.letters.pending", this, g -> g.of(vendor).dead())
                    .description("Dead letters not replayed").tag("vendor", vendor).register(registry);
            for (String state : new String[] {"CLOSED", "OPEN", "HALF_OPEN"}) {
                Gauge.builder("hrsync.vendor.circuit.state", circuits, c -> c.state(vendor).equals(state) ? 1 : 0)
                        .description("1 for the vendor's current circuit breaker state").tag("vendor", vendor).tag("state", state)
                        .register(registry);
            }
        }
    }

    private synchronized Backlog of(String vendor) {
        Instant now = clock.instant();
        if (!now.isBefore(readAt.plusSeconds(CACHE_SECONDS))) {
            backlog = queue.backlog();
            readAt = now;
        }
        return backlog.getOrDefault(vendor, NONE);
    }

    private double oldestAgeSeconds(String vendor) {
        return of(vendor).oldestWaiting().map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0).orElse(0.0);
    }
}
