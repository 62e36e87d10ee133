package io.hrsync.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.WorkRampSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A vendor that is down does not make the run grind through every retry of every person: once
 * most recent calls failed, WorkRamp's circuit opens and the remaining people are dead-lettered at
 * once (test profile: 20 calls, 50 %, open 1 s). The other vendors are not affected, and after the
 * open period the circuit lets calls through again.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class CircuitBreakerTest {

    @Test
    void aVendorThatIsDownOpensItsCircuit() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        WorkRampSimulator workramp = sandbox.workramp();
        workramp.failFraction(1.0, 503);
        int rows = 40;
        RunResults run = RunResults.process(sandbox, "circuit.csv", RunResultsFixtures.people("Circuit", rows, "Engineering"));

        assertEquals(rows, run.count("workramp", "NONE", "DEAD_LETTERED"), run.actions.toString());
        int calls = workramp.requests().size();
        assertTrue(calls < rows * 4 / 2, "the run kept calling a vendor that is down: " + calls + " calls");
        assertTrue(run.actions.stream().anyMatch(a -> a.get("vendor").equals("workramp")
                && a.get("message").contains("is OPEN")), "no call was refused by the open circuit");
        assertTrue(run.actions.stream().noneMatch(a -> !a.get("vendor").equals("workramp")
                && a.get("message").contains("is OPEN")), "another vendor's circuit opened");

        // the vendor is back: after the open period the circuit lets calls through again
        workramp.failFraction(0, 503);
        await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(10)).until(() -> true);
        RunResults after = RunResults.process(sandbox, "circuit-after.csv", RunResultsFixtures.HEADER
                + "CB99,circuit.closed@example.com,Circuit,Closed,Engineering,,,,,,active\n");
        assertEquals("APPLIED", after.action("circuit.closed@example.com", "workramp").get("outcome"));
    }
}
