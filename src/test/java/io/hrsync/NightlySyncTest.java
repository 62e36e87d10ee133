package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.WorkStatus;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.sandbox.WorkRampSimulator;
import io.hrsync.sandbox.WorkRampSimulator.User;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The nightly sync end to end on real parts: an export uploaded to the embedded SFTP server, the
 * real YAML routes, WorkRamp's simulator over HTTP, result files on disk and on the SFTP server.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
public class NightlySyncTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final WorkRampSimulator workramp = sandbox.workramp();

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    @Test
    void sampleExportIsProvisionedIntoWorkRampAndEveryRowIsAccountedFor() throws IOException {
        RunResults run = RunResults.process(sandbox, "nightly-1.csv", sample());

        // summary adds up: 15 rows read, 1 rejected, 14 valid × 1 vendor = 14 actions
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        assertEquals(15, run.summary.path("rows").path("total").asInt());
        assertEquals(14, run.summary.path("rows").path("valid").asInt());
        assertEquals(1, run.summary.path("rows").path("rejected").asInt());
        assertEquals(14, run.actions.stream().filter(a -> a.get("vendor").equals("workramp")).count());
        assertEquals(11, run.summary.path("vendors").path("workramp").path("CREATE").path("APPLIED").asInt());
        assertEquals(1, run.summary.path("vendors").path("workramp").path("UPDATE").path("APPLIED").asInt());
        assertEquals(1, run.summary.path("vendors").path("workramp").path("REACTIVATE").path("APPLIED").asInt());
        assertEquals(1, run.summary.path("vendors").path("workramp").path("DEACTIVATE").path("APPLIED").asInt());
        assertEquals(64, run.summary.path("inputSha256").asText().length());

        // summary.json counts the calls as WorkRamp saw them, and what they bought
        JsonNode calls = run.summary.path("calls").path("workramp");
        assertEquals(workramp.requests().stream().filter(r -> r.isWrite()).count(), calls.path("write").asLong(), calls.toString());
        assertEquals(workramp.requests().stream().filter(r -> !r.isWrite()).count(), calls.path("read").asLong(), calls.toString());
        assertEquals(0, calls.path("token").asLong());
        assertEquals(14, calls.path("changesApplied").asLong());
        assertEquals(calls.path("total").asDouble() / 14, calls.path("callsPerChange").asDouble(), 0.01);
        // one read of WorkRamp's directory for the run (deliveries and drift alike), no lookup per person
        assertEquals(1, userListings(workramp.requests()), workramp.requests().toString());
        assertEquals(0, workramp.requests().stream().filter(r -> r.query() != null && r.query().contains("email=")).count(),
                "a person was looked up one by one");

        // the invalid row, with its row number, column and reason
        assertEquals(1, run.rejected.size());
        Map<String, String> grace = run.rejected.get(0);
        assertEquals("14", grace.get("row"));
        assertEquals("E1013", grace.get("employee_id"));
        assertEquals("email", grace.get("column"));
        assertEquals("'not-an-email' is not a valid email address", grace.get("reason"));

        // joiner: created with name, groups, manager and custom attributes
        User maya = workramp.user("maya.chen@example.com").orElseThrow();
        User jonas = workramp.user("jonas.weber@example.com").orElseThrow();
        assertEquals("Jonas Weber", jonas.name());
        assertEquals(Set.of(maya.id()), jonas.managerIds());
        assertEquals(Set.of("Engineering", "All Staff"), jonas.groupNames());
        assertEquals("E1002", jonas.customAttributes().get("employee_id"));
        assertEquals("VP Engineering", jonas.customAttributes().get("title"));
        assertEquals("CREATE", run.action("jonas.weber@example.com", "workramp").get("action"));
        assertEquals(String.valueOf(jonas.id()), run.action("jonas.weber@example.com", "workramp").get("vendor_user_id"));
        assertEquals("Diego Ramírez", workramp.user("diego.ramirez@example.com").orElseThrow().name());

        // mover: updated without losing an attribute hrsync does not own (cost_center)
        User priya = workramp.user("priya.nair@example.com").orElseThrow();
        assertEquals("Staff Engineer", priya.customAttributes().get("title"));
        assertEquals("CC-4410", priya.customAttributes().get("cost_center"));
        assertEquals("E1003", priya.customAttributes().get("employee_id"));
        assertEquals(Set.of(jonas.id()), priya.managerIds());
        assertTrue(priya.groupNames().containsAll(Set.of("Engineering", "All Staff")));

        // rehire: the deactivated account comes back (no duplicate), its attributes kept
        User leila = workramp.user("leila.haddad@example.com").orElseThrow();
        assertFalse(leila.deleted());
        assertEquals("CC-4410", leila.customAttributes().get("cost_center"));
        assertEquals(1, workramp.users().stream().filter(u -> u.email().equals("leila.haddad@example.com")).count());

        // leaver: deactivated (isDeleted), never deleted
        assertTrue(workramp.user("noah.schmidt@example.com").orElseThrow().deleted());
        assertEquals(0, workramp.deleteCount());

        // on leave keeps (gets) an account
        assertFalse(workramp.user("sofia.rossi@example.com").orElseThrow().deleted());

        // results uploaded to the SFTP results directory under the run id
        for (String file : new String[] {"summary.json", "actions.csv", "rejected.csv"}) {
            assertTrue(Files.exists(sandbox.sftp().path(Sandbox.RESULTS + "/" + run.runId() + "/" + file)), file);
            assertEquals(Files.readString(run.dir.resolve(file)),
                    Files.readString(sandbox.sftp().path(Sandbox.RESULTS + "/" + run.runId() + "/" + file)));
        }
        assertTrue(Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/.done/nightly-1.csv")));
        assertFalse(Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/nightly-1.csv")));

        // the same export again: nothing to write, every person NONE/UNCHANGED, one listing (drift's)
        long writesBefore = workramp.writeCount();
        int requestsBefore = workramp.requests().size();
        RunResults again = RunResults.process(sandbox, "nightly-2.csv", sample());
        assertEquals("COMPLETED", again.summary.path("status").asText());
        assertEquals(14, again.count("workramp", "NONE", "UNCHANGED"), again.actions.toString());
        assertEquals(writesBefore, workramp.writeCount(), "a re-run of the same export wrote to WorkRamp");
        List<RecordedRequest> rerun = workramp.requests().subList(requestsBefore, workramp.requests().size());
        assertEquals(1, userListings(rerun), rerun.toString());
        assertEquals(rerun.size(), rerun.stream().filter(r -> r.path().equals("/api/v1/users")).count(),
                "the unchanged re-run reads WorkRamp's user list and nothing else: " + rerun);
        // decided by the plan, so finished as they were written: no drain claimed any of them
        List<WorkItem> items = new java.util.ArrayList<>();
        Arc.container().instance(WorkQueue.class).get().forEachItem(again.runId(), items::add);
        assertEquals(14 * 4, items.size(), "one item per person and enabled vendor");
        assertTrue(items.stream().allMatch(i -> i.status() == WorkStatus.DONE && i.attempts() == 0), items.toString());
        assertTrue(items.stream().filter(i -> i.vendor().equals("workramp")).allMatch(i -> "UNCHANGED".equals(i.outcome())),
                items.toString());
    }

    /** Listings of WorkRamp's users (their first pages). */
    static long userListings(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> r.method().equals("GET") && r.path().equals("/api/v1/users")
                && r.query() != null && r.query().matches("(^|.*&)page=0(&.*|$)")).count();
    }

    @Test
    void unchangedPeopleAreDecidedFromEveryPageOfTheAttributeScan() {
        // test profile: hrsync.vendors.workramp.attributes-page-size=5, so 15 users span 3 pages
        StringBuilder csv = new StringBuilder(RunResultsFixtures.HEADER);
        for (int i = 1; i <= 12; i++) {
            workramp.seedUser("paged" + i + "@example.com", "Paged Person" + i, false, java.util.Map.of("employee_id", "PG" + i,
                    "department", "Legal", "title", "Counsel", "location", "London", "start_date", "2024-01-01"));
            csv.append("PG").append(i).append(",paged").append(i).append("@example.com,Paged,Person").append(i)
                    .append(",Legal,Counsel,,London,2024-01-01,,active\n");
        }
        long writes = workramp.writeCount();
        RunResults run = RunResults.process(sandbox, "paged-attributes.csv", csv.toString());
        assertEquals(12, run.count("workramp", "NONE", "UNCHANGED"), run.actions.toString());
        assertEquals(writes, workramp.writeCount());
        long pages = workramp.requests().stream().filter(r -> r.path().equals("/api/v1/users/attributes")).count();
        assertEquals(3, pages, "one scan of 15 users, 5 a page");
    }

    @Test
    void csvCellsCannotBecomeFormulas() throws IOException {
        RunResults run = RunResults.process(sandbox, "formula.csv", RunResultsFixtures.HEADER
                + "=HYPERLINK(\"http://evil\"),formula@example.com,Eve,Il,,,,,,,active\n"
                + "+E2,@bad,Bad,Email,,,,,,,active\n");
        assertEquals("'=HYPERLINK(\"http://evil\")", run.action("formula@example.com", "workramp").get("employee_id"));
        assertEquals("'+E2", run.rejected.get(0).get("employee_id"));
        assertTrue(Files.readString(run.dir.resolve("actions.csv")).contains("\"'=HYPERLINK(\"\"http://evil\"\")\""));
    }

    public static String sample() throws IOException {
        try (InputStream in = Sandbox.class.getResourceAsStream("/sandbox/" + Sandbox.SAMPLE_EXPORT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
