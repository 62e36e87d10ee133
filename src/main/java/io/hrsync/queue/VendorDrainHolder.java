package io.hrsync.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.delivery.VendorTrafficGate;
import io.hrsync.connector.VendorConnector;
import io.quarkus.runtime.ShutdownEvent;

/**
 * This process's side of the vendors' drain leases ({@link VendorDrainLeases}): a drain claims items
 * only while its process holds the vendor's lease (renewed every third of
 * {@code hrsync.delivery.vendor-lease-seconds}); once it has had nothing to do, and made no call, for
 * {@link #IDLE_RELEASE}, or when the process stops, the lease is released with the gate's recent
 * calls for the next holder.
 */
@ApplicationScoped
public class VendorDrainHolder {

    /** Idle this long (nothing claimed, nothing in hand), a drain lets another process have the vendor. */
    static final Duration IDLE_RELEASE = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(VendorDrainHolder.class);

    private record Held(Instant renewAt, Instant mayCallFrom, long ratePeriodMs) {
    }

    private final VendorDrainLeases leases;
    private final VendorTrafficGate gate;
    private final Duration lease;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Instant> idleSince = new ConcurrentHashMap<>();
    /** Calls made outside the drain (a directory listing) in progress, per vendor: the lease is kept meanwhile. */
    private final Map<String, AtomicInteger> outside = new ConcurrentHashMap<>();

    @Inject
    public VendorDrainHolder(VendorDrainLeases leases, VendorTrafficGate gate, HrsyncConfig config) {
        this(leases, gate, Duration.ofSeconds(config.delivery().vendorLeaseSeconds()));
    }

    VendorDrainHolder(VendorDrainLeases leases, VendorTrafficGate gate, Duration lease) {
        this.leases = leases;
        this.gate = gate;
        this.lease = lease;
    }

    /** Whether this process may drain the vendor now (it holds the lease, and any quiet time is over). */
    public boolean mayDrain(VendorConnector vendor) {
        Instant now = Instant.now();
        Held h = held.get(vendor.name());
        if (h == null || !now.isBefore(h.renewAt())) {
            Optional<VendorDrainLeases.Lease> taken = leases.hold(vendor.name(), lease, Duration.ofMillis(vendor.ratePeriodMs()));
            if (taken.isEmpty()) {
                if (held.remove(vendor.name()) != null) {
                    LOG.warnf("%s: another process drains this vendor now", vendor.name());
                }
                return false;
            }
            taken.get().recentCallsOfPrevious().ifPresent(
                    recent -> gate.seed(vendor.name(), VendorTrafficGate.Recent.decode(recent)));
            if (h == null && taken.get().mayCallFrom().isAfter(now.plusSeconds(1))) { // once, not at every renewal
                LOG.infof("%s: drained by this process from %s (one rate window after the process before it)",
                        vendor.name(), taken.get().mayCallFrom());
            }
            h = new Held(now.plus(lease.dividedBy(3)), taken.get().mayCallFrom(), vendor.ratePeriodMs());
            held.put(vendor.name(), h);
        }
        return !now.isBefore(h.mayCallFrom());
    }

    /**
     * Makes calls to the vendor outside its drain (the run's listing of its directory) while this
     * process holds the vendor's drain lease, so that processes sharing the state store never
     * together exceed its limit: waits up to {@code maxWait} for the lease (another process may be
     * delivering to the vendor), then keeps it until the calls are done.
     *
     * @throws IllegalStateException when the lease did not come within {@code maxWait}
     */
    public <T> T whileHolding(VendorConnector vendor, Duration maxWait, Supplier<T> calls) {
        Instant deadline = Instant.now().plus(maxWait);
        AtomicInteger count = outside.computeIfAbsent(vendor.name(), v -> new AtomicInteger());
        count.incrementAndGet();
        try {
            while (!mayDrain(vendor)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("another process has been delivering to " + vendor.name() + " for "
                            + maxWait.toSeconds() + " s: its directory was not listed");
                }
                sleep();
            }
            idleSince.remove(vendor.name());
            return calls.get();
        } finally {
            count.decrementAndGet();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the drain lease", e);
        }
    }

    /** After a claim: whether the drain has nothing to do (then, idle long enough, the lease is released). */
    public void idle(VendorConnector vendor, boolean idle) {
        AtomicInteger listing = outside.get(vendor.name());
        if (listing != null && listing.get() > 0) {
            idleSince.remove(vendor.name());
            if (held.containsKey(vendor.name())) {
                mayDrain(vendor); // renews the lease while the calls outside the drain go on
            }
            return;
        }
        if (!idle) {
            idleSince.remove(vendor.name());
            return;
        }
        Instant now = Instant.now();
        Instant since = idleSince.putIfAbsent(vendor.name(), now);
        // idle, and no call for as long
        boolean quiet = now.toEpochMilli() - gate.lastCallAt(vendor.name()) >= IDLE_RELEASE.toMillis();
        if (since != null && !now.isBefore(since.plus(IDLE_RELEASE)) && quiet && held.containsKey(vendor.name())) {
            release(vendor.name());
        }
    }

    /** The process stops: its vendors are free for the next process, with the calls it made in their windows. */
    void releaseAll(@Observes ShutdownEvent stopping) {
        held.keySet().forEach(this::release);
    }

    private void release(String vendor) {
        Held h = held.remove(vendor);
        idleSince.remove(vendor);
        if (h != null) {
            try {
                leases.release(vendor, gate.recent(vendor, h.ratePeriodMs()).encode(), Duration.ofMillis(h.ratePeriodMs()));
            } catch (RuntimeException e) {
                LOG.warnf("%s: the drain lease could not be released (%s); it runs out by itself", vendor, e.getMessage());
            }
        }
    }
}
