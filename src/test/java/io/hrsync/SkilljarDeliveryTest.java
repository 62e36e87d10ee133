package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.SkilljarSimulator;
import io.hrsync.sandbox.SkilljarSimulator.User;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.connector.skilljar.SkilljarPaths;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Skilljar end to end on real parts: exports uploaded to the embedded SFTP server, the real YAML
 * routes, Skilljar's strict simulator over HTTP. Asserts on the simulator's state and requests and on
 * the Skilljar rows of actions.csv (the other vendors run too).
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class SkilljarDeliveryTest {

    static final String VENDOR = "skilljar";
    static final String DOMAIN_USERS = "/v1/domains/" + Sandbox.SKILLJAR_DOMAIN + "/users";

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final SkilljarSimulator skilljar = sandbox.skilljar();

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    @Test
    void sampleExportCreatesUpdatesReactivatesDeactivatesAndAReRunWritesNothing() throws Exception {
        RunResults run = RunResults.process(sandbox, "skilljar-sample-1.csv", NightlySyncTest.sample());

        assertEquals(14, skilljarRows(run).size(), run.actions.toString());
        // scope: Customer Success and Sales only; the 8 others are never touched
        assertEquals(8, run.count(VENDOR, "NONE", "SKIPPED"), skilljarRows(run).toString());
        assertTrue(run.action("maya.chen@example.com", VENDOR).get("message").contains("out of scope"));

        // joiners: created in the domain, active, in their group and enrolled in their department's courses
        User amara = skilljar.user("amara.okafor@example.com").orElseThrow();
        assertEquals("Amara", amara.firstName());
        assertEquals("Okafor", amara.lastName());
        assertTrue(amara.activeInDomain());
        assertEquals(Set.of("Customer Facing"), amara.groupNames());
        assertEquals(Set.of("Product Fundamentals"), amara.courseTitles());
        assertRow(run, "amara.okafor@example.com", "CREATE", "APPLIED");
        assertEquals(amara.id(), run.action("amara.okafor@example.com", VENDOR).get("vendor_user_id"));
        User fiona = skilljar.user("o'brien.fiona@example.com").orElseThrow();
        assertEquals(Set.of("Product Fundamentals", "Support Playbook"), fiona.courseTitles());
        assertEquals(Set.of("Customer Facing"), fiona.groupNames());
        // on leave keeps (gets) access
        assertTrue(skilljar.user("sofia.rossi@example.com").orElseThrow().activeInDomain());
        assertRow(run, "sofia.rossi@example.com", "CREATE", "APPLIED");

        // mover: the name HR has, through PATCH /v1/users/{id}; not a joiner, so no course enrolment
        User diego = skilljar.user("diego.ramirez@example.com").orElseThrow();
        assertEquals("Ramírez", diego.lastName());
        assertEquals(Set.of("Customer Facing"), diego.groupNames());
        assertEquals(Set.of(), diego.courseTitles());
        assertRow(run, "diego.ramirez@example.com", "UPDATE", "APPLIED");
        assertTrue(skilljar.requests().stream().anyMatch(r -> r.method().equals("PATCH")
                && r.path().equals("/v1/users/" + diego.id()) && r.body().equals("{\"last_name\":\"Ramírez\"}")),
                skilljar.requests().toString());

        // rehire: the inactive membership comes back, never a second account, and joiner courses enrolled
        User tom = skilljar.user("tom.baker@example.com").orElseThrow();
        assertTrue(tom.activeInDomain());
        assertEquals(Set.of("Product Fundamentals"), tom.courseTitles());
        assertRow(run, "tom.baker@example.com", "REACTIVATE", "APPLIED");
        assertEquals(1, skilljar.users().stream().filter(u -> u.email().equals("tom.baker@example.com")).count());

        // leaver: membership deactivated, never deleted
        assertFalse(skilljar.user("noah.schmidt@example.com").orElseThrow().activeInDomain());
        assertRow(run, "noah.schmidt@example.com", "DEACTIVATE", "APPLIED");
        assertTrue(skilljar.requests().stream().noneMatch(r -> r.method().equals("DELETE")));

        assertEquals(3, skilljar.creates(), "Amara, Sofia and Fiona are the only new users");
        assertEquals(1, listings(), "one listing of the domain's users for the whole run");

        // the same export again: nothing written, every in-scope person NONE/UNCHANGED, and the only
        // read of the domain's users is the run's one listing (drift)
        long writes = skilljar.writeCount();
        RunResults again = RunResults.process(sandbox, "skilljar-sample-2.csv", NightlySyncTest.sample());
        assertEquals(6, again.count(VENDOR, "NONE", "UNCHANGED"), skilljarRows(again).toString());
        assertEquals(8, again.count(VENDOR, "NONE", "SKIPPED"));
        assertEquals(writes, skilljar.writeCount(), "a re-run of the same export wrote to Skilljar");
        assertEquals(2, listings(), "the unchanged run reads the domain's users once, and looks nobody up");
    }

    /**
     * Listings of the domain's users (first pages): the run's one directory read, which both the
     * deliveries' lookups and the drift report use.
     */
    long listings() {
        return domainUserPages().stream().filter(q -> !q.matches("(^|.*&)page=.*")).count();
    }

    /** Every page of those listings read. */
    long listedPages() {
        return domainUserPages().size();
    }

    private List<String> domainUserPages() {
        return skilljar.requests().stream().filter(r -> r.method().equals("GET") && r.status() == 200
                && r.path().matches("/v1/domains/[^/]+/users/?")).map(r -> r.query() == null ? "" : r.query()).toList();
    }

    @Test
    void theScanFollowsEveryPageOncePerRunWhateverTheNumberOfPeople() {
        for (int i = 1; i <= 250; i++) {
            skilljar.seedUser(String.format("learner%03d@example.com", i), "Learner", "No" + i, true);
        }
        // 253 domain users: 51 pages of 5; the people are on the last pages, or not in Skilljar at all
        RunResults run = RunResults.process(sandbox, "skilljar-pages.csv", RunResultsFixtures.HEADER
                + "P1,learner249@example.com,Learner,No249,Sales,AE,,,,,active\n"
                + "P2,learner250@example.com,Learner,Renamed,Customer Success,CSM,,,,,active\n"
                + "P3,learner001@example.com,Learner,No1,Sales,AE,,,,,terminated\n"
                + "P4,new.learner@example.com,New,Learner,Sales,AE,,,,,active\n"
                + "P5,gone.learner@example.com,Gone,Learner,Sales,AE,,,,,terminated\n");
        assertEquals(1, listings(), "exactly one listing for 5 people");
        assertEquals(51, listedPages(), "253 users, page_size 5 in tests: every page read once");
        assertEquals(1, skilljar.creates(), "only the person on no page is created");
        assertRow(run, "learner249@example.com", "UPDATE", "APPLIED"); // already known; group added
        assertEquals(Set.of("Customer Facing"), skilljar.user("learner249@example.com").orElseThrow().groupNames());
        assertEquals("Renamed", skilljar.user("learner250@example.com").orElseThrow().lastName());
        assertRow(run, "learner001@example.com", "DEACTIVATE", "APPLIED");
        assertRow(run, "new.learner@example.com", "CREATE", "APPLIED");
        assertRow(run, "gone.learner@example.com", "NONE", "SKIPPED");
        assertFalse(skilljar.user("gone.learner@example.com").isPresent());
        // the seeded learners were never enrolled: only joiners and rehires are
        assertEquals(Set.of(), skilljar.user("learner249@example.com").orElseThrow().courseTitles());
        assertEquals(1, skilljar.enrollments());
        assertEquals(0, skilljar.rateLimitedCount(), "Skilljar answered 429");
    }

    @Test
    void anExistingUserKeepsTheirNameOnTheUpsertSoHrsNameIsWrittenAfterwards() {
        String outsider = skilljar.seedUserOutsideDomain("outsider@example.com", "Old", "Name");
        String returning = skilljar.seedUser("returning@example.com", "Re", "Turning", false);
        RunResults run = RunResults.process(sandbox, "skilljar-existing.csv", RunResultsFixtures.HEADER
                + "X1,outsider@example.com,New,Name,Sales,AE,,,,,active\n"
                + "X2,returning@example.com,Re,Married,Customer Success,CSM,,,,,active\n");

        // registered on another domain of the organisation: added to this one, then renamed
        assertRow(run, "outsider@example.com", "CREATE", "APPLIED");
        User joined = skilljar.user("outsider@example.com").orElseThrow();
        assertEquals(outsider, joined.id());
        assertEquals("New", joined.firstName());
        assertTrue(joined.activeInDomain());
        assertEquals(Set.of("Product Fundamentals"), joined.courseTitles());
        assertEquals(0, skilljar.creates(), "the upsert found the existing user");
        assertTrue(skilljar.requests().stream().anyMatch(r -> r.method().equals("PATCH")
                && r.path().equals("/v1/users/" + outsider) && r.body().equals("{\"first_name\":\"New\"}")));

        // a rehire with a new name: reactivated and renamed, enrolled again
        assertRow(run, "returning@example.com", "REACTIVATE", "APPLIED");
        User back = skilljar.user("returning@example.com").orElseThrow();
        assertEquals(returning, back.id());
        assertTrue(back.activeInDomain());
        assertEquals("Married", back.lastName());
        assertEquals(Set.of("Product Fundamentals", "Support Playbook"), back.courseTitles());
        assertEquals(Set.of("Customer Facing"), back.groupNames());
    }

    @Test
    void moverChangesOnlyTheNameFieldThatDiffers() {
        RunResults.process(sandbox, "skilljar-mover-1.csv", RunResultsFixtures.HEADER
                + "M1,mover@example.com,Mo,Ver,Sales,AE,,,,,active\n");
        User before = skilljar.user("mover@example.com").orElseThrow();
        int enrolments = skilljar.enrollments();
        long writes = skilljar.writeCount();

        RunResults run = RunResults.process(sandbox, "skilljar-mover-2.csv", RunResultsFixtures.HEADER
                + "M1,mover@example.com,Mo,Married,Sales,AE,,,,,active\n");

        assertRow(run, "mover@example.com", "UPDATE", "APPLIED");
        assertEquals(before.id(), run.action("mover@example.com", VENDOR).get("vendor_user_id"));
        assertEquals("Married", skilljar.user("mover@example.com").orElseThrow().lastName());
        List<RecordedRequest> newWrites = writesAfter(writes);
        assertEquals(1, newWrites.size(), newWrites.toString());
        assertEquals("PATCH", newWrites.get(0).method());
        assertEquals("/v1/users/" + before.id(), newWrites.get(0).path());
        assertEquals("{\"last_name\":\"Married\"}", newWrites.get(0).body());
        assertEquals(enrolments, skilljar.enrollments(), "a mover is not enrolled again");
    }

    @Test
    void leaverThenRehireReactivatesTheSameMembershipAndSkipsCoursesStillEnrolled() {
        RunResults.process(sandbox, "skilljar-rehire-1.csv", RunResultsFixtures.HEADER
                + "R1,rehire@example.com,Re,Hire,Customer Success,CSM,,,,,active\n");
        User joined = skilljar.user("rehire@example.com").orElseThrow();
        assertEquals(Set.of("Product Fundamentals", "Support Playbook"), joined.courseTitles());

        RunResults left = RunResults.process(sandbox, "skilljar-rehire-2.csv", RunResultsFixtures.HEADER
                + "R1,rehire@example.com,Re,Hire,Customer Success,CSM,,,,2026-01-31,terminated\n");
        assertRow(left, "rehire@example.com", "DEACTIVATE", "APPLIED");
        assertFalse(skilljar.user("rehire@example.com").orElseThrow().activeInDomain());
        RunResults leftAgain = RunResults.process(sandbox, "skilljar-rehire-3.csv", RunResultsFixtures.HEADER
                + "R1,rehire@example.com,Re,Hire,Customer Success,CSM,,,,2026-01-31,terminated\n");
        assertRow(leftAgain, "rehire@example.com", "NONE", "UNCHANGED");

        long writes = skilljar.writeCount();
        RunResults back = RunResults.process(sandbox, "skilljar-rehire-4.csv", RunResultsFixtures.HEADER
                + "R1,rehire@example.com,Re,Hire,Customer Success,CSM,,,,,active\n");
        assertRow(back, "rehire@example.com", "REACTIVATE", "APPLIED");
        User rehired = skilljar.user("rehire@example.com").orElseThrow();
        assertTrue(rehired.activeInDomain());
        assertEquals(joined.id(), rehired.id());
        assertEquals(1, skilljar.creates(), "never a second account");
        // still enrolled and still in the group: the reactivation is the only write
        List<RecordedRequest> newWrites = writesAfter(writes);
        assertEquals(1, newWrites.size(), newWrites.toString());
        assertEquals("PATCH", newWrites.get(0).method());
        assertEquals(DOMAIN_USERS + "/" + joined.id(), newWrites.get(0).path());
        assertEquals("{\"active\":true}", newWrites.get(0).body());
    }

    @Test
    void enrolmentOnlyAfterTheMembershipIsActiveAndGroupAddedOnlyWhenMissing() {
        String id = skilljar.seedUser("already@example.com", "Al", "Ready", true);
        RunResults.process(sandbox, "skilljar-order.csv", RunResultsFixtures.HEADER
                + "O1,joiner@example.com,Jo,Iner,Customer Success,CSM,,,,,active\n"
                + "O2,already@example.com,Al,Ready,Customer Success,CSM,,,,,active\n");
        List<RecordedRequest> writes = skilljar.requests().stream().filter(RecordedRequest::isWrite).toList();
        String joinerId = skilljar.user("joiner@example.com").orElseThrow().id();
        // the joiner: membership first, then group, then two enrolments (each 201)
        assertEquals(List.of("POST " + DOMAIN_USERS, "POST /v1/groups/*/users", "POST enrollments", "POST enrollments",
                "POST /v1/groups/*/users"), writes.stream().map(SkilljarDeliveryTest::shape).toList(), writes.toString());
        assertTrue(writes.stream().allMatch(w -> w.status() == 201), writes.toString());
        assertTrue(writes.get(2).body().contains(joinerId));
        // the known user got the group only (no enrolment: not a joiner)
        assertTrue(writes.get(4).body().contains(id));
        assertEquals(Set.of(), skilljar.user("already@example.com").orElseThrow().courseTitles());
    }

    @Test
    void aVendorRefusalFailsOnlyItsRowWithItsHttpStatus() {
        // Skilljar refuses this one person (an over-long name never gets this far: FieldLimits rejects the row)
        skilljar.refuseBodiesContaining("refused@example.com", "first_name: Ensure this field has no more than 50 characters.");
        RunResults run = RunResults.process(sandbox, "skilljar-refusal.csv", RunResultsFixtures.HEADER
                + "F1,ok.before@example.com,Ok,Before,Sales,AE,,,,,active\n"
                + "F2,refused@example.com,Refused,Name,Sales,AE,,,,,active\n"
                + "F3,ok.after@example.com,Ok,After,Sales,AE,,,,,active\n");
        Map<String, String> failed = run.action("refused@example.com", VENDOR);
        assertEquals("FAILED", failed.get("outcome"));
        assertEquals("CREATE", failed.get("action"));
        assertEquals("400", failed.get("http_status"));
        assertTrue(failed.get("message").contains("first_name"), failed.get("message"));
        assertFalse(skilljar.user("refused@example.com").isPresent());
        assertRow(run, "ok.before@example.com", "CREATE", "APPLIED");
        assertRow(run, "ok.after@example.com", "CREATE", "APPLIED");
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText());
    }

    @Test
    void aCourseThatIsNotPublishedIsReportedOnceAndTheJoinerStillGetsTheRest() {
        skilljar.reset(); // the academy without "Support Playbook"
        skilljar.seedGroup("Customer Facing");
        skilljar.seedCourse("Product Fundamentals");
        RunResults run = RunResults.process(sandbox, "skilljar-unknown-course.csv", RunResultsFixtures.HEADER
                + "U1,cs.joiner@example.com,Cs,Joiner,Customer Success,CSM,,,,,active\n"
                + "U2,sales.joiner@example.com,Sales,Joiner,Sales,AE,,,,,active\n");
        // the rules preflight reports it once, before any write
        com.fasterxml.jackson.databind.JsonNode missing = run.summary.path("preflight").path("missing");
        assertEquals(1, missing.size(), run.summary.path("preflight").toPrettyString());
        assertEquals("course", missing.get(0).path("kind").asText());
        assertEquals("Support Playbook", missing.get(0).path("name").asText());
        assertEquals("skilljar.departmentCourses", missing.get(0).path("ruleKey").asText());
        // the joiner gets the membership, the group and the course that exists; the missing one is noted
        Map<String, String> joiner = run.action("cs.joiner@example.com", VENDOR);
        assertEquals("CREATE", joiner.get("action"));
        assertEquals("APPLIED", joiner.get("outcome"), run.describe());
        assertTrue(joiner.get("message").contains("course 'Support Playbook'")
                && joiner.get("message").contains("not published") && joiner.get("message").contains("enrolment skipped"),
                joiner.get("message"));
        assertEquals(Set.of("Product Fundamentals"), skilljar.user("cs.joiner@example.com").orElseThrow().courseTitles());
        assertRow(run, "sales.joiner@example.com", "CREATE", "APPLIED");
        assertEquals(Set.of("Product Fundamentals"), skilljar.user("sales.joiner@example.com").orElseThrow().courseTitles());
        assertTrue(skilljar.requests().stream().allMatch(r -> r.status() < 400), skilljar.requests().toString());
    }

    @Test
    void aThrottledCallIsRetriedAndApplied() {
        skilljar.failNext(2, 429);
        RunResults run = RunResults.process(sandbox, "skilljar-throttled.csv", RunResultsFixtures.HEADER
                + "T1,throttled@example.com,Thro,Ttled,Sales,AE,,,,,active\n");
        assertRow(run, "throttled@example.com", "CREATE", "APPLIED");
        assertEquals(1, listings());
        assertEquals(Set.of("Product Fundamentals"), skilljar.user("throttled@example.com").orElseThrow().courseTitles());
    }

    /**
     * hrsync.vendors.skilljar.trailing-slash is read at startup, so a running @QuarkusTest cannot flip
     * it: the mismatch is tested end to end (simulator requires slashes, hrsync sends none), and the
     * matching style is tested on the path rule itself against the same simulator.
     */
    @Test
    void aTrailingSlashMismatchIsAFailedRowWith301AndNothingIsWritten() throws Exception {
        skilljar.trailingSlash(true);
        RunResults run = RunResults.process(sandbox, "skilljar-slash.csv", RunResultsFixtures.HEADER
                + "S1,slash.joiner@example.com,Sla,Sh,Sales,AE,,,,,active\n"
                + "S2,noah.schmidt@example.com,Noah,Schmidt,Customer Success,Support,,,,,terminated\n");
        for (String email : List.of("slash.joiner@example.com", "noah.schmidt@example.com")) {
            Map<String, String> row = run.action(email, VENDOR);
            assertEquals("FAILED", row.get("outcome"), row.toString());
            assertEquals("301", row.get("http_status"), row.toString());
            assertTrue(row.get("message").contains("hrsync.vendors.skilljar.trailing-slash")
                    && row.get("message").contains("/users/"), row.get("message"));
        }
        assertEquals(0, skilljar.writeCount(), "a redirect must never turn into a write (or a GET of a write)");
        assertTrue(skilljar.redirects() >= 2);
        assertFalse(skilljar.user("slash.joiner@example.com").isPresent());
        assertTrue(skilljar.user("noah.schmidt@example.com").orElseThrow().activeInDomain());

        // the same rule with the property set to true matches a slash-requiring Skilljar
        assertEquals("/v1/groups/", SkilljarPaths.styled("/v1/groups", true));
        assertEquals("/v1/groups", SkilljarPaths.styled("/v1/groups/", false));
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String basic = "Basic " + Base64.getEncoder().encodeToString((Sandbox.SKILLJAR_API_KEY + ":").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(skilljar.baseUrl()
                + SkilljarPaths.styled(DOMAIN_USERS, true) + "?page_size=100")).header("Authorization", basic).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode(), list.body());
        HttpResponse<String> create = http.send(HttpRequest.newBuilder(URI.create(skilljar.baseUrl()
                + SkilljarPaths.styled(DOMAIN_USERS, true))).header("Authorization", basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":{\"email\":\"slash.ok@example.com\"},\"active\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, create.statusCode(), create.body());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static List<Map<String, String>> skilljarRows(RunResults run) {
        return run.actions.stream().filter(a -> a.get("vendor").equals(VENDOR)).toList();
    }

    private static void assertRow(RunResults run, String email, String action, String outcome) {
        Map<String, String> row = run.action(email, VENDOR);
        assertEquals(action + "/" + outcome, row.get("action") + "/" + row.get("outcome"), row.toString());
    }

    private List<RecordedRequest> writesAfter(long writesBefore) {
        List<RecordedRequest> writes = skilljar.requests().stream().filter(RecordedRequest::isWrite).toList();
        return writes.subList((int) writesBefore, writes.size());
    }

    private static String shape(RecordedRequest request) {
        if (request.path().endsWith("/enrollments")) {
            return request.method() + " enrollments";
        }
        if (request.path().startsWith("/v1/groups/")) {
            return request.method() + " /v1/groups/*/users";
        }
        return request.method() + " " + request.path();
    }
}
