package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import io.hrsync.NightlySyncTest;
import io.hrsync.RunResults;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sample export against vendors that fail 15 % of their calls, drop connections, answer
 * slowly and expire tokens mid-run, one of them down for its first eight calls: every row still ends
 * in exactly one outcome per vendor, the run status tells the truth, no account exists twice, and
 * once the faults are cleared the dead letters replay to success.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class FaultInjectionTest {

    @Inject
    ProducerTemplate camel;

    @Test
    void underFaultsNothingIsLostOrDuplicatedAndDeadLettersReplay() throws Exception {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        for (VendorSimulator simulator : sandbox.simulators()) {
            simulator.failFraction(0.15, 503);
            simulator.dropNextConnections(2);
            simulator.latency(3);
        }
        sandbox.ramp().tokenLifetime(Duration.ofMillis(700));
        sandbox.workiva().tokenLifetime(Duration.ofMillis(700));
        sandbox.workiva().failNext(8, 503); // Workiva is down long enough to exhaust two people's retries

        RunResults run = RunResults.process(sandbox, "faults.csv", NightlySyncTest.sample());

        List<String> vendors = List.of("ramp", "skilljar", "workiva", "workramp");
        assertEquals(14 * vendors.size(), run.actions.size(), "one outcome per valid row per vendor");
        Set<String> seen = new HashSet<>();
        for (Map<String, String> action : run.actions) {
            assertTrue(seen.add(action.get("row") + "/" + action.get("vendor")), "recorded twice: " + action);
        }
        boolean failures = run.actions.stream().anyMatch(a -> a.get("outcome").equals("FAILED")
                || a.get("outcome").equals("DEAD_LETTERED"));
        assertTrue(failures, "Workiva was down for eight calls: someone must be dead-lettered");
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText());
        assertNoDuplicates(sandbox);

        // the fault is fixed: replay this run's dead letters through the same delivery path
        for (VendorSimulator simulator : sandbox.simulators()) {
            simulator.failFraction(0, 503);
            simulator.failNext(0, 503); // what is left of Workiva's outage (its open circuit spared some calls)
            simulator.dropNextConnections(0); // and of the dropped connections
            simulator.latency(0);
        }
        long letters = run.actions.stream().filter(a -> a.get("outcome").equals("DEAD_LETTERED")).count();
        Thread.sleep(1500); // a circuit the faults opened (open 1 s in the test profile) lets calls through again
        camel.sendBodyAndHeader("direct:dead-letter-replay", null, "hrsyncReplayRunId", run.runId());
        RunResults replay = RunResults.forInput("dead-letters").orElseThrow();
        assertEquals("replay", replay.summary.path("mode").asText());
        assertEquals(letters, replay.actions.size(), replay.actions.toString());
        assertFalse(replay.actions.stream().anyMatch(a -> a.get("outcome").equals("DEAD_LETTERED")
                || a.get("outcome").equals("FAILED")), replay.actions.toString());
        assertEquals("COMPLETED", replay.summary.path("status").asText());
        assertTrue(sandbox.workiva().user("maya.chen@example.com").orElseThrow().active());
        assertTrue(sandbox.workiva().user("emma.johansson@example.com").isPresent());
        assertNoDuplicates(sandbox);
    }

    private static void assertNoDuplicates(Sandbox sandbox) {
        check("workramp", sandbox.workramp().users().stream().map(u -> u.email()).toList());
        check("ramp", sandbox.ramp().users().stream().map(u -> u.email()).toList());
        check("workiva", sandbox.workiva().users().stream().map(u -> u.email()).toList());
        check("skilljar", sandbox.skilljar().users().stream().map(u -> u.email()).toList());
    }

    private static void check(String vendor, List<String> emails) {
        emails.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .forEach((email, n) -> assertEquals(1L, n, vendor + " has " + n + " accounts for " + email));
    }
}
