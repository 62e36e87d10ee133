package io.hrsync.connector.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.ScimSimulator;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The generic SCIM 2.0 connector's contract, end to end: exports through the embedded SFTP server, the
 * real routes (the scim-* templates instantiated for hrsync.vendors.scim-app), and the strict SCIM
 * simulator over HTTP, which enforces RFC 7643/7644 (filters, PatchOp schemas, boolean active, 409 on a
 * taken userName, paging, 429 with Retry-After).
 */
@QuarkusTest
@TestProfile(ScimProfile.class)
@QuarkusTestResource(SandboxTestResource.class)
class ScimDeliveryTest {

    private static final String VENDOR = Sandbox.SCIM_VENDOR;
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final ScimSimulator scim = sandbox.scim();

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    private static String row(String id, String email, String first, String last, String department, String title,
            String manager, String status) {
        return id + "," + email + "," + first + "," + last + "," + department + "," + title + "," + manager
                + ",Berlin,2024-01-08,," + status + "\n";
    }

    @Test
    void joinersAreCreatedWithEnterpriseAttributesManagerAndGroupsAndTheSameExportAgainWritesNothing() throws Exception {
        String csv = RunResultsFixtures.HEADER
                + row("S01", "mia.boss@example.com", "Mia", "Boss", "Engineering", "CTO", "", "active")
                + row("S02", "ben.dev@example.com", "Ben", "Dev", "Engineering", "Engineer", "mia.boss@example.com", "active")
                + row("S03", "cora.sales@example.com", "Cora", "Sales", "Sales", "Account Executive", "", "active");
        RunResults run = RunResults.process(sandbox, "scim-joiners-1.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());

        JsonNode mia = scim.userByUserName("mia.boss@example.com").orElseThrow();
        JsonNode ben = scim.userByUserName("ben.dev@example.com").orElseThrow();
        assertEquals("S02", ben.path("externalId").asText());
        assertEquals("Ben", ben.path("name").path("givenName").asText());
        assertEquals("Dev", ben.path("name").path("familyName").asText());
        assertEquals("Ben Dev", ben.path("displayName").asText());
        assertEquals("Engineer", ben.path("title").asText(), "customAttributes: title <- title");
        assertTrue(ben.path("active").asBoolean());
        assertEquals("ben.dev@example.com", ben.path("emails").get(0).path("value").asText());
        assertEquals("S02", ben.path(ENTERPRISE).path("employeeNumber").asText());
        assertEquals("Engineering", ben.path(ENTERPRISE).path("department").asText());
        assertEquals("Berlin", ben.path(ENTERPRISE).path("division").asText(), "customAttributes: enterprise division <- location");
        assertEquals(mia.path("id").asText(), ben.path(ENTERPRISE).path("manager").path("value").asText(),
                "the manager, created first in the same run, is referenced by her SCIM id");
        assertEquals(Set.of("Engineering", "Everyone"), groupNames(ben));
        assertEquals(Set.of("Sales", "Everyone"), groupNames(scim.userByUserName("cora.sales@example.com").orElseThrow()));

        Map<String, String> benAction = run.action("ben.dev@example.com", VENDOR);
        assertEquals("CREATE", benAction.get("action"));
        assertEquals("APPLIED", benAction.get("outcome"));
        assertEquals(ben.path("id").asText(), benAction.get("vendor_user_id"));
        assertTrue(benAction.get("message").contains("added to group Engineering"), benAction.toString());
        // every create is a SCIM User with the core schema (and the extension it carries)
        for (RecordedRequest create : writes("POST", "/scim/v2/Users")) {
            JsonNode body = JSON.readTree(create.body());
            assertTrue(body.path("schemas").toString().contains("urn:ietf:params:scim:schemas:core:2.0:User"), create.body());
            assertEquals(201, create.status());
        }

        // the same content again: nothing is written to the SCIM app
        long writesBefore = scim.writeCount();
        RunResults again = RunResults.process(sandbox, "scim-joiners-2.csv", csv);
        assertEquals("COMPLETED", again.summary.path("status").asText(), again.describe());
        assertEquals(3, again.count(VENDOR, "NONE", "UNCHANGED"), again.actions.toString());
        assertEquals(writesBefore, scim.writeCount(), "a re-run wrote to the SCIM app: " + scim.requests());
    }

    @Test
    void aMoverIsPatchedWithOnlyTheChangedAttributesTheLeaverDeactivatedAndNeverDeleted() throws Exception {
        String annId = scim.seedUser("ann.move@example.com", "Ann", "Move", true, Map.of("employeeNumber", "S10", "department", "Sales"));
        String leoId = scim.seedUser("leo.leaves@example.com", "Leo", "Leaves", true, Map.of("employeeNumber", "S11"));
        String csv = RunResultsFixtures.HEADER
                + row("S10", "ann.move@example.com", "Ann", "Move", "Sales", "Account Executive", "", "active")
                + row("S11", "leo.leaves@example.com", "Leo", "Leaves", "Sales", "Account Executive", "", "active");
        assertEquals("COMPLETED", RunResults.process(sandbox, "scim-movers-1.csv", csv).summary.path("status").asText());
        int before = scim.requests().size();

        String moved = RunResultsFixtures.HEADER
                + row("S10", "ann.move@example.com", "Ann", "Move", "Engineering", "Account Executive", "", "active")
                + row("S11", "leo.leaves@example.com", "Leo", "Leaves", "Sales", "Account Executive", "", "terminated");
        RunResults run = RunResults.process(sandbox, "scim-movers-2.csv", moved);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        List<RecordedRequest> calls = scim.requests().subList(before, scim.requests().size());

        RecordedRequest annPatch = calls.stream().filter(r -> r.method().equals("PATCH") && r.path().endsWith("/Users/" + annId))
                .findFirst().orElseThrow(() -> new AssertionError("no PATCH of Ann: " + calls));
        JsonNode ops = JSON.readTree(annPatch.body());
        assertEquals("[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]", ops.path("schemas").toString());
        assertEquals(1, ops.path("Operations").size(), "only the changed attribute is sent: " + annPatch.body());
        assertEquals(ENTERPRISE + ":department", ops.path("Operations").get(0).path("path").asText());
        assertEquals("Engineering", scim.user(annId).orElseThrow().path(ENTERPRISE).path("department").asText());
        assertEquals("UPDATE", run.action("ann.move@example.com", VENDOR).get("action"));
        assertTrue(groupNames(scim.user(annId).orElseThrow()).contains("Engineering"));

        JsonNode leo = scim.user(leoId).orElseThrow();
        assertFalse(leo.path("active").asBoolean(), "the leaver is deactivated");
        Map<String, String> leoAction = run.action("leo.leaves@example.com", VENDOR);
        assertEquals("DEACTIVATE", leoAction.get("action"));
        assertEquals("APPLIED", leoAction.get("outcome"));
        RecordedRequest leoPatch = calls.stream().filter(r -> r.method().equals("PATCH") && r.path().endsWith("/Users/" + leoId))
                .findFirst().orElseThrow();
        JsonNode leoOps = JSON.readTree(leoPatch.body()).path("Operations");
        assertEquals("active", leoOps.get(0).path("path").asText());
        assertTrue(leoOps.get(0).path("value").isBoolean(), "active is a JSON boolean: " + leoPatch.body());
        assertTrue(scim.requests().stream().noneMatch(r -> r.method().equals("DELETE")), "DELETE is never sent unless configured");

        // the rehire comes back with active: true, the same account
        String back = moved.replace("terminated", "active");
        RunResults rehire = RunResults.process(sandbox, "scim-movers-3.csv", back);
        assertEquals("REACTIVATE", rehire.action("leo.leaves@example.com", VENDOR).get("action"), rehire.describe());
        assertTrue(scim.user(leoId).orElseThrow().path("active").asBoolean());
    }

    @Test
    void theDirectoryIsListedPageByPageWithStartIndexAndCount() {
        for (int i = 0; i < 5; i++) {
            scim.seedUser("hand" + i + "@example.com", "Hand", "Made" + i, true, Map.of());
        }
        String csv = RunResultsFixtures.HEADER + row("S20", "pat.page@example.com", "Pat", "Page", "Finance", "Analyst", "", "active");
        RunResults run = RunResults.process(sandbox, "scim-paging.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        List<String> pages = scim.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/scim/v2/Users") && r.query() != null
                        && r.query().startsWith("startIndex="))
                .map(RecordedRequest::query).distinct().toList();
        // 3 seeded by the sandbox + 5 here = 8 users at two a page (hrsync.vendors.scim-app.page-size=2)
        assertTrue(pages.containsAll(List.of("startIndex=1&count=2", "startIndex=3&count=2", "startIndex=5&count=2",
                "startIndex=7&count=2")), pages.toString());
        assertFalse(pages.contains("startIndex=9&count=2"), "no page after totalResults: " + pages);
        // the listing answered the lookup: the joiner was not searched for by filter
        assertTrue(scim.requests().stream().noneMatch(r -> r.query() != null && r.query().contains("filter=")),
                scim.requests().toString());
        // the hand-made users are in the drift report (not in the HRIS)
        assertTrue(run.drift.stream().anyMatch(d -> VENDOR.equals(d.get("vendor")) && "hand3@example.com".equals(d.get("email"))),
                run.drift.toString());
    }

