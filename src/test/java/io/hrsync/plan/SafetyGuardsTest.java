package io.hrsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.hrsync.state.AccountState;
import io.hrsync.state.StateStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The safety guards with production settings (see {@link GuardedProfile}): a suspicious run is
 * aborted before any vendor write, its plan is kept, and the approved plan then applies exactly.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
class SafetyGuardsTest {

    static final LocalDate D = LocalDate.now();

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @Inject
    StateStore state;

    @Inject
    ProducerTemplate template;

    @BeforeEach
    void freshWorld() {
        SandboxTestResource.resetVendorsAndState();
    }

    /** Ten engineers, G1..G10; those named in {@code terminated} are terminated. */
    static Exports staff(int count, String... terminated) {
        Exports e = new Exports();
        for (int i = 1; i <= count; i++) {
            String id = "G" + i;
            boolean gone = Arrays.asList(terminated).contains(id);
            e.person(D, id, "g" + i + "@guard.example.com", "Guarded", "Person" + i, "Engineering", "Engineer", null,
                    -100, gone ? -1 : null, gone ? "terminated" : "active");
        }
        return e;
    }

    @Test
    void truncatedFileAndHeaderDriftAbortWithNothingWritten() throws Exception {
        assertEquals("COMPLETED", RunResults.process(sandbox, "guard-full.csv", staff(10).csv()).summary.path("status").asText());
        long[] before = writes();

        // half the rows are gone: looks exactly like a mass termination
        RunResults truncated = RunResults.process(sandbox, "guard-truncated.csv", staff(5).csv());
        assertEquals("ABORTED", truncated.summary.path("status").asText());
        String reason = truncated.summary.path("reason").asText();
        assertTrue(reason.contains("source guard: 5 rows where the last accepted file (guard-full.csv"), reason);
        assertTrue(reason.contains("-50 %"), reason);
        assertEquals(Arrays.toString(before), Arrays.toString(writes()), "nothing written");
        assertTrue(Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/.error/guard-truncated.csv")));
        String reasonFile = Files.readString(sandbox.sftp().path(Sandbox.INBOX + "/.error/guard-truncated.csv.reason.txt"));
        assertTrue(reasonFile.contains("hrsync.plan.approve="), reasonFile);
        assertEquals(5, truncated.summary.path("rows").path("valid").asInt());
        assertEquals(5 * 4, truncated.actions.size(), "the plan accounts for every row and vendor");

        // a column appeared: the export changed shape
        String drifted = staff(10).csv().replaceFirst("status\n", "status,cost_center\n").replace(",active\n", ",active,CC-1\n");
        RunResults drift = RunResults.process(sandbox, "guard-drift.csv", drifted);
        assertEquals("ABORTED", drift.summary.path("status").asText());
        assertTrue(drift.summary.path("reason").asText().contains("the header changed since the last accepted file"),
                drift.summary.path("reason").asText());
        assertTrue(drift.summary.path("reason").asText().contains("added [cost_center]"), drift.summary.path("reason").asText());
        assertEquals(Arrays.toString(before), Arrays.toString(writes()), "nothing written");
    }

    @Test
    void aboveThresholdLeaversAbortThenTheApprovedPlanAppliesExactly() {
        assertEquals("COMPLETED", RunResults.process(sandbox, "guard-base.csv", staff(10).csv()).summary.path("status").asText());
        long[] before = writes();

        // 4 of 10 managed accounts deactivated: more than 30 % (3)
        RunResults stopped = RunResults.process(sandbox, "guard-leavers.csv", staff(10, "G1", "G2", "G3", "G4").csv());
        assertEquals("ABORTED", stopped.summary.path("status").asText());
        String reason = stopped.summary.path("reason").asText();
        assertTrue(reason.contains("threshold: 4 deactivate operations planned in workramp, more than 3 allowed"), reason);
        assertTrue(reason.contains("hrsync.guards.limits.deactivate"), reason);
        assertEquals(Arrays.toString(before), Arrays.toString(writes()), "nothing written");
        String planId = stopped.summary.path("plan").path("planId").asText();
        assertEquals(16, planId.length());
        Map<String, String> planned = Exports.decisions(stopped);
        assertEquals("LEAVE DEACTIVATE PLANNED", planned.get("G1/workramp"));
        assertEquals("LEAVE DEACTIVATE PLANNED", planned.get("G4/ramp"));
        assertEquals("NONE NONE UNCHANGED", planned.get("G5/workramp"));
        assertFalse(sandbox.workramp().user("g1@guard.example.com").orElseThrow().deleted());

        // approved: the same plan applies, exactly
        template.requestBodyAndHeader("direct:hris-plan-apply", null, "hrsyncPlanId", planId);
        RunResults applied = RunResults.forInput("guard-leavers.csv").orElseThrow();
        assertEquals("COMPLETED", applied.summary.path("status").asText(), applied.describe());
        assertEquals("apply-approved-plan", applied.summary.path("mode").asText());
        assertEquals(planId, applied.summary.path("plan").path("planId").asText());
        assertEquals(planId, applied.summary.path("plan").path("approvedPlanId").asText());
        Map<String, String> expected = new TreeMap<>();
        planned.forEach((k, v) -> expected.put(k, v.replace("PLANNED", "APPLIED")));
        assertEquals(expected, new TreeMap<>(Exports.decisions(applied)));
        for (int i = 1; i <= 4; i++) {
            assertTrue(sandbox.workramp().user("g" + i + "@guard.example.com").orElseThrow().deleted());
            assertEquals("USER_INACTIVE", sandbox.ramp().user("g" + i + "@guard.example.com").orElseThrow().status());
        }
        assertFalse(sandbox.workramp().user("g5@guard.example.com").orElseThrow().deleted());

        // a plan applies once
        CamelExecutionException again = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader("direct:hris-plan-apply", null, "hrsyncPlanId", planId));
        assertTrue(again.getCause().getMessage().contains("was already applied by run " + applied.summary.path("runId").asText()),
                again.getCause().getMessage());
    }

