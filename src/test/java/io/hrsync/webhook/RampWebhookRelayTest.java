package io.hrsync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Signed Ramp events relayed to the other vendors over real HTTP: a deactivation made in Ramp reaches
 * WorkRamp within seconds (its own run and result files), once however often Ramp retries it; an
 * older update arriving after it reactivates nothing; the next night, with the person's HRIS row
 * unchanged, leaves the account deactivated; a subscription's verification challenge is confirmed
 * at Ramp; an unknown event type and a person the HRIS never accepted are acknowledged and ignored;
 * deactivations past a vendor's threshold within the burst window wait (HELD) until released.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
@TestProfile(WebhookRelayProfile.class)
class RampWebhookRelayTest {

    @TestHTTPResource("/webhooks/ramp")
    URI endpoint;

    @Inject
    WebhookEvents events;

    @Inject
    RampEventRelay relay;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDeactivationInRampReachesTheOtherVendorsOnceAndTheNightDoesNotUndoIt() throws Exception {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        String file = RunResultsFixtures.people("Wren", 2, "Sales");
        assertEquals("COMPLETED", RunResults.process(sandbox, "webhook-night-1.csv", file).summary.path("status").asText());
        String rampId = sandbox.ramp().user("wren1@example.com").orElseThrow().id();

        // an admin deactivates Wren1 in Ramp; Ramp posts the event (and retries it)
        sandbox.ramp().setStatus("wren1@example.com", "USER_INACTIVE");
        String deactivated = event("evt_d1", "user.deactivated", rampId);
        assertEquals(200, post(deactivated).statusCode());
        assertEquals("RELAYED", awaitRelay("evt_d1"));
        assertTrue(sandbox.workramp().user("wren1@example.com").orElseThrow().deleted(), "deactivated in WorkRamp");
        assertTrue(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals("wren2@example.com") && !u.deleted()));
        RunResults relayed = RunResults.forInput("ramp-event evt_d1").orElseThrow();
        assertEquals("COMPLETED", relayed.summary.path("status").asText(), relayed.describe());
        assertEquals("DEACTIVATE", relayed.action("wren1@example.com", "workramp").get("action"), relayed.describe());
        assertTrue(relayed.actions.stream().noneMatch(a -> a.get("vendor").equals("ramp")), "Ramp is not relayed to");
        String relayRun = relayed.runId();
        assertEquals(200, post(deactivated).statusCode());
        Thread.sleep(1000);
        assertEquals(relayRun, RunResults.forInput("ramp-event evt_d1").orElseThrow().runId(), "relayed once");

        // a second deactivation in Ramp within the hour: past WorkRamp's threshold (1), it is held
        sandbox.ramp().setStatus("wren2@example.com", "USER_INACTIVE");
        String wren2 = sandbox.ramp().user("wren2@example.com").orElseThrow().id();
        assertEquals(200, post(event("evt_d2", "user.deactivated", wren2)).statusCode());
        assertEquals(WebhookEvents.HELD, awaitRelay("evt_d2"));
        assertTrue(events.event("evt_d2").orElseThrow().toString().contains("HELD"));
        assertTrue(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals("wren2@example.com") && !u.deleted()),
                "a burst of deactivations waits for approval");
        relay.releaseHeld(); // what -Dhrsync.webhooks.ramp.release-held=true does at startup
        assertEquals("RELAYED", awaitRelay("evt_d2"));
        assertTrue(sandbox.workramp().user("wren2@example.com").orElseThrow().deleted(), "released, then relayed");

        // an update sent before the deactivation arrives late: Ramp has the user inactive now
        assertEquals(200, post(event("evt_u0", "user.updated", rampId)).statusCode());
        assertEquals("IGNORED", awaitRelay("evt_u0"));
        assertTrue(sandbox.workramp().user("wren1@example.com").orElseThrow().deleted(), "an older update reactivates nothing");

        // unknown type, a user the HRIS never accepted
        assertEquals(200, post(event("evt_x", "transactions.ready_to_sync", rampId)).statusCode());
        assertEquals("IGNORED", awaitRelay("evt_x"));
        String stranger = sandbox.ramp().seedUser("stranger@example.com", "Stran", "Ger", "BUSINESS_USER", "USER_INACTIVE");
        assertEquals(200, post(event("evt_s", "user.deactivated", stranger)).statusCode());
        assertEquals("IGNORED", awaitRelay("evt_s"));

        // a new subscription's verification
        String subscription = sandbox.ramp().subscribe(endpoint.toString());
        String challenge = sandbox.ramp().challengeFor(subscription).orElseThrow();
        assertEquals(200, post("{\"id\":\"evt_v\",\"type\":\"webhooks.verification\",\"object\":{\"id\":\"" + subscription
                + "\"},\"challenge\":\"" + challenge + "\"}").statusCode());
        assertEquals("RELAYED", awaitRelay("evt_v"));
        assertEquals("active", sandbox.ramp().webhookStatus(subscription).orElseThrow());

        // the next night, Wren1's HRIS row unchanged: the webhook's deactivation stands
        RunResults night = RunResults.process(sandbox, "webhook-night-2.csv", file);
        assertTrue(night.summary.path("status").asText().startsWith("COMPLETED"), night.describe());
        assertEquals("NONE", night.action("wren1@example.com", "workramp").get("change"), night.describe());
        assertTrue(night.action("wren1@example.com", "workramp").get("message").contains("deactivated by a Ramp event"));
        assertTrue(sandbox.workramp().user("wren1@example.com").orElseThrow().deleted(), "the night does not undo it");
    }

    private String awaitRelay(String id) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(until)) {
            String status = events.event(id).orElseThrow().status();
            if (!WebhookEvents.RECEIVED.equals(status) && !WebhookEvents.RELEASED.equals(status)) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("event " + id + " was not relayed within 30 s");
    }

    private static String event(String id, String type, String userId) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"created_at\":\"2026-12-03T10:00:00Z\","
                + "\"business_id\":\"biz_1\",\"object\":{\"id\":\"" + userId + "\"}}";
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("X-Ramp-Webhook-Signature", RampWebhookReceiveTest.sign(WebhookProfile.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
