package io.hrsync.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.WorkRampSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A vendor that is down neither makes the run grind through every retry of every person nor gives
 * its people up: once most recent calls failed, WorkRamp's circuit opens and its remaining work items
 * wait in the queue, untried, until the circuit lets trial calls through again (test profile: 20
 * calls, 50 %, open 1 s, hold at most 4 s). The other vendors are not held back. Only an outage
 * longer than circuit-hold-max-seconds dead-letters what still waits, so the run can finish.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class CircuitBreakerTest {

    static final int ROWS = 40;

    @Inject
    VendorCircuits circuits;

    final Sandbox sandbox = SandboxTestResource.sandbox();
    WorkRampSimulator workramp;

    @BeforeEach
    void freshWorld() {
        SandboxTestResource.resetVendorsAndState();
        workramp = sandbox.workramp();
    }

    @Test
    void anOpenCircuitHoldsTheVendorsPeopleUntilItIsBack() throws Exception {
        workramp.failFraction(1.0, 503);
        // WorkRamp comes back as soon as its circuit has opened
        CompletableFuture<Integer> callsWhileDown = CompletableFuture.supplyAsync(() -> {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> circuits.open("workramp"));
            int calls = workramp.requests().size();
            workramp.failFraction(0, 503);
            return calls;
        });

        RunResults run = RunResults.process(sandbox, "circuit-held.csv", RunResultsFixtures.people("Held", ROWS, "Engineering"));

        int downCalls = callsWhileDown.get();
        // max-redeliveries=3: the people whose four attempts failed before the circuit opened are
        // dead-lettered by the retry policy; everyone after them waited for WorkRamp and got their account
        long exhausted = run.count("workramp", "NONE", "DEAD_LETTERED");
        assertTrue(exhausted <= downCalls / 4, exhausted + " dead letters from " + downCalls + " calls\n" + run.describe());
        assertEquals(ROWS - exhausted, run.count("workramp", "CREATE", "APPLIED"), run.describe());
        assertTrue(run.actions.stream().noneMatch(a -> a.get("message").contains("is OPEN")
                || a.get("message").contains("circuit")), "an open circuit gave someone up\n" + run.describe());
        assertEquals(ROWS - exhausted, workramp.users().stream().filter(u -> u.email().startsWith("held")).count());
        assertEquals(ROWS, run.count("ramp", "CREATE", "APPLIED"), "Ramp was held back\n" + run.describe());
    }

    @Test
    void anOutageLongerThanTheHoldDeadLettersWhatStillWaitsAndTheCircuitClosesOnceTheVendorIsBack() {
        workramp.failFraction(1.0, 503);

        RunResults run = RunResults.process(sandbox, "circuit-down.csv", RunResultsFixtures.people("Down", ROWS, "Engineering"));

        assertEquals(ROWS, run.actions.stream().filter(a -> a.get("vendor").equals("workramp")
                && a.get("outcome").equals("DEAD_LETTERED")).count(), run.describe());
        assertTrue(run.actions.stream().anyMatch(a -> a.get("vendor").equals("workramp")
                && a.get("message").contains("longer than hrsync.delivery.circuit-hold-max-seconds (4)")),
                "nobody waited for the circuit\n" + run.describe());
        int calls = workramp.requests().size();
        assertTrue(calls < ROWS * 4 / 2, "the run kept calling a vendor that is down: " + calls + " calls");
        assertEquals(ROWS, run.count("ramp", "CREATE", "APPLIED"), run.describe());
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText());

        // the vendor is back: after the open period a trial call closes the circuit again
        workramp.failFraction(0, 503);
        RunResults after = RunResults.process(sandbox, "circuit-after.csv", RunResultsFixtures.HEADER
                + "CB99,circuit.closed@example.com,Circuit,Closed,Engineering,,,,,,active\n");
        assertEquals("APPLIED", after.action("circuit.closed@example.com", "workramp").get("outcome"), after.describe());
        assertTrue(!circuits.open("workramp"));
    }
}
