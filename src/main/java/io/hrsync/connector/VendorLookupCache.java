package io.hrsync.connector;

import io.hrsync.run.ExchangeKeys;
import io.hrsync.hris.Person;
import org.apache.camel.Exchange;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Lookups a run makes again and again (a user by email, a group or department by name, a whole
 * reference list), made once per run and kept in a Caffeine cache keyed by run, vendor and kind.
 * "Not found" is cached too. A vendor invalidates an entry when the vendor answers 404 for it; the
 * run's entries are dropped when the run ends.
 */
@ApplicationScoped
@Named("vendorLookupCache")
public class VendorLookupCache {

    private static final Object ABSENT = new Object();

    private final Cache<String, Object> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(12))
            .maximumSize(500_000)
            .build();

    /** The cached value, loading it once per run when absent; the loader may return null (cached as absent). */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(String runId, String vendor, String kind, String key, Supplier<T> loader) {
        Object value = cache.get(key(runId, vendor, kind, key), k -> {
            T loaded = loader.get();
            return loaded == null ? ABSENT : loaded;
        });
        return value == ABSENT ? Optional.empty() : Optional.of((T) value);
    }

    /** What is cached, without loading. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> peek(String runId, String vendor, String kind, String key) {
        Object value = cache.getIfPresent(key(runId, vendor, kind, key));
        return value == null || value == ABSENT ? Optional.empty() : Optional.of((T) value);
    }

    public void put(String runId, String vendor, String kind, String key, Object value) {
        cache.put(key(runId, vendor, kind, key), value == null ? ABSENT : value);
    }

    public void invalidate(String runId, String vendor, String kind, String key) {
        cache.invalidate(key(runId, vendor, kind, key));
    }

    /**
     * After a vendor answered 404 for a person (the account went away since it was looked up): drops
     * what the run cached under the person's email (and under their previous email, after an email
     * change) for that vendor, so the next lookup asks again.
     */
    public void forgetPersonOnNotFound(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error instanceof VendorCallException call && call.status() == 404) {
            forgetPerson(exchange);
        }
    }

    /**
     * Drops what the run cached for the exchange's person in its vendor (under their email, and
     * their previous email after an email change): the next lookup asks the vendor again. Before an
     * item's next attempt, since the failed one may have written.
     */
    public void forgetPerson(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        if (person != null) {
            String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
            String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
            String prefix = runId + "|" + vendor + "|";
            String suffix = "|" + person.email();
            String previous = PreviousEmail.of(exchange);
            String previousSuffix = previous == null ? null : "|" + previous;
            cache.asMap().keySet().removeIf(k -> k.startsWith(prefix)
                    && (k.endsWith(suffix) || previousSuffix != null && k.endsWith(previousSuffix)));
        }
    }

    /** Drops everything a run cached. */
    public void forgetRun(String runId) {
        String prefix = runId + "|";
        cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static String key(String runId, String vendor, String kind, String key) {
        return runId + "|" + vendor + "|" + kind + "|" + key;
    }
}
