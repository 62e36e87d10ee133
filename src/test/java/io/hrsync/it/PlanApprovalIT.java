package io.hrsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.RunResultsFixtures;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;

/**
 * Plan mode and the approval command on the packaged jar, each run its own process, the state in
 * the embedded H2 file database: a plan-mode run writes nothing to any vendor, the approval command
 * applies exactly that plan once (a second approval is refused), and after yet another restart the
 * same export makes no vendor write at all, because the state survived.
 */
class PlanApprovalIT {

    @Test
    void planModeWritesNothingThenTheApprovedPlanAppliesOnceAndTheStateSurvivesRestarts() throws Exception {
        Path dir = HrsyncProcess.fresh(Path.of("target/it-plan"));
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY)) {
            String export = RunResultsFixtures.people("PA", 6, "Sales");
            Map<String, String> p = HrsyncProcess.runOnceAgainst(sandbox, dir);

            // 1. plan mode: reads allowed, not one write
            sandbox.sftp().upload(Sandbox.INBOX, "plan.csv", export.getBytes(StandardCharsets.UTF_8));
            Map<String, String> plan = new HashMap<>(p);
            plan.put("hrsync.mode", "plan");
            HrsyncProcess planning = HrsyncProcess.start(dir.resolve("p1"), plan);
            assertEquals(0, planning.waitForExit(120), planning.log());
            assertEquals(0, writes(sandbox), "plan mode wrote to a vendor");
            Path planRun = onlyRun(dir.resolve("results"));
            JsonNode planSummary = summary(planRun);
            assertEquals("plan", planSummary.path("mode").asText());
            assertEquals("COMPLETED", planSummary.path("status").asText());
            String planId = planSummary.path("plan").path("planId").asText();
            Map<String, String> planned = decisions(planRun);
            assertEquals("JOIN CREATE PLANNED", planned.get("PA1/workramp"));
            assertEquals("JOIN CREATE PLANNED", planned.get("PA6/skilljar"));
            assertEquals("OUT_OF_SCOPE NONE SKIPPED", planned.get("PA1/workiva"));
            assertTrue(sandbox.workramp().user("pa1@example.com").isEmpty());

            // 2. the approval command applies exactly that plan
            Map<String, String> approve = new HashMap<>(p);
            approve.put("hrsync.plan.approve", planId);
            HrsyncProcess approval = HrsyncProcess.start(dir.resolve("p2"), approve);
            assertEquals(0, approval.waitForExit(120), approval.log());
            Path applyRun = newestRun(dir.resolve("results"));
            JsonNode applied = summary(applyRun);
            assertEquals("apply-approved-plan", applied.path("mode").asText());
            assertEquals(planId, applied.path("plan").path("approvedPlanId").asText());
            Map<String, String> expected = new TreeMap<>();
            planned.forEach((k, v) -> expected.put(k, v.replace("PLANNED", "APPLIED")));
            assertEquals(expected, new TreeMap<>(decisions(applyRun)));
            for (int i = 1; i <= 6; i++) {
                assertTrue(sandbox.workramp().user("pa" + i + "@example.com").isPresent());
                assertTrue(sandbox.skilljar().user("pa" + i + "@example.com").isPresent());
            }
            long afterApply = writes(sandbox);

            // 3. a plan applies once
            HrsyncProcess again = HrsyncProcess.start(dir.resolve("p3"), approve);
            assertEquals(2, again.waitForExit(120), again.log());
            assertTrue(again.log().contains("plan " + planId + " was already applied by run"), again.log());
            assertEquals(afterApply, writes(sandbox));

            // 4. a new process, the same export: the state survived, nothing to write
            sandbox.sftp().upload(Sandbox.INBOX, "plan-again.csv", export.getBytes(StandardCharsets.UTF_8));
            HrsyncProcess nightly = HrsyncProcess.start(dir.resolve("p4"), p);
            assertEquals(0, nightly.waitForExit(120), nightly.log());
            assertEquals(afterApply, writes(sandbox), "an unchanged export after a restart wrote to a vendor");
            assertTrue(decisions(newestRun(dir.resolve("results"))).values().stream()
                    .allMatch(d -> d.equals("NONE NONE UNCHANGED") || d.startsWith("OUT_OF_SCOPE")));
        }
    }

    private static long writes(Sandbox sandbox) {
        return sandbox.simulators().stream().mapToLong(VendorSimulator::writeCount).sum();
    }

    private static Path onlyRun(Path results) throws Exception {
        try (Stream<Path> runs = Files.list(results)) {
            var all = runs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static Path newestRun(Path results) throws Exception {
        try (Stream<Path> runs = Files.list(results)) {
            return runs.max(java.util.Comparator.comparing(r -> java.time.Instant.parse(summary(r).path("startedAt").asText())))
                    .orElseThrow();
        }
    }

    private static JsonNode summary(Path run) {
        try {
            return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** "change action outcome" per "employee_id/vendor". */
    private static Map<String, String> decisions(Path run) throws Exception {
        Map<String, String> d = new HashMap<>();
        try (Reader in = Files.newBufferedReader(run.resolve("actions.csv"))) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                d.put(r.get("employee_id") + "/" + r.get("vendor"), r.get("change") + " " + r.get("action") + " " + r.get("outcome"));
            }
        }
        return d;
    }
}
