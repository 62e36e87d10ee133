package io.hrsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.NightlySyncTest;
import io.hrsync.RunResults;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Health and metrics on the management port after a real sandbox night: readiness names every
 * dependency and goes DOWN (503) when one is down; the metrics' counters agree with the run's result files.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OpsEndpointsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @BeforeEach
    void fresh() {
        SandboxTestResource.resetVendorsAndState();
        Arc.container().instance(VendorAuthReadiness.class).get().forget();
        Arc.container().select(SftpReadiness.class, org.eclipse.microprofile.health.Readiness.Literal.INSTANCE).get().forget();
    }

    static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, JsonNode> checks(String body) throws IOException {
        Map<String, JsonNode> byName = new HashMap<>();
        JSON.readTree(body).path("checks").forEach(c -> byName.put(c.path("name").asText(), c));
        return byName;
    }

    /** The sum of a metric's samples whose labels include every given label. */
    static double metric(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String sampleLabels = line.startsWith(name + "{") ? line.substring(name.length() + 1, line.lastIndexOf('}')) : "";
            if (labels.entrySet().stream().allMatch(l -> sampleLabels.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** How much a metric (its samples with those labels, summed) moved between two scrapes. */
    static double delta(String before, String after, String name, Map<String, String> labels) {
        return metric(after, name, labels) - metric(before, name, labels);
    }

    @Test
    void readyAfterANightAndNotReadyWhenAVendorRefusesTheCredential() throws Exception {
        String before = get("/q/metrics").body();
        RunResults run = RunResults.process(sandbox, "ops-1.csv", NightlySyncTest.sample());
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());

        // metrics: the counters moved by exactly what the result files say
        HttpResponse<String> metrics = get("/q/metrics");
        assertEquals(200, metrics.statusCode());
        String after = metrics.body();
        assertEquals(run.summary.path("rows").path("valid").asDouble(),
                metric(after, "hrsync_rows_read_total", Map.of()) - metric(before, "hrsync_rows_read_total", Map.of()));
        assertEquals(run.summary.path("rows").path("rejected").asDouble(),
                metric(after, "hrsync_rows_rejected_total", Map.of()) - metric(before, "hrsync_rows_rejected_total", Map.of()));
        int checked = 0;
        for (Map<String, String> a : run.actions) {
            Map<String, String> labels = Map.of("vendor", a.get("vendor"), "action", a.get("action"), "outcome", a.get("outcome"));
            long inFile = run.actions.stream().filter(x -> x.get("vendor").equals(a.get("vendor"))
                    && x.get("action").equals(a.get("action")) && x.get("outcome").equals(a.get("outcome"))).count();
            assertEquals(inFile, metric(after, "hrsync_outcomes_total", labels) - metric(before, "hrsync_outcomes_total", labels),
                    0.0001, labels.toString());
            checked++;
        }
        assertEquals(run.actions.size(), metric(after, "hrsync_outcomes_total", Map.of()) - metric(before, "hrsync_outcomes_total", Map.of()));
        assertTrue(checked >= 14);
        for (String vendor : new String[] {"workramp", "ramp", "workiva", "skilljar"}) {
            JsonNode calls = run.summary.path("calls").path(vendor);
            Map<String, String> v = Map.of("vendor", vendor);
            assertEquals(calls.path("read").asDouble() + calls.path("write").asDouble() + calls.path("token").asDouble(),
                    metric(after, "hrsync_vendor_http_calls_seconds_count", v) - metric(before, "hrsync_vendor_http_calls_seconds_count", v),
                    vendor + ": " + calls);
            assertEquals(1, metric(after, "hrsync_vendor_circuit_state", Map.of("vendor", vendor, "state", "CLOSED")));
        }
        assertTrue(after.contains("hrsync_vendor_http_calls_seconds_bucket{"), "latency histogram buckets");
        assertEquals(1, metric(after, "hrsync_runs_total", Map.of("status", "COMPLETED"))
                - metric(before, "hrsync_runs_total", Map.of("status", "COMPLETED")));
        assertTrue(metric(after, "hrsync_run_last_success_timestamp_seconds", Map.of())
                >= java.time.Instant.parse(run.summary.path("startedAt").asText()).getEpochSecond());

        HttpResponse<String> ready = get("/q/health/ready");
        System.out.println(ready.body());
        assertEquals(200, ready.statusCode(), ready.body());
        Map<String, JsonNode> checks = checks(ready.body());
        for (String name : new String[] {"state-store", "sftp", "vendor-workramp", "vendor-ramp", "vendor-workiva", "vendor-skilljar"}) {
            assertEquals("UP", checks.get(name).path("status").asText(), name + ": " + ready.body());
        }
        assertEquals(200, get("/q/health/live").statusCode());

        // cached: a second probe within hrsync.health.cache-seconds calls no vendor
        int workRampCalls = sandbox.workramp().requests().size();
        assertEquals(200, get("/q/health/ready").statusCode());
        assertEquals(workRampCalls, sandbox.workramp().requests().size(), "a cached readiness check called WorkRamp again");

        // WorkRamp refuses the credential: not ready, with the reason, and no secret in it
        sandbox.workramp().failNext(1, 401);
        Arc.container().instance(VendorAuthReadiness.class).get().forget();
        HttpResponse<String> refused = get("/q/health/ready");
        assertEquals(503, refused.statusCode(), refused.body());
        JsonNode workramp = checks(refused.body()).get("vendor-workramp");
        assertEquals("DOWN", workramp.path("status").asText(), refused.body());
        assertTrue(workramp.path("data").path("error").asText().contains("401"), refused.body());
        assertTrue(!refused.body().contains(Sandbox.WORKRAMP_API_KEY), refused.body());
        assertEquals("UP", checks(refused.body()).get("vendor-ramp").path("status").asText(), refused.body());
    }

    @Test
    void rateLimitsRetriesAndTheEmptiedQueuesShowAsTheVendorsSawThem() throws Exception {
        String before = get("/q/metrics").body();
        sandbox.workramp().failNext(2, 429, 1); // WorkRamp rate-limits the run's first two calls (Retry-After: 1)
        RunResults run = RunResults.process(sandbox, "ops-3.csv", NightlySyncTest.sample());
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        String after = get("/q/metrics").body();

        Map<String, String> workramp = Map.of("vendor", "workramp");
        long served429 = sandbox.workramp().requests().stream().filter(r -> r.status() == 429).count();
        assertEquals(2, served429);
        assertEquals(served429, delta(before, after, "hrsync_vendor_rate_limited_total", workramp));
        assertEquals(served429, delta(before, after, "hrsync_vendor_retries_total", workramp), "each 429 retried once");
        // retried, the run's reads did their job: the rules were checked, the directory listed once
        assertTrue(!java.nio.file.Files.readString(run.dir.resolve("preflight.csv")).contains("UNCHECKED"), "preflight checked");
        assertEquals(1, sandbox.workramp().requests().stream().filter(r -> r.path().equals("/api/v1/users")
                && r.query() != null && r.query().contains("page=0")).count(), "the directory listed once");
        assertEquals(0, sandbox.workramp().requests().stream().filter(r -> r.path().equals("/api/v1/users")
                && r.query() != null && r.query().contains("email=")).count(), "nobody looked up one by one");
        for (String vendor : new String[] {"workramp", "ramp", "workiva", "skilljar"}) {
            Map<String, String> v = Map.of("vendor", vendor);
            assertEquals(0, metric(after, "hrsync_queue_depth", v), vendor + ": nothing waits after the run");
            assertEquals(0, metric(after, "hrsync_queue_oldest_age_seconds", v), vendor);
            assertEquals(0, metric(after, "hrsync_dead_letters_pending", v), vendor);
            if (!vendor.equals("workramp")) {
                assertEquals(0, delta(before, after, "hrsync_vendor_rate_limited_total", v), vendor);
            }
        }
        double took = java.time.Duration.between(java.time.Instant.parse(run.summary.path("startedAt").asText()),
                java.time.Instant.parse(run.summary.path("finishedAt").asText())).toMillis() / 1000.0;
        double lastDuration = metric(after, "hrsync_run_last_duration_seconds", Map.of());
        assertTrue(lastDuration >= 1 && Math.abs(lastDuration - took) <= 1.0,
                "last run took " + lastDuration + " s by the gauge, " + took + " s by summary.json (two 429s waited 1 s each)");
    }

    @Test
    void progressDuringARunCountsTheRunsItemsPerVendor() throws Exception {
        sandbox.workramp().latency(100); // WorkRamp slow enough that the run is still delivering when sampled
        try {
            sandbox.sftp().upload(Sandbox.INBOX, "ops-2.csv", NightlySyncTest.sample().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            RunProgress progress = Arc.container().instance(RunProgress.class).get();
            java.util.List<VendorProgress> lines = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(progress::report, l -> !l.isEmpty());
            RunResults run = RunResults.awaitRun(sandbox, "ops-2.csv");
            for (VendorProgress line : lines) {
                assertEquals(run.runId(), line.runId());
                assertEquals(run.actions.stream().filter(a -> a.get("vendor").equals(line.vendor())).count(), line.total(), line.line());
                assertTrue(line.done() <= line.total(), line.line());
                assertTrue(line.line().startsWith("run " + run.runId() + " " + line.vendor() + ": " + line.done() + " / " + line.total()
                        + " done"), line.line());
            }
            assertTrue(lines.stream().anyMatch(l -> l.vendor().equals("workramp") && l.done() < l.total()), lines.toString());
        } finally {
            sandbox.workramp().latency(0);
        }
    }
}
