package io.hrsync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Ramp's webhooks over real HTTP: a signed event is stored before its 200, once however often Ramp
 * retries it; a forged, tampered or unsigned one is refused with 401, an oversized one with 413 and a
 * malformed one with 400, none of them stored, and none of it calls a vendor.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
@TestProfile(WebhookProfile.class)
class RampWebhookReceiveTest {

    @TestHTTPResource("/webhooks/ramp")
    URI endpoint;

    @Inject
    WebhookEvents events;

    @Inject
    org.apache.camel.CamelContext camel;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /** hrsync_webhooks_total of one result (accepted, refused), every outcome together. */
    private double webhooks(String result) {
        return meters.find("hrsync.webhooks").tag("result", result).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSignedEventIsStoredOnceAndEveryBadOneIsRefusedUnstored() throws Exception {
        Sandbox sandbox = SandboxTestResource.sandbox();
        long callsBefore = vendorCalls(sandbox);
        double acceptedBefore = webhooks("accepted");
        double refusedBefore = webhooks("refused");
        long stored = events.count();
        String event = "{\"id\":\"evt_0001\",\"type\":\"user.deactivated\",\"created_at\":\"2026-12-03T10:00:00Z\","
                + "\"business_id\":\"biz_1\",\"object\":{\"id\":\"usr_42\"}}";

        HttpResponse<String> accepted = post(event, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, event));
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("accepted"), accepted.body());
        WebhookEvents.Event saved = events.event("evt_0001").orElseThrow();
        assertEquals("user.deactivated", saved.type());
        assertEquals("usr_42", saved.objectId());
        assertEquals(WebhookEvents.RECEIVED, saved.status());

        // Ramp retries it (its answer was lost, say): acknowledged, not stored again
        HttpResponse<String> again = post(event, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, event));
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("duplicate"), again.body());
        assertEquals(stored + 1, events.count());

        // the other header name, and the previous secret during a rotation
        String rotated = event.replace("evt_0001", "evt_0002");
        assertEquals(200, post(rotated, "X-Ramp-Signature", sign(WebhookProfile.PREVIOUS, rotated)).statusCode());
        assertEquals(stored + 2, events.count());
        String older = event.replace("evt_0001", "evt_0003");
        assertEquals(200, post(older, "X-Ramp-Signature", sign(WebhookProfile.OLDER, older)).statusCode(), "any previous secret");
        assertEquals(stored + 3, events.count());

        String forged = event.replace("evt_0001", "evt_forged");
        assertEquals(401, post(forged, "X-Ramp-Webhook-Signature", sign("not-the-secret", forged)).statusCode(), "forged");
        String tampered = event.replace("evt_0001", "evt_tampered");
        assertEquals(401, post(tampered.replace("usr_42", "usr_1"), "X-Ramp-Webhook-Signature",
                sign(WebhookProfile.SECRET, tampered)).statusCode(), "tampered after signing");
        assertEquals(401, post(event.replace("evt_0001", "evt_unsigned"), null, null).statusCode(), "unsigned");
        assertEquals(401, post(event.replace("evt_0001", "evt_upper"), "X-Ramp-Webhook-Signature",
                "sha256=" + sign(WebhookProfile.SECRET, event)).statusCode(), "a signature of another body");
        String large = event.replace("biz_1", "x".repeat(5000)).replace("evt_0001", "evt_large");
        assertEquals(413, post(large, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, large)).statusCode(), "oversized");
        String notJson = "id=evt_3&type=user.updated";
        assertEquals(400, post(notJson, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, notJson)).statusCode());
        String noId = "{\"type\":\"user.updated\",\"object\":{\"id\":\"usr_42\"}}";
        assertEquals(400, post(noId, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, noId)).statusCode());

        assertEquals(stored + 3, events.count(), "nothing refused is stored");
        // the metrics count each answer: 4 answered 200 (one a duplicate), 7 refused (4 × 401, 413, 2 × 400)
        assertEquals(4, webhooks("accepted") - acceptedBefore);
        assertEquals(7, webhooks("refused") - refusedBefore);
        // health and metrics are on the management port, not the webhook's
        assertEquals(404, http.send(HttpRequest.newBuilder(endpoint.resolve("/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(callsBefore, vendorCalls(sandbox), "receiving calls no vendor");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode(), "only POST is served");

        // while the route is not on the listener (a start, a shutdown): 503 with Retry-After, which Ramp
        // retries, not Vert.x's 404, which it does not
        String later = event.replace("evt_0001", "evt_later");
        camel.getRouteController().stopRoute(WebhookStartupGate.ROUTE);
        try {
            HttpResponse<String> starting = post(later, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, later));
            assertEquals(503, starting.statusCode(), starting.body());
            assertEquals("1", starting.headers().firstValue("Retry-After").orElse(""));
        } finally {
            camel.getRouteController().startRoute(WebhookStartupGate.ROUTE);
        }
        assertEquals(200, post(later, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, later)).statusCode(), "Ramp's retry");
        assertEquals(stored + 4, events.count());
    }

    /**
     * Events arriving together are committed together (WebhookGroupCommit): each answer still comes
     * after its own event's commit, and an event posted twice at the same moment (Ramp's retry racing
     * the original) is stored once, whether the two land in one group or in two.
     */
    @Test
    void eventsPostedTogetherAreEachStoredOnce() throws Exception {
        long stored = events.count();
        int distinct = 30;
        java.util.List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            String body = "{\"id\":\"evt_burst_" + i + "\",\"type\":\"user.updated\",\"object\":{\"id\":\"usr_" + i + "\"}}";
            bodies.add(body);
            bodies.add(body);
        }
        java.util.Collections.shuffle(bodies, new java.util.Random(7));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (String body : bodies) {
                answers.add(pool.submit(() -> post(body, "X-Ramp-Webhook-Signature", sign(WebhookProfile.SECRET, body))));
            }
            int accepted = 0;
            int duplicates = 0;
            for (var answer : answers) {
                HttpResponse<String> response = answer.get();
                assertEquals(200, response.statusCode(), response.body());
                accepted += response.body().contains("accepted") ? 1 : 0;
                duplicates += response.body().contains("duplicate") ? 1 : 0;
            }
            assertEquals(distinct, accepted, "each event accepted once");
            assertEquals(distinct, duplicates, "each repeat acknowledged as a duplicate");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(stored + distinct, events.count());
        for (int i = 0; i < distinct; i++) {
            assertEquals("usr_" + i, events.event("evt_burst_" + i).orElseThrow().objectId());
        }
    }

    private HttpResponse<String> post(String body, String header, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (header != null) {
            request.header(header, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sign(String secret, String body) {
        return HexFormat.of().formatHex(RampWebhookReceiver.hmac(secret.getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static long vendorCalls(Sandbox sandbox) {
        return sandbox.simulators().stream().mapToLong(s -> s.requests().size()).sum();
    }
}
