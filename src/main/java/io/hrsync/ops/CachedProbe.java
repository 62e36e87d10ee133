package io.hrsync.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The last result of one dependency's readiness check, reused for the cache interval
 * ({@code hrsync.health.cache-seconds}): Kubernetes probes every few seconds, and a vendor's auth
 * check must not spend its rate limit on them (at most one call per interval, concurrent probes
 * included: they wait for the one check in progress).
 *
 * <p>Hand-written: SmallRye Health calls every check on every probe and has no result cache
 * (quarkus.smallrye-health.* in Quarkus 3.27 offers none).
 */
final class CachedProbe {

    private final Duration ttl;
    private final Clock clock;
    private Instant checkedAt;
    private HealthCheckResponse last;

    CachedProbe(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The cached result while it is younger than the interval, otherwise a fresh one from {@code check}. */
    synchronized HealthCheckResponse get(Supplier<HealthCheckResponse> check) {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(ttl))) {
            last = check.get();
            checkedAt = now;
        }
        return last;
    }

    /** Forgets the cached result: the next probe checks the dependency again. */
    synchronized void forget() {
        last = null;
    }
}
