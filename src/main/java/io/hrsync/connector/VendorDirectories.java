package io.hrsync.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.Person;
import io.hrsync.queue.VendorDrainHolder;
import io.hrsync.queue.WorkItem;
import io.hrsync.run.ExchangeKeys;

/**
 * Each enabled vendor's directory, listed ONCE per run (its {@code <vendor>-list-accounts} route) and
 * kept as a {@link VendorDirectory}: the vendors' find-user routes answer a person from it instead of
 * a lookup call per person, and the drift report compares the same listing. The first item of a
 * vendor in a run lists it (its other workers wait for that listing); a vendor with no item in the
 * run is listed by the drift report.
 * <p>
 * Where the index is not trusted, the find-user route still asks the vendor: an item whose earlier
 * attempt may have written (its answer lost: the account may exist now, the listing predates it), a
 * run with no plan (a replay of a few dead letters, for which a whole listing would cost more), and
 * while the listing cannot be read (it failed: tried again after {@link #RELIST_AFTER_FAILURE}).
 */
@ApplicationScoped
@Named("vendorDirectories")
public class VendorDirectories {

    /** After a listing failed, a run's items are looked up one by one this long before it is tried again. */
    static final Duration RELIST_AFTER_FAILURE = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(VendorDirectories.class);
    /** The lookup cache's kind of a user looked up by email (what {@link VendorLookupCache#forgetPerson} drops). */
    private static final String USER = "user";

    private static final class Listing {
        private VendorDirectory directory;
        private Instant failedAt;
    }

    private final ProducerTemplate template;
    private final VendorRegistry vendors;
    private final VendorDrainHolder holder;
    private final VendorLookupCache cache;
    private final Duration leaseWait;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    public VendorDirectories(ProducerTemplate template, VendorRegistry vendors, VendorDrainHolder holder,
            VendorLookupCache cache, HrsyncConfig config) {
        this.template = template;
        this.vendors = vendors;
        this.holder = holder;
        this.cache = cache;
        // a listing outside the drain (the drift report's) waits this long for another process's delivery to the vendor
        this.leaseWait = Duration.ofSeconds(4L * config.delivery().vendorLeaseSeconds());
    }

    /** The run's directory of the vendor, listed now if this is its first use in the run. */
    public VendorDirectory of(String runId, String vendor) {
        return of(runId, vendor, true);
    }

    /**
     * The run's directory of the vendor, listed now if needed; {@code evenAfterFailure} false: not
     * tried again within {@link #RELIST_AFTER_FAILURE} of a listing that failed (throws instead).
     */
    private VendorDirectory of(String runId, String vendor, boolean evenAfterFailure) {
        Listing listing = listings.computeIfAbsent(runId + "|" + vendor, k -> new Listing());
        // one listing per run and vendor: the vendor's other workers wait for it rather than list again
        synchronized (listing) {
            if (listing.directory == null) {
                if (!evenAfterFailure && listing.failedAt != null
                        && Instant.now().isBefore(listing.failedAt.plus(RELIST_AFTER_FAILURE))) {
                    throw new IllegalStateException(vendor + "'s directory listing failed at " + listing.failedAt);
                }
                try {
                    listing.directory = list(runId, vendors.enabled(vendor)
                            .orElseThrow(() -> new IllegalStateException(vendor + " is not an enabled vendor")));
                } catch (RuntimeException e) {
                    listing.failedAt = Instant.now();
                    throw e;
                }
            }
            return listing.directory;
        }
    }

    /** The run's directory of the vendor if it has been listed already. */
    public Optional<VendorDirectory> listed(String runId, String vendor) {
        Listing listing = listings.get(runId + "|" + vendor);
        if (listing == null) {
            return Optional.empty();
        }
        synchronized (listing) {
            return Optional.ofNullable(listing.directory);
        }
    }

    /** The exchange's run's directory of its vendor. */
    public VendorDirectory of(Exchange exchange) {
        return of(exchange.getProperty(ExchangeKeys.RUN_ID, String.class), exchange.getProperty(ExchangeKeys.VENDOR, String.class));
    }