    @Test
    void aTakenUserNameAnswers409AndTheUserIsLookedUpByFilterAndUpdated() {
        String id = scim.seedUser("zoe.exists@example.com", "Zoe", "Old", true, Map.of());
        scim.hideFromListsUntilConflict("zoe.exists@example.com"); // the listing (a lagging index) misses her
        String csv = RunResultsFixtures.HEADER + row("S30", "zoe.exists@example.com", "Zoe", "New", "Finance", "Analyst", "", "active");
        RunResults run = RunResults.process(sandbox, "scim-409.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());

        assertTrue(scim.requests().stream().anyMatch(r -> r.method().equals("POST") && r.status() == 409), scim.requests().toString());
        assertTrue(scim.requests().stream().anyMatch(r -> r.method().equals("GET") && r.query() != null
                && r.query().contains("filter=userName%20eq%20%22zoe.exists%40example.com%22")), scim.requests().toString());
        assertEquals(1, scim.users().stream().filter(u -> u.path("userName").asText().equals("zoe.exists@example.com")).count());
        assertEquals("New", scim.user(id).orElseThrow().path("name").path("familyName").asText());
        Map<String, String> action = run.action("zoe.exists@example.com", VENDOR);
        assertEquals("UPDATE", action.get("action"));
        assertEquals("APPLIED", action.get("outcome"));
        assertEquals(id, action.get("vendor_user_id"));
        assertTrue(action.get("message").contains("409"), action.toString());
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter() {
        scim.failNext(1, 429, 1);
        String csv = RunResultsFixtures.HEADER + row("S40", "rae.limit@example.com", "Rae", "Limit", "Finance", "Analyst", "", "active");
        RunResults run = RunResults.process(sandbox, "scim-429.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        List<RecordedRequest> calls = scim.requests();
        RecordedRequest refused = calls.stream().filter(r -> r.status() == 429).findFirst().orElseThrow(() -> new AssertionError(calls.toString()));
        RecordedRequest retried = calls.stream().filter(r -> r.atMillis() >= refused.atMillis() && r != refused
                && (r.method() + r.path() + r.query()).equals(refused.method() + refused.path() + refused.query()))
                .findFirst().orElseThrow(() -> new AssertionError("the refused call was not made again: " + calls));
        assertTrue(retried.atMillis() - refused.atMillis() >= 900, "Retry-After: 1 s was not honoured: "
                + (retried.atMillis() - refused.atMillis()) + " ms");
        assertEquals(200, retried.status());
        assertEquals("CREATE", run.action("rae.limit@example.com", VENDOR).get("action"));
        assertEquals("APPLIED", run.action("rae.limit@example.com", VENDOR).get("outcome"));
    }

    private List<RecordedRequest> writes(String method, String path) {
        return scim.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private Set<String> groupNames(JsonNode user) {
        return java.util.stream.StreamSupport.stream(user.path("groups").spliterator(), false)
                .map(g -> g.path("display").asText()).collect(Collectors.toSet());
    }
}
