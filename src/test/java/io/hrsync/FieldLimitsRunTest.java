package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.hrsync.state.StateStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One over-long field rejects its row only: the run completes, the baseline advances, and the next
 * night is a normal night (before, the state-store write failed after the vendor writes, every night).
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class FieldLimitsRunTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @Inject
    StateStore state;

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    static String export() {
        String ten = RunResultsFixtures.people("L", 10, "Engineering").substring(RunResultsFixtures.HEADER.length());
        return RunResultsFixtures.HEADER + ten
                + "X".repeat(301) + ",long.id@example.com,Long,Id,Engineering,,,,,,active\n"
                + "L12,long.title@example.com,Long,Title,Engineering," + "t".repeat(30_000) + ",,,,,active\n";
    }

    @Test
    void anOverLongFieldRejectsItsRowOnlyAndTheNextNightIsNormal() {
        RunResults first = RunResults.process(sandbox, "limits-1.csv", export());
        assertEquals("COMPLETED", first.summary.path("status").asText(), first.describe());
        assertEquals(12, first.summary.path("rows").path("total").asInt());
        assertEquals(10, first.summary.path("rows").path("valid").asInt());
        assertEquals(2, first.rejected.size());
        Map<String, String> id = first.rejected.get(0);
        assertEquals("12", id.get("row"));
        assertEquals("employee_id", id.get("column"));
        assertEquals("employee_id is 301 characters long, more than the limit of 100 (FieldLimits): the row is not applied",
                id.get("reason"));
        Map<String, String> title = first.rejected.get(1);
        assertEquals("13", title.get("row"));
        assertEquals("title", title.get("column"));
        assertTrue(title.get("reason").startsWith("title is 30000 characters long, more than the limit of 200"), title.get("reason"));
        assertEquals(10 * 4, first.actions.size(), "every valid row has one outcome per vendor");
        assertTrue(sandbox.workramp().user("long.title@example.com").isEmpty(), "a rejected row reaches no vendor");
        assertEquals(first.runId(), state.lastAcceptedFile().orElseThrow().runId(), "the baseline advanced");
        assertEquals(10, state.people().size());

        long[] before = writes();
        RunResults second = RunResults.process(sandbox, "limits-2.csv", export());
        assertEquals("COMPLETED", second.summary.path("status").asText(), second.describe());
        assertEquals(2, second.rejected.size());
        assertEquals(Arrays.toString(before), Arrays.toString(writes()), "an unchanged night writes nothing");
        assertEquals(second.runId(), state.lastAcceptedFile().orElseThrow().runId());
    }

    long[] writes() {
        return sandbox.simulators().stream().mapToLong(VendorSimulator::writeCount).toArray();
    }
}
