package io.hrsync.bench;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.LoopbackPorts;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.PostgresCluster;

/**
 * Acknowledgement latency of the Ramp webhook endpoint (issue 12): the packaged app in its own process
 * (webhooks on; the state store a throwaway PostgreSQL, or with bench.database=h2 the embedded H2 file
 * store, written out before each answer), every vendor simulator slowed to 2 s a call so that any
 * wait on delivery would show, and signed events posted at fixed rates by an open-loop generator in
 * this JVM (a request is sent on schedule whether or not earlier ones were answered). Prints p50, p99
 * and max per rate; writes target/bench/webhook/result.json. Options: bench.database (postgresql), bench.rates (100,500),
 * bench.seconds (10 per rate), bench.vendor-latency-ms (2000), bench.warm-up-rates (100,200,300,400,500: 4 s each,
 * not counted).
 */
public final class WebhookAckBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-bench-0b5e";

    private WebhookAckBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench/webhook"));
        int seconds = Integer.getInteger("bench.seconds", 10);
        long vendorLatency = Long.getLong("bench.vendor-latency-ms", 2000);
        deleteTree(dir);
        Files.createDirectories(dir);
        List<Map<String, Object>> results = new ArrayList<>();
        String database = System.getProperty("bench.database", "postgresql");
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY);
                PostgresCluster postgres = database.equals("postgresql") ? PostgresCluster.start(dir) : null) {
            sandbox.simulators().forEach(s -> s.latency(vendorLatency));
            int port = LoopbackPorts.free();
            Process app = start(dir, sandbox, port, postgres);
            try {
                URI endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/ramp");
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                awaitUp(http, endpoint);
                // warm-up, not counted: both JVMs compile their hot paths (the C2 compiler alone took a
                // core for the first ~20 s here), so a short warm-up measured the JIT, not the endpoint
                for (String rate : System.getProperty("bench.warm-up-rates", "100,200,300,400,500").split(",")) {
                    load(http, endpoint, Integer.parseInt(rate.trim()), 4);
                }
                System.out.printf("webhook ack bench: %d cores, state store %s, vendors at %d ms a call, %d s per rate%n",
                        Runtime.getRuntime().availableProcessors(), database, vendorLatency, seconds);
                System.out.printf("%8s | %8s | %8s | %8s | %8s | %8s | %s%n", "req/s", "sent", "200", "p50 ms", "p99 ms", "max ms", "other");
                for (String rate : System.getProperty("bench.rates", "100,500").split(",")) {
                    Map<String, Object> r = load(http, endpoint, Integer.parseInt(rate.trim()), seconds);
                    results.add(r);
                    System.out.printf("%8s | %8s | %8s | %8s | %8s | %8s | %s%n", r.get("rate"), r.get("sent"), r.get("ok"),
                            r.get("p50_ms"), r.get("p99_ms"), r.get("max_ms"), r.get("other") + " " + r.get("errors"));
                }
            } finally {
                app.destroy();
                app.waitFor(30, TimeUnit.SECONDS);
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("result.json").toFile(),
                Map.of("database", database, "vendor_latency_ms", vendorLatency, "seconds_per_rate", seconds, "runs", results));
    }

    /** Posts signed events at {@code rate} a second for {@code seconds}, open loop; the latencies. */
    static Map<String, Object> load(HttpClient http, URI endpoint, int rate, int seconds) throws Exception {
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        Map<String, Integer> errors = new java.util.concurrent.ConcurrentHashMap<>();
        ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
        int total = rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        AtomicInteger sent = new AtomicInteger();
        clock.scheduleAtFixedRate(() -> {
            if (sent.incrementAndGet() > total) {
                return;
            }
            String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"user.updated\",\"created_at\":\"2026-12-03T10:00:00Z\","
                    + "\"business_id\":\"biz_bench\",\"object\":{\"id\":\"" + UUID.randomUUID() + "\"}}";
            HttpRequest request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                    .header("X-Ramp-Webhook-Signature", sign(body)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                latencies.add(System.nanoTime() - start);
                if (error == null && response.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    other.incrementAndGet();
                    errors.merge(error != null ? String.valueOf(error.getCause() != null ? error.getCause() : error)
                            : "HTTP " + response.statusCode() + " " + response.body(), 1, Integer::sum);
                }
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(seconds * 1000L + 200);
        clock.shutdownNow();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rate", rate);
        r.put("sent", sorted.length);
        r.put("ok", ok.get());
        r.put("other", other.get());
        r.put("errors", errors);
        r.put("p50_ms", millis(percentile(sorted, 50)));
        r.put("p99_ms", millis(percentile(sorted, 99)));
        r.put("max_ms", millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        return r;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static Process start(Path dir, Sandbox sandbox, int port, PostgresCluster postgres) throws Exception {
        Map<String, String> p = new LinkedHashMap<>(sandbox.properties());
        if (postgres != null) {
            p.put("quarkus.datasource.h2.active", "false");
            p.put("quarkus.datasource.postgresql.active", "true");
            p.put("quarkus.datasource.postgresql.jdbc.url", postgres.jdbcUrl());
            p.put("quarkus.datasource.postgresql.username", postgres.username());
            p.put("quarkus.datasource.postgresql.password", postgres.password());
        }
        p.put("hrsync.results.dir", dir.resolve("results").toString());
        p.put("hrsync.hris.work-dir", dir.resolve("work").toString());
        p.put("hrsync.state.dir", dir.resolve("state").toString());
        p.put("hrsync.hris.poll-interval-ms", "3600000");
        p.put("hrsync.webhooks.ramp.enabled", "true");
        p.put("hrsync.vendors.ramp.webhook-secret", SECRET);
        p.put("quarkus.http.port", String.valueOf(port));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        p.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("hrsync.log").toFile()).start();
    }

    /**
     * Until the endpoint answers an unsigned post with 401: Quarkus' listener is up a moment before
     * Camel's route is on it (404 "Resource not found" meanwhile).
     */
    private static void awaitUp(HttpClient http, URI endpoint) throws Exception {
        long until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until) {
            try {
                if (http.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    return;
                }
            } catch (ConnectException notYet) {
                // the listener is not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the webhook endpoint did not come up");
    }

    static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