    @Test
    void aFirstRunThatTerminatesAPopulatedTenantAbortsThenTheApprovedPlanApplies() {
        String[] everyone = {"G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9", "G10"};
        // the vendors already hold the ten people; then the state store is lost (or this is a new install)
        assertEquals("COMPLETED", RunResults.process(sandbox, "guard-tenant.csv", staff(10).csv()).summary.path("status").asText());
        io.hrsync.state.StateStoreReset.forgetEverything(state);
        long[] before = writes();

        RunResults stopped = RunResults.process(sandbox, "guard-first-run.csv", staff(10, everyone).csv());
        assertEquals("ABORTED", stopped.summary.path("status").asText());
        String reason = stopped.summary.path("reason").asText();
        assertTrue(reason.contains("source guard: first run (no file accepted yet, so nothing to compare with): 10 of 10 "
                + "people in the file are leavers (100 %, more than hrsync.guards.first-run-max-leaver-percent=20)"), reason);
        assertTrue(reason.contains("threshold: 10 deactivate operations planned in workramp, more than 3 allowed (30 % of 10 "
                + "people in the file (nothing managed there yet) or 25"), reason);
        assertTrue(reason.contains("threshold: 10 deactivate operations planned in ramp, more than 3 allowed"), reason);
        assertTrue(reason.contains("-Dhrsync.plan.approve=" + stopped.summary.path("plan").path("planId").asText()), reason);
        assertEquals(Arrays.toString(before), Arrays.toString(writes()), "zero vendor writes");
        assertFalse(sandbox.workramp().user("g1@guard.example.com").orElseThrow().deleted());

        String planId = stopped.summary.path("plan").path("planId").asText();
        template.requestBodyAndHeader("direct:hris-plan-apply", null, "hrsyncPlanId", planId);
        RunResults applied = RunResults.forInput("guard-first-run.csv").orElseThrow();
        assertEquals("COMPLETED", applied.summary.path("status").asText(), applied.describe());
        Map<String, String> expected = new TreeMap<>();
        Exports.decisions(stopped).forEach((k, v) -> expected.put(k, v.replace("PLANNED", "APPLIED")));
        assertEquals(expected, new TreeMap<>(Exports.decisions(applied)));
        for (int i = 1; i <= 10; i++) {
            assertTrue(sandbox.workramp().user("g" + i + "@guard.example.com").orElseThrow().deleted());
            assertEquals("USER_INACTIVE", sandbox.ramp().user("g" + i + "@guard.example.com").orElseThrow().status());
        }
    }

