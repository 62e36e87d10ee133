package io.hrsync.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.config.SecretRedactor;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;

/**
 * Readiness: each enabled vendor accepts hrsync's credential, one check per vendor
 * ({@code vendor-<name>}). The check is the read-only call of the route {@code health-<name>-auth} in the vendor's own route file
 * (route {@code health-<name>-auth}: the smallest page of the vendor's user list, through the vendor's
 * own HTTP route, so its circuit, rate gate and authentication apply). Its result is reused for
 * {@code hrsync.health.cache-seconds}: at most one call per vendor per interval, whatever the probes do.
 */
@ApplicationScoped
public class VendorAuthReadiness {

    private final VendorRegistry vendors;
    private final ProducerTemplate camel;
    private final Duration ttl;
    private final Map<String, CachedProbe> caches = new ConcurrentHashMap<>();

    public VendorAuthReadiness(VendorRegistry vendors, ProducerTemplate camel, HrsyncConfig config) {
        this.vendors = vendors;
        this.camel = camel;
        this.ttl = Duration.ofSeconds(config.health().cacheSeconds());
    }

    void register(@Observes StartupEvent event, @Readiness HealthRegistry readiness) {
        for (VendorConnector vendor : vendors.enabled()) {
            CachedProbe cache = caches.computeIfAbsent(vendor.name(), v -> new CachedProbe(ttl, Clock.systemUTC()));
            // before Camel has started the check cannot be made: DOWN, and not cached (a "CamelContext is
            // stopped" failure kept for the whole interval held a new pod not-ready for a minute)
            readiness.register(checkName(vendor.name()), () -> camel.getCamelContext().isStarted()
                    ? cache.get(() -> check(vendor.name()))
                    : HealthCheckResponse.named(checkName(vendor.name())).down().withData("error", "hrsync is starting").build());
        }
    }

    static String checkName(String vendor) {
        return "vendor-" + vendor;
    }

    /** Forgets every cached result (the next probe calls each vendor again). */
    public void forget() {
        caches.values().forEach(CachedProbe::forget);
    }

    private HealthCheckResponse check(String vendor) {
        String route = "direct:health-" + vendor + "-auth";
        try {
            camel.requestBody(route, (Object) null);
            return HealthCheckResponse.named(checkName(vendor)).up().build();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof org.apache.camel.CamelExecutionException && e.getCause() != null ? e.getCause() : e;
            return HealthCheckResponse.named(checkName(vendor)).down()
                    .withData("error", SecretRedactor.mask(cause.getClass().getSimpleName() + ": " + cause.getMessage()))
                    .build();
        }
    }
}
