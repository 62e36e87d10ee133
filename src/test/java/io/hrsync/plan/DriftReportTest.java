package io.hrsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.quarkus.test.junit.QuarkusTest;

/**
 * drift.csv: after hrsync provisioned three people, an admin renames one in WorkRamp and
 * deactivates another, someone creates an account of nobody in HRIS, one person disappears from the
 * file, and Skilljar's directory cannot be read. The next run reports each of these and changes none.
 */
@QuarkusTest
class DriftReportTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @BeforeEach
    void freshWorld() {
        SandboxTestResource.resetVendorsAndState();
    }

    @Test
    void handMadeChangesOrphansAndMissingPeopleAreReportedNeverActedOn() throws Exception {
        String export = RunResultsFixtures.people("DR", 3, "Sales");
        RunResults first = RunResults.process(sandbox, "drift-1.csv", export);
        assertEquals("COMPLETED", first.summary.path("status").asText(), first.describe());
        assertTrue(first.drift.stream().noneMatch(d -> d.get("email").startsWith("dr")), first.drift.toString());

        // by hand, in WorkRamp: DR2 renamed, DR3 deactivated; an account nobody in HRIS has
        int dr2 = sandbox.workramp().user("dr2@example.com").orElseThrow().id();
        int dr3 = sandbox.workramp().user("dr3@example.com").orElseThrow().id();
        workRampUpdate(dr2, "{\"name\":\"Renamed ByHand\"}");
        workRampUpdate(dr3, "{\"isDeleted\":true}");
        sandbox.workramp().seedUser("stranger@example.com", "Some Stranger", false, Map.of());
        sandbox.skilljar().failNext(1000, 503);
        long writes = sandbox.workramp().writeCount();

        // the next night DR1 is gone from the file
        String next = RunResultsFixtures.HEADER + export.lines().skip(2).map(l -> l + "\n").reduce("", String::concat);
        RunResults second = RunResults.process(sandbox, "drift-2.csv", next);
        sandbox.skilljar().failNext(0, 503);
        assertEquals("COMPLETED", second.summary.path("status").asText(), second.describe());
        assertEquals(writes, sandbox.workramp().writeCount(), "drift is reported, never acted on");

        assertDrift(second, "workramp", "CHANGED_BY_HAND", "dr2@example.com",
                "name: applied 'DR Person2', found 'Renamed ByHand'");
        assertDrift(second, "workramp", "CHANGED_BY_HAND", "dr3@example.com", "active: applied true, found false");
        assertDrift(second, "workramp", "ORPHAN", "stranger@example.com", "active account of nobody in the HRIS file");
        assertDrift(second, "workramp", "MISSING_FROM_HRIS", "dr1@example.com", "not in today's HRIS file; left active");
        assertDrift(second, "ramp", "MISSING_FROM_HRIS", "dr1@example.com", "not in today's HRIS file; left active");
        assertDrift(second, "skilljar", "DIRECTORY_UNAVAILABLE", "", "drift not checked");
        assertEquals(1, second.summary.path("plan").path("missingFromHris").asInt());
        assertEquals(2, second.summary.path("drift").path("workramp").path("CHANGED_BY_HAND").asInt(),
                second.summary.path("drift").toPrettyString());
        assertTrue(sandbox.workramp().user("dr3@example.com").orElseThrow().deleted(), "a hand-made change is not undone");
    }

    private static void assertDrift(RunResults run, String vendor, String kind, String email, String detail) {
        List<Map<String, String>> found = run.drift.stream()
                .filter(d -> d.get("vendor").equals(vendor) && d.get("kind").equals(kind) && d.get("email").equals(email))
                .toList();
        assertEquals(1, found.size(), vendor + " " + kind + " " + email + " in " + run.drift);
        assertTrue(found.get(0).get("detail").contains(detail), found.get(0).toString());
    }

    private void workRampUpdate(int id, String body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sandbox.workramp().baseUrl() + "/api/v1/users/" + id))
                .header("Authorization", "Bearer " + Sandbox.WORKRAMP_API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
    }
}
