package io.hrsync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.hrsync.RunResultsFixtures;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.PostgresCluster;

/**
 * kill -9 right after a webhook's acknowledgement, before it is relayed: the event was stored before
 * the 200 (PostgreSQL commits to disk; the embedded H2 is made to write its file before the answer),
 * so the restarted process relays it, exactly once, and Ramp's retry of it afterwards is acknowledged
 * and not relayed again.
 */
class WebhookCrashIT {

    private static final String SECRET = "whsec-crash-it-7d41";

    // H2, the embedded default, is the case that needed the write-out before the answer (it lost the
    // event without it); "postgresql" passes too (run it with -Dit.test=WebhookCrashIT and this list
    // widened), but costs the suite a minute for what PostgreSQL's commit already guarantees
    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void anEventAcknowledgedBeforeAKillIsRelayedOnceAfterTheRestart(String database) throws Exception {
        Path dir = HrsyncProcess.fresh(Path.of("target/it-webhook-crash-" + database));
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY);
                PostgresCluster postgres = database.equals("postgresql") ? PostgresCluster.start(dir) : null) {
            Map<String, String> night = HrsyncProcess.runOnceAgainst(sandbox, dir);
            if (postgres != null) {
                night.put("quarkus.datasource.h2.active", "false");
                night.put("quarkus.datasource.postgresql.active", "true");
                night.put("quarkus.datasource.postgresql.jdbc.url", postgres.jdbcUrl());
                night.put("quarkus.datasource.postgresql.username", postgres.username());
                night.put("quarkus.datasource.postgresql.password", postgres.password());
            }
            sandbox.sftp().upload(Sandbox.INBOX, "webhook-crash.csv",
                    RunResultsFixtures.people("Kay", 2, "Sales").getBytes(StandardCharsets.UTF_8));
            HrsyncProcess nightly = HrsyncProcess.start(dir.resolve("night"), night);
            assertEquals(0, nightly.waitForExit(180), nightly.log());
            String kay1 = sandbox.ramp().user("kay1@example.com").orElseThrow().id();
            int workRampKay1 = sandbox.workramp().user("kay1@example.com").orElseThrow().id();

            // the service: the endpoint served, the relay idle, so the kill lands between the two
            int port = HrsyncProcess.freePort();
            Map<String, String> service = new HashMap<>(night);
            service.put("hrsync.run-once", "false");
            service.put("hrsync.hris.poll-interval-ms", "3600000");
            service.put("hrsync.webhooks.ramp.enabled", "true");
            service.put("hrsync.webhooks.ramp.relay-poll-ms", "3600000");
            service.put("hrsync.vendors.ramp.webhook-secret", SECRET);
            service.put("quarkus.http.port", String.valueOf(port));
            // two people: the shipped 5 % limit would hold a single deactivation (the burst guard)
            service.put("hrsync.guards.limits.deactivate.max-percent", "100");
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/ramp");
            sandbox.ramp().setStatus("kay1@example.com", "USER_INACTIVE");
            String event = "{\"id\":\"evt_crash\",\"type\":\"user.deactivated\",\"object\":{\"id\":\"" + kay1 + "\"}}";

            HrsyncProcess first = HrsyncProcess.start(dir.resolve("first"), service);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(ConnectException.class)
                    .until(() -> post(endpoint, event).statusCode() == 200);
            first.process.destroyForcibly(); // SIGKILL right after the 200
            first.process.waitFor();
            assertFalse(deleted(sandbox, "kay1@example.com"), "relayed before the kill: the test proves nothing");

            service.put("hrsync.webhooks.ramp.relay-poll-ms", "200");
            HrsyncProcess second = HrsyncProcess.start(dir.resolve("second"), service);
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> deleted(sandbox, "kay1@example.com"));
                assertEquals(200, post(endpoint, event).statusCode(), "Ramp's retry after the restart");
                Thread.sleep(2000);
                assertEquals(1, relayRuns(dir.resolve("results"), "ramp-event evt_crash"), second.log());
                assertEquals(1, sandbox.workramp().requests().stream().filter(r -> r.method().equals("POST")
                        && r.path().equals("/api/v1/users/" + workRampKay1) && r.body() != null
                        && r.body().replace(" ", "").contains("\"isDeleted\":true")).count(), "deactivated once");
                assertFalse(deleted(sandbox, "kay2@example.com"));
            } finally {
                second.process.destroy();
                second.process.waitFor();
            }
        }
    }

    private static boolean deleted(Sandbox sandbox, String email) {
        return sandbox.workramp().user(email).orElseThrow().deleted();
    }

    private static long relayRuns(Path results, String input) throws Exception {
        if (!Files.isDirectory(results)) {
            return 0;
        }
        try (Stream<Path> runs = Files.list(results)) {
            return runs.map(r -> r.resolve("summary.json")).filter(Files::isRegularFile).filter(s -> {
                try {
                    return Files.readString(s).contains("\"inputFile\" : \"" + input + "\"");
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private static HttpResponse<String> post(URI endpoint, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("X-Ramp-Webhook-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
