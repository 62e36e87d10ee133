package io.hrsync.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.run.ExchangeKeys;

/** Lookups are made once per run; a 404 for a person drops that person's cached lookups only. */
class VendorLookupCacheTest {

    final VendorLookupCache cache = new VendorLookupCache();

    @Test
    void loadsOncePerRunAndForgetsAPersonOn404() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        cache.get("run1", "ramp", "user", "a@example.com", () -> "id-" + loads.incrementAndGet());
        cache.get("run1", "ramp", "user", "a@example.com", () -> "id-" + loads.incrementAndGet());
        cache.get("run1", "ramp", "user", "b@example.com", () -> null);
        assertEquals(1, loads.get(), "a@ loaded once");
        assertTrue(cache.get("run1", "ramp", "user", "b@example.com", () -> "never").isEmpty(), "absent is cached too");

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(ExchangeKeys.RUN_ID, "run1");
            exchange.setProperty(ExchangeKeys.VENDOR, "ramp");
            exchange.setProperty(ExchangeKeys.PERSON, new Person("E1", "a@example.com", "A", "B", null, null, null, null,
                    null, null, PersonStatus.ACTIVE));
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new VendorRejectedException("ramp", 404, "not found"));
            cache.forgetPersonOnNotFound(exchange);
        }
        assertTrue(cache.peek("run1", "ramp", "user", "a@example.com").isEmpty(), "a@ still cached after a 404");
        assertTrue(cache.get("run1", "ramp", "user", "b@example.com", () -> "never").isEmpty(), "b@ was dropped too");
        assertEquals("id-2", cache.get("run1", "ramp", "user", "a@example.com", () -> "id-" + loads.incrementAndGet()).orElseThrow());
    }

    @Test
    void a404AfterAnEmailChangeForgetsThePreviousEmailToo() throws Exception {
        cache.put("run2", "workramp", "user", "old@example.com", "id-1");
        cache.put("run2", "workramp", "user", "new@example.com", "id-1");
        cache.put("run2", "workramp", "user", "other@example.com", "id-2");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(ExchangeKeys.RUN_ID, "run2");
            exchange.setProperty(ExchangeKeys.VENDOR, "workramp");
            exchange.setProperty(ExchangeKeys.PERSON, new Person("E2", "new@example.com", "N", "E", null, null, null, null,
                    null, null, PersonStatus.ACTIVE));
            exchange.setProperty(ExchangeKeys.PREVIOUS_EMAIL, "Old@Example.com");
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new VendorRejectedException("workramp", 404, "not found"));
            cache.forgetPersonOnNotFound(exchange);
        }
        assertTrue(cache.peek("run2", "workramp", "user", "old@example.com").isEmpty(), "the previous email's entry is stale");
        assertTrue(cache.peek("run2", "workramp", "user", "new@example.com").isEmpty());
        assertEquals("id-2", cache.peek("run2", "workramp", "user", "other@example.com").orElseThrow());
    }
}
