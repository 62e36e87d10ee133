package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A vendor writes a new account and the answer never arrives (the connection drops after the write).
 * The work item goes back to the queue, and its next attempt runs the vendor's whole flow again,
 * lookup first: it finds the account the lost answer created instead of creating it again, so every
 * joiner ends with exactly one account, recorded as CREATE APPLIED, and nobody fails "already exists".
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class LostAnswerTest {

    @Test
    void aCreateWhoseAnswerWasLostIsFoundOnTheNextAttemptNotSentTwice() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        String export = RunResultsFixtures.people("Lost", 4, "Sales")
                + RunResultsFixtures.people("Fin", 4, "Finance").lines().skip(1).map(l -> l + "\n").collect(Collectors.joining());
        RunResults warmUp = RunResults.process(sandbox, "lost-warmup.csv", RunResultsFixtures.people("Warm", 1, "Sales")
                + RunResultsFixtures.people("WarmFin", 1, "Finance").lines().skip(1).map(l -> l + "\n").collect(Collectors.joining()));
        assertEquals("COMPLETED", warmUp.summary.path("status").asText(), warmUp.describe()); // references exist now
        for (VendorSimulator simulator : enabledSimulators(sandbox)) {
            simulator.loseNextWriteAnswers(2);
        }

        RunResults run = RunResults.process(sandbox, "lost-answers.csv", export);

        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        // WorkRamp and Ramp take everyone, Skilljar Sales, Workiva Finance
        Map<String, Integer> joiners = Map.of("workramp", 8, "ramp", 8, "skilljar", 4, "workiva", 4);
        joiners.forEach((vendor, n) -> assertEquals((long) n, run.count(vendor, "CREATE", "APPLIED"), vendor + "\n" + run.describe()));
        joiners.forEach((vendor, n) -> assertEquals((int) n, run.summary.path("vendors").path(vendor).path("CREATE").path("APPLIED").asInt(),
                "summary.json counts what actions.csv says: " + vendor + "\n" + run.describe()));
        assertTrue(run.actions.stream().anyMatch(a -> a.get("vendor").equals("workramp")
                && a.get("message").contains("created by an earlier attempt")), run.describe());
        assertOneAccountEach("workramp", sandbox.workramp().users().stream().map(u -> u.email()).toList());
        assertOneAccountEach("ramp", sandbox.ramp().users().stream().map(u -> u.email()).toList());
        assertOneAccountEach("workiva", sandbox.workiva().users().stream().map(u -> u.email()).toList());
        assertOneAccountEach("skilljar", sandbox.skilljar().users().stream().map(u -> u.email()).toList());
        for (VendorSimulator simulator : enabledSimulators(sandbox)) {
            assertEquals(2, simulator.lostAnswerCount(), simulator.name());
        }
    }

    private static void assertOneAccountEach(String vendor, List<String> emails) {
        Map<String, Long> counts = emails.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        counts.forEach((email, n) -> assertEquals(1L, n, vendor + " has " + n + " accounts for " + email));
        for (int i = 1; i <= 4; i++) {
            assertTrue(counts.containsKey("lost" + i + "@example.com") || !vendor.equals("workramp"), vendor + " lacks lost" + i);
        }
    }

    /** The simulators of the vendors the test configuration enables (the sandbox's SCIM app is not). */
    private static List<VendorSimulator> enabledSimulators(Sandbox sandbox) {
        List<String> enabled = io.quarkus.arc.Arc.container().instance(io.hrsync.connector.VendorRegistry.class).get().enabledNames();
        return sandbox.simulators().stream().filter(s -> enabled.contains(s.name())).toList();
    }
}
