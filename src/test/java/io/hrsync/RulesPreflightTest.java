package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.sandbox.WorkRampSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The rules preflight on real parts (issue 11, item 3): the shipped rules map every department to
 * WorkRamp's "All Staff" group, and the tenant does not have it. Found once before any write — one
 * WARN line, one entry in summary.json, one line of preflight.csv — and not once per person: the
 * joiners still get their accounts in the groups that exist, leavers are still deactivated, and no
 * call is spent on the missing group.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RulesPreflightTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final WorkRampSimulator workramp = sandbox.workramp();

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    @Test
    void aGroupMissingInWorkRampIsReportedOnceBeforeAnyWriteAndCostsNobodyTheirAccount() throws IOException {
        workramp.removeGroup("All Staff");
        RunResults run;
        try (PreflightLog log = PreflightLog.attach()) {
            run = RunResults.process(sandbox, "preflight-all-staff.csv", NightlySyncTest.sample());

            // the log: one line, naming the rules file, the rule, the name and what WorkRamp has
            List<String> warnings = log.warningsAbout("'All Staff'");
            assertEquals(1, warnings.size(), warnings.toString());
            String warning = warnings.get(0);
            assertTrue(warning.contains("provisioning-rules.yaml") && warning.contains("workramp.departmentGroups")
                    && warning.contains("group 'All Staff' does not exist in workramp") && warning.contains("Engineering"),
                    warning);
        }

        // summary.json: exactly one missing reference, with the rule, the departments and what WorkRamp has
        JsonNode missing = run.summary.path("preflight").path("missing");
        assertEquals(1, missing.size(), run.summary.path("preflight").toPrettyString());
        JsonNode allStaff = missing.get(0);
        assertEquals("workramp", allStaff.path("vendor").asText());
        assertEquals("group", allStaff.path("kind").asText());
        assertEquals("All Staff", allStaff.path("name").asText());
        assertEquals("workramp.departmentGroups", allStaff.path("ruleKey").asText());
        assertEquals(13, allStaff.path("people").asLong(), "every person the first run gives WorkRamp access needs it");
        assertTrue(allStaff.path("available").toString().contains("Engineering"), allStaff.toString());
        assertTrue(allStaff.path("mappedFrom").toString().contains("Customer Success"), allStaff.toString());
        assertTrue(run.summary.path("preflight").path("checked").toString().contains("workramp"));

        // preflight.csv: the same, once
        List<Map<String, String>> preflight = RunResults.csv(run.dir.resolve("preflight.csv"));
        assertEquals(1, preflight.size(), preflight.toString());
        assertEquals("All Staff", preflight.get(0).get("name"));
        assertEquals(run.runId(), preflight.get(0).get("run_id"));
        assertTrue(preflight.get(0).get("available").contains("Leadership"), preflight.toString());

        // the run goes through: joiners get their accounts, in the groups that exist; the leaver is deactivated
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        assertEquals(11, run.count("workramp", "CREATE", "APPLIED"), run.describe());
        assertEquals(1, run.count("workramp", "DEACTIVATE", "APPLIED"), run.describe());
        assertTrue(run.actions.stream().noneMatch(a -> a.get("outcome").equals("FAILED")), run.describe());
        assertTrue(workramp.user("noah.schmidt@example.com").orElseThrow().deleted());
        assertEquals(Set.of("Engineering"), workramp.user("lucas.martin@example.com").orElseThrow().groupNames());
        assertEquals(Set.of("Leadership"), workramp.user("maya.chen@example.com").orElseThrow().groupNames());
        Map<String, String> lucas = run.action("lucas.martin@example.com", "workramp");
        assertEquals("CREATE", lucas.get("action"));
        assertTrue(lucas.get("message").contains("group 'All Staff' (mapped from department 'Engineering') does not exist"
                + " in WorkRamp: membership skipped"), lucas.toString());

        // WorkRamp saw no failed call (a create naming, or an add to, a group it lacks would be refused), and one read of its groups
        List<RecordedRequest> requests = workramp.requests();
        assertTrue(requests.stream().allMatch(r -> r.status() < 400), requests.toString());
        assertEquals(1, requests.stream().filter(r -> r.method().equals("GET") && r.path().equals("/api/v1/groups")).count(),
                "the preflight's read of the groups is the one the deliveries use");

        // once WorkRamp has the group, the next run adds the people who went without it, and reports nothing
        workramp.seedGroup("All Staff");
        RunResults next = RunResults.process(sandbox, "preflight-all-staff-2.csv", NightlySyncTest.sample());
        assertEquals(0, next.summary.path("preflight").path("missing").size(), next.summary.toPrettyString());
        assertEquals(Set.of("Engineering", "All Staff"), workramp.user("lucas.martin@example.com").orElseThrow().groupNames(),
                next.describe());
        assertTrue(workramp.groupMemberEmails("All Staff").contains("maya.chen@example.com"), next.describe());
        assertFalse(workramp.groupMemberEmails("All Staff").contains("noah.schmidt@example.com"), "a leaver is not added");
    }
}
