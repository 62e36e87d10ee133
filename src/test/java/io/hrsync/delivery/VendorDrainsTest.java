package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The delivery engine: each vendor drains its own work items beside the others, so a slow vendor
 * holds back only its own people, and a report waits for their manager only in the same vendor.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class VendorDrainsTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @BeforeEach
    void fresh() {
        SandboxTestResource.resetVendorsAndState();
    }

    @AfterEach
    void fast() {
        sandbox.workramp().latency(0);
    }

    @Test
    void aSlowVendorHoldsBackOnlyItsOwnPeople() {
        sandbox.workramp().latency(300); // every WorkRamp call takes 300 ms
        RunResults run = RunResults.process(sandbox, "drains-slow.csv", RunResultsFixtures.people("Slow", 6, "Engineering"));
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        assertEquals(6, run.count("workramp", "CREATE", "APPLIED"));
        assertEquals(6, run.count("ramp", "CREATE", "APPLIED"));

        List<RecordedRequest> workramp = sandbox.workramp().requests();
        // the last invite (the drift report reads every directory after delivery: reads are left out)
        long rampDone = sandbox.ramp().requests().stream().filter(r -> r.path().equals("/developer/v1/users/deferred"))
                .mapToLong(RecordedRequest::atMillis).max().orElseThrow();
        long workrampHalfway = workramp.get(workramp.size() / 2).atMillis();
        assertTrue(rampDone < workrampHalfway, "Ramp finished its six people at " + rampDone
                + ", after WorkRamp was half-way (" + workrampHalfway + "): the vendors did not run side by side");
    }

    @Test
    void aReportWaitsForTheirManagerInTheSameVendorOnly() {
        // WorkRamp slow enough that its manager's create (a directory listing, then the create) comes
        // well after Ramp's two invites (the rules preflight reads WorkRamp's groups before delivery)
        sandbox.workramp().latency(1000);
        // the report comes first in the file; their manager later
        RunResults run = RunResults.process(sandbox, "drains-managers.csv", RunResultsFixtures.HEADER
                + "DR2,report@drains.example.com,Rhea,Report,Engineering,Engineer,boss@drains.example.com,,,,active\n"
                + "DR1,boss@drains.example.com,Bo,Boss,Engineering,Lead,,,,,active\n");
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());

        long bossCreated = createdAt(sandbox.workramp().requests(), "boss@drains.example.com");
        long reportCreated = createdAt(sandbox.workramp().requests(), "report@drains.example.com");
        assertTrue(bossCreated < reportCreated, "the report was created in WorkRamp before their manager");
        int bossId = sandbox.workramp().user("boss@drains.example.com").orElseThrow().id();
        assertTrue(sandbox.workramp().user("report@drains.example.com").orElseThrow().managerIds().contains(bossId),
                "the report's WorkRamp manager is set");

        long reportInRamp = createdAt(sandbox.ramp().requests(), "report@drains.example.com");
        assertTrue(reportInRamp < bossCreated, "Ramp waited for the manager's WorkRamp account");
    }

    /** When the create (a POST naming the email) was answered. */
    static long createdAt(List<RecordedRequest> requests, String email) {
        return requests.stream().filter(r -> r.method().equals("POST") && r.body() != null && r.body().contains(email))
                .mapToLong(RecordedRequest::atMillis).min()
                .orElseThrow(() -> new AssertionError("no create of " + email + " in " + requests));
    }
}
