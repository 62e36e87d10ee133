package io.hrsync.delivery;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Counts the calls this process makes to each vendor, by kind: {@code read} (GET), {@code write}
 * (any other method) and {@code token} (an OAuth2 token request). Every vendor http route calls
 * {@link #made} right before its HTTP endpoint (routes/vendor-*.camel.yaml), retries and the
 * 401-renewal repeat included, so a run's summary.json can say how many calls each change cost.
 */
@ApplicationScoped
@Named("vendorCalls")
public class VendorCalls {

    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String TOKEN = "token";

    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();
    private final io.hrsync.ops.HrsyncMetrics metrics;

    public VendorCalls(io.hrsync.ops.HrsyncMetrics metrics) {
        this.metrics = metrics;
    }

    /** The clock a call's latency is measured with (System.nanoTime), read right before the call. */
    public long clock() {
        return System.nanoTime();
    }

    /**
     * A call ended (the route's doFinally): its answer status (null when no answer came: a timeout, a
     * refused or dropped connection) and how long it took since {@link #clock()}, for the metrics.
     */
    public void answered(String vendor, Integer status, long startedNanos) {
        metrics.vendorCall(vendor, status, java.time.Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** One call to the vendor: {@code kind} is {@code token} or the HTTP method. */
    public void made(String vendor, String kind) {
        String k = TOKEN.equalsIgnoreCase(kind) ? TOKEN
                : kind == null || kind.equalsIgnoreCase("GET") || kind.equalsIgnoreCase("HEAD") ? READ : WRITE;
        counts.computeIfAbsent(vendor, v -> new ConcurrentHashMap<>()).computeIfAbsent(k, x -> new LongAdder()).increment();
    }

    /** The calls made so far, per vendor and kind. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        counts.forEach((vendor, kinds) -> {
            Map<String, Long> k = new TreeMap<>();
            kinds.forEach((kind, n) -> k.put(kind, n.sum()));
            copy.put(vendor, k);
        });
        return copy;
    }

    /** The calls made between two snapshots, per vendor: read, write, token (zeros included). */
    public static Map<String, Map<String, Long>> between(Map<String, Map<String, Long>> before,
            Map<String, Map<String, Long>> after) {
        Map<String, Map<String, Long>> made = new TreeMap<>();
        after.forEach((vendor, kinds) -> {
            Map<String, Long> k = new java.util.LinkedHashMap<>();
            for (String kind : new String[] {READ, WRITE, TOKEN}) {
                long was = before.getOrDefault(vendor, Map.of()).getOrDefault(kind, 0L);
                k.put(kind, kinds.getOrDefault(kind, 0L) - was);
            }
            made.put(vendor, k);
        });
        return made;
    }
}
