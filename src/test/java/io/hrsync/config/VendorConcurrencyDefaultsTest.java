package io.hrsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/** The default number of a vendor's workers follows its configured limit. */
class VendorConcurrencyDefaultsTest {

    @Test
    void theShippedLimitsGiveEachVendorEnoughWorkersToUseItsLimitAt300MsACall() {
        Map<String, String> defaults = defaults(Map.of());
        assertEquals("1", defaults.get("hrsync.vendors.workramp.concurrency"), "45 a minute: one call in flight is plenty");
        assertEquals("9", defaults.get("hrsync.vendors.ramp.concurrency"), "180 per 10 s = 18/s × 0.3 s × 1.5");
        assertEquals("3", defaults.get("hrsync.vendors.workiva.concurrency"), "300 a minute = 5/s");
        assertEquals("2", defaults.get("hrsync.vendors.skilljar.concurrency"), "240 a minute = 4/s");
    }

    @Test
    void aRaisedLimitRaisesTheWorkersUpToSixteen() {
        Map<String, String> defaults = defaults(Map.of(
                "hrsync.vendors.workramp.rate-limit", "216", // 13,000 an hour, WorkRamp's burst ceiling
                "hrsync.vendors.ramp.rate-limit", "2000"));
        assertEquals("2", defaults.get("hrsync.vendors.workramp.concurrency"));
        assertEquals("16", defaults.get("hrsync.vendors.ramp.concurrency"));
    }

    @Test
    void aLimitThatMakesNoSenseStillGivesOneWorker() {
        assertEquals(1, VendorConcurrencyDefaults.sizedToLimit(0, 60_000));
        assertEquals(1, VendorConcurrencyDefaults.sizedToLimit(10, 0));
        assertEquals(1, VendorConcurrencyDefaults.sizedToLimit(1, 3_600_000));
    }

    private static Map<String, String> defaults(Map<String, String> configured) {
        ConfigSourceContext context = new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(configured.get(name)).build();
            }

            @Override
            public List<String> getProfiles() {
                return List.of();
            }

            @Override
            public Iterator<String> iterateNames() {
                return configured.keySet().iterator();
            }
        };
        Map<String, String> values = new HashMap<>();
        for (ConfigSource source : new VendorConcurrencyDefaults().getConfigSources(context)) {
            values.putAll(source.getProperties());
        }
        return values;
    }
}
