package io.hrsync.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.hrsync.connector.ramp.RampConfig;
import io.hrsync.connector.skilljar.SkilljarConfig;
import io.hrsync.connector.workiva.WorkivaConfig;
import io.hrsync.connector.workramp.WorkRampConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.WithDefault;

/**
 * The default of {@code hrsync.vendors.<name>.concurrency} (work items a vendor's drain delivers at
 * once), sized from the vendor's configured limit so that the limit, not the latency of each call,
 * sets the pace: enough calls in flight to use the whole limit at {@value #ASSUMED_LATENCY_MS} ms a
 * call (real SaaS APIs answer in 100-300 ms), with half as much again for hrsync's own work between
 * calls; at least 1, at most {@value #MAX}. Shipped limits give WorkRamp 1 (45 a minute), Workiva 3
 * (300 a minute), Skilljar 2 (240 a minute) and Ramp 9 (180 per 10 s); a raised limit raises it.
 * A low ordinal: a {@code concurrency} set in any configuration file or the environment wins.
 * <p>
 * A config source rather than a computed getter because the value is also the number of the vendor's
 * workers in its YAML route ({@code vendor-work}'s {@code concurrentConsumers}, a property placeholder).
 */
public class VendorConcurrencyDefaults implements ConfigSourceFactory {

    static final int ASSUMED_LATENCY_MS = 300;
    static final int MAX = 16;

    private static final List<Class<?>> VENDOR_CONFIGS = List.of(WorkRampConfig.class, RampConfig.class,
            WorkivaConfig.class, SkilljarConfig.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> defaults = new HashMap<>();
        for (Class<?> vendor : VENDOR_CONFIGS) {
            String prefix = vendor.getAnnotation(ConfigMapping.class).prefix();
            long limit = Long.parseLong(value(context, prefix + ".rate-limit", declaredDefault(vendor, "rateLimit")));
            long periodMs = Long.parseLong(value(context, prefix + ".rate-period-ms", declaredDefault(vendor, "ratePeriodMs")));
            defaults.put(prefix + ".concurrency", String.valueOf(sizedToLimit(limit, periodMs)));
        }
        return List.of(new PropertiesConfigSource(defaults, "hrsync-vendor-concurrency", 110));
    }

    /** Workers that keep a vendor allowing {@code limit} calls per {@code periodMs} at its limit. */
    public static int sizedToLimit(long limit, long periodMs) {
        if (limit <= 0 || periodMs <= 0) {
            return 1;
        }
        double inFlight = (double) limit / periodMs * ASSUMED_LATENCY_MS * 1.5;
        return (int) Math.max(1, Math.min(MAX, Math.ceil(inFlight)));
    }

    /** A configured value as the running profile sees it (the context resolves {@code %profile.} names), else the fallback. */
    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue().trim();
    }

    /** The {@code @WithDefault} of a vendor configuration's getter: the shipped value, declared once. */
    private static String declaredDefault(Class<?> config, String getter) {
        try {
            return config.getMethod(getter).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(config.getSimpleName() + " has no " + getter + "()", e);
        }
    }
}