    /**
     * Whether the run's listing answers this item's lookup (a find-user route's choice): yes for a
     * planned run's first attempt; no after an attempt that may have written (the account may have
     * been created since the listing) and in a run without a plan (a replay).
     */
    public boolean answers(Exchange exchange) {
        WorkItem item = exchange.getProperty(ExchangeKeys.WORK_ITEM, WorkItem.class);
        if (item == null || item.retried() || exchange.getProperty(ExchangeKeys.PLANNED) == null
                || exchange.getProperty(ExchangeKeys.PLAN) == null) {
            return false;
        }
        try {
            of(exchange.getProperty(ExchangeKeys.RUN_ID, String.class), item.vendor(), false);
            return true;
        } catch (RuntimeException e) {
            // the vendor's own lookup, with the usual retries, Retry-After and dead letters, serves this
            // item; the listing is tried again by a later item (after RELIST_AFTER_FAILURE) or the drift report
            LOG.warnf("%s: the run's directory listing failed (%s); people are looked up one by one meanwhile",
                    item.vendor(), e.getMessage());
            return false;
        }
    }

    /**
     * The person's account in the run's listing: after an HRIS email change under the previous email
     * first, then under today's email, then (where the vendor keeps one) under their employee id; null
     * when the vendor has no account of theirs.
     */
    public JsonNode user(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        VendorDirectory directory = of(exchange);
        return directory.byEmail(PreviousEmail.of(exchange))
                .or(() -> directory.byEmail(person.email()))
                .or(() -> directory.byEmployeeId(person.employeeId()))
                .orElse(null);
    }

    /**
     * A user (a manager) by email in the run: from the run's listing once it has been read (with the
     * accounts the run created), else looked up once for the run with {@code lookup} (a user the
     * listing does not have, or a run that did not list: a retry, a replay).
     */
    public Optional<JsonNode> user(String runId, String vendor, String email, Supplier<Optional<JsonNode>> lookup) {
        return listed(runId, vendor).flatMap(d -> d.byEmail(email))
                .or(() -> cache.get(runId, vendor, USER, Person.normaliseEmail(email), () -> lookup.get().orElse(null)));
    }

    /** A user the run created, or moved to this email: later lookups in the run find it without a call. */
    public void remember(String runId, String vendor, String email, JsonNode user) {
        listed(runId, vendor).ifPresent(d -> d.remember(email, user));
        cache.put(runId, vendor, USER, Person.normaliseEmail(email), user);
    }

    /** The run moved a user away from this email: lookups by it find nothing (or ask the vendor again). */
    public void forget(String runId, String vendor, String email) {
        listed(runId, vendor).ifPresent(d -> d.forget(email));
        cache.invalidate(runId, vendor, USER, Person.normaliseEmail(email));
    }

    /** Every account of the vendor as this run's listing returned it (the drift report's body). */
    public List<VendorAccount> accounts(Exchange exchange) {
        return of(exchange).listed();
    }

    /** The run is over: its listings are dropped. */
    public void forgetRun(String runId) {
        listings.keySet().removeIf(k -> k.startsWith(runId + "|"));
    }

    /** The vendor's listing route, called while this process holds the vendor's drain lease (a drain's worker already does). */
    @SuppressWarnings("unchecked")
    private VendorDirectory list(String runId, VendorConnector connector) {
        Exchange answer = holder.whileHolding(connector, leaseWait,
                () -> template.send(connector.directoryEndpoint(), ExchangePattern.InOut, e -> {
                    e.setProperty(ExchangeKeys.RUN_ID, runId);
                    e.setProperty(ExchangeKeys.VENDOR, connector.name());
                }));
        if (answer.getException() != null) {
            throw answer.getException() instanceof RuntimeException r ? r : new IllegalStateException(answer.getException());
        }
        return new VendorDirectory(connector, answer.getMessage().getBody(List.class));
    }
}