    @Test
    void aNewlyEnabledVendorIsProtectedByTheSameLimits() throws Exception {
        assertEquals("COMPLETED", RunResults.process(sandbox, "guard-enable-base.csv", staff(10).csv()).summary.path("status").asText());
        // Ramp as a vendor hrsync has never applied anything to: its people have accounts made by hand
        try (var c = state.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM vendor_account WHERE vendor = 'ramp'");
        }
        long[] before = writes();
        RunResults stopped = RunResults.process(sandbox, "guard-enable-leavers.csv", staff(10, "G1", "G2", "G3", "G4").csv());
        assertEquals("ABORTED", stopped.summary.path("status").asText());
        String reason = stopped.summary.path("reason").asText();
        assertTrue(reason.contains("threshold: 4 deactivate operations planned in ramp, more than 3 allowed (30 % of 10 "
                + "people in the file (nothing managed there yet) or 25"), reason);
        assertFalse(reason.contains("first run"), "a file was accepted before: " + reason);
        assertEquals(Arrays.toString(before), Arrays.toString(writes()), "nothing written");
        assertEquals("LEAVE DEACTIVATE PLANNED", Exports.decisions(stopped).get("G1/ramp"));
    }

    @Test
    void anApprovalIsRefusedWhenTheStateChangedSinceThePlan() {
        RunResults.process(sandbox, "guard-state-base.csv", staff(10).csv());
        RunResults stopped = RunResults.process(sandbox, "guard-state-leavers.csv", staff(10, "G1", "G2", "G3", "G4").csv());
        assertEquals("ABORTED", stopped.summary.path("status").asText());
        String planId = stopped.summary.path("plan").path("planId").asText();

        // meanwhile G1 was deactivated by another run: the plan no longer describes what would happen
        AccountState g1 = state.account("workramp", "G1").orElseThrow();
        state.recordAccount(new AccountState("workramp", "G1", g1.email(), g1.name(), g1.vendorUserId(),
                AccountState.DEACTIVATED, g1.snapshotHash(), "another-run"));
        long[] before = writes();
        template.requestBodyAndHeader("direct:hris-plan-apply", null, "hrsyncPlanId", planId);
        RunResults refused = RunResults.forInput("guard-state-leavers.csv").orElseThrow();
        assertEquals("ABORTED", refused.summary.path("status").asText());
        assertTrue(refused.summary.path("reason").asText().contains("plan " + planId + " no longer matches"),
                refused.summary.path("reason").asText());
        assertEquals(Arrays.toString(before), Arrays.toString(writes()), "nothing written");
    }

    @Test
    void aProtectedAccountIsNeverDeactivatedAndTheAttemptIsReported() {
        String active = RunResultsFixtures.HEADER + "B1," + GuardedProfile.BREAK_GLASS + ",Break,Glass,IT,Admin,,Berlin,,,active\n";
        assertEquals("COMPLETED", RunResults.process(sandbox, "guard-breakglass-1.csv", active).summary.path("status").asText());
        RunResults run = RunResults.process(sandbox, "guard-breakglass-2.csv", active.replace(",active\n", ",terminated\n"));
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        Map<String, String> d = Exports.decisions(run);
        assertEquals("LEAVE DEACTIVATE REFUSED", d.get("B1/workramp"));
        assertEquals("LEAVE DEACTIVATE REFUSED", d.get("B1/ramp"));
        assertTrue(run.actions.get(0).get("message").contains("protected account"), run.actions.get(0).toString());
        assertEquals(1, run.summary.path("vendors").path("workramp").path("DEACTIVATE").path("REFUSED").asInt());
        assertFalse(sandbox.workramp().user(GuardedProfile.BREAK_GLASS).orElseThrow().deleted());
        assertFalse(sandbox.ramp().user(GuardedProfile.BREAK_GLASS).orElseThrow().status().equals("USER_INACTIVE"));
    }

    long[] writes() {
        return sandbox.simulators().stream().mapToLong(VendorSimulator::writeCount).toArray();
    }
}
