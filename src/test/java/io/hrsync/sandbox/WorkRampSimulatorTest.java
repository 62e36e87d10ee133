package io.hrsync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks real HTTP to the WorkRamp simulator and checks every contract rule it promises to enforce. */
class WorkRampSimulatorTest {

    private static final String KEY = "wr-test-key";
    private static final String AUTH = "Bearer " + KEY;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RATE_LIMITED =
            "Rate limited. See info at https://developers.workramp.com/reference/get-all-users-in-enterprise";

    static {
        // The JDK server otherwise leaves Nagle on: every reused keep-alive connection then waits ~40 ms for a
        // delayed ACK. Only takes effect if no HttpServer was created earlier in this JVM; harmless either way.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock();
    private WorkRampSimulator sim;

    @BeforeEach
    void start() {
        sim = new WorkRampSimulator(KEY);
        sim.clock = clock;
        sim.start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- auth, rate limit, unknown routes --------------------------------------------------------

    @Test
    void everyCallNeedsTheBearerKey() throws Exception {
        Answer none = call("GET", "/api/v1/users?limit=1", null, null);
        Answer wrong = call("GET", "/api/v1/users?limit=1", null, "Bearer not-the-key");
        Answer basic = call("GET", "/api/v1/users?limit=1", null, "Basic " + KEY);
        Answer bareKey = call("GET", "/api/v1/users?limit=1", null, KEY);
        Answer writeWithoutKey = call("POST", "/api/v1/users", Map.of("email", "a@x.com"), null);

        for (Answer a : List.of(none, wrong, basic, bareKey, writeWithoutKey)) {
            assertEquals(401, a.status());
            assertEquals(json("{\"error\":\"Unauthorized\"}"), a.json());
        }
        assertTrue(sim.users().isEmpty(), "an unauthorized write changes nothing");
        assertEquals(200, get("/api/v1/users?limit=1").status());
    }

    @Test
    void rateLimitAnswers429WithWorkRampsBodyAndNoRetryAfter() throws Exception {
        sim.rateLimit(2, 60_000, 0);
        assertEquals(200, get("/api/v1/groups").status());
        assertEquals(200, get("/api/v1/groups").status());

        Answer limited = get("/api/v1/groups");

        assertEquals(429, limited.status());
        assertEquals(json("{\"error\":\"" + RATE_LIMITED + "\"}"), limited.json());
        assertTrue(limited.headers().firstValue("Retry-After").isEmpty());
    }

    @Test
    void defaultRateLimitIs3000CallsPerHour() throws Exception {
        int admitted = 0;
        for (int batch = 0; batch < 60; batch++) { // 60 x 50 calls, 50 at a time
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(http.sendAsync(request("GET", "/api/v1/groups", null, AUTH), BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                admitted += call.join().statusCode() == 200 ? 1 : 0;
            }
        }
        assertEquals(3000, admitted);
        assertEquals(429, get("/api/v1/groups").status());

        clock.advance(3_600_000 - 1);
        assertEquals(429, get("/api/v1/groups").status(), "still inside the hour");
        clock.advance(1);
        assertEquals(200, get("/api/v1/groups").status(), "the hour has rolled on");
    }

    @Test
    void unknownRoutesAndTheGuidesVerbsAre404() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        List<Answer> answers = List.of(
                get("/api/v1/users/" + id), // the spec has no get-by-id
                call("PUT", "/api/v1/users/" + id, Map.of("active", false), AUTH), // the guide's update verb
                call("PATCH", "/api/v1/users/" + id, Map.of("name", "B"), AUTH),
                get("/api/v1/people"),
                get("/api/v2/users?limit=1"),
                call("DELETE", "/api/v1/groups", null, AUTH));
        for (Answer a : answers) {
            assertEquals(404, a.status());
            assertEquals(json("{\"error\":\"Not found\"}"), a.json());
        }
        assertEquals("A", sim.user("a@x.com").orElseThrow().name());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        Answer a = call("POST", "/api/v1/users", "{\"email\": ", AUTH);
        assertEquals(400, a.status());
        assertTrue(a.json().get("error").asText().contains("JSON"));
        Answer array = post("/api/v1/users", List.of("a@x.com"));
        assertEquals(400, array.status());
        assertTrue(sim.users().isEmpty());
    }

    // ---- GET /api/v1/users -----------------------------------------------------------------------

    @Test
    void listUsersRequiresLimitBetween1And100() throws Exception {
        sim.seedUser("a@x.com", "A", false, Map.of());

        Answer missing = get("/api/v1/users");
        assertEquals(400, missing.status());
        assertEquals(json("{\"error\":\"limit is required\"}"), missing.json());
        assertEquals(400, get("/api/v1/users?page=0").status());
        assertEquals(400, get("/api/v1/users?limit=0").status());
        assertEquals(400, get("/api/v1/users?limit=101").status());
        assertEquals(400, get("/api/v1/users?limit=ten").status());
        assertEquals(400, get("/api/v1/users?limit=10&page=-1").status());
        assertEquals(200, get("/api/v1/users?limit=100").status());
        assertEquals(200, get("/api/v1/users?limit=1").status());
    }

    @Test
    void listUsersIsABareArrayPagedFromZeroInIdOrder() throws Exception {
        int a = sim.seedUser("a@x.com", "A", false, Map.of());
        int b = sim.seedUser("b@x.com", "B", false, Map.of());
        int c = sim.seedUser("c@x.com", "C", false, Map.of());
        assertEquals(List.of(1001, 1002, 1003), List.of(a, b, c));

        Answer first = get("/api/v1/users?limit=2");
        Answer page0 = get("/api/v1/users?limit=2&page=0");
        Answer page1 = get("/api/v1/users?limit=2&page=1");
        Answer page2 = get("/api/v1/users?limit=2&page=2");

        assertTrue(first.json().isArray());
        assertEquals(List.of(a, b), ids(first.json()));
        assertEquals(List.of(a, b), ids(page0.json()));
        assertEquals(List.of(c), ids(page1.json()));
        assertEquals(json("[]"), page2.json());
    }

    @Test
    void listUsersHidesDeletedUnlessAskedAndFiltersByEmailIgnoringCase() throws Exception {
        int live = sim.seedUser("live@x.com", "Live", false, Map.of());
        int gone = sim.seedUser("gone@x.com", "Gone", true, Map.of());

        assertEquals(List.of(live), ids(get("/api/v1/users?limit=10").json()));
        assertEquals(List.of(live, gone), ids(get("/api/v1/users?limit=10&includeDeleted=true").json()));
        assertEquals(List.of(live), ids(get("/api/v1/users?limit=1&email=" + enc("LIVE@X.com")).json()));
        assertEquals(json("[]"), get("/api/v1/users?limit=1&email=" + enc("gone@x.com")).json());
        assertEquals(List.of(gone),
                ids(get("/api/v1/users?limit=1&includeDeleted=true&email=" + enc("Gone@X.com")).json()));
        assertEquals(json("[]"), get("/api/v1/users?limit=1&email=live").json(), "email is an exact match");
    }

    @Test
    void listedUserHasTheSpecShapeWithDirectReports() throws Exception {
        int boss = sim.seedUser("boss@x.com", "Boss", false, Map.of());
        int report = sim.seedUser("rep@x.com", "Rep", false, Map.of("department", "Ops"));
        clock.advance(5);
        assertEquals(200, post("/api/v1/users/" + report, Map.of("managerEmails", List.of("boss@x.com"))).status());

        JsonNode listed = get("/api/v1/users?limit=10").json();

        JsonNode bossJson = listed.get(0);
        assertEquals(Set.of("id", "name", "email", "isAdmin", "isDeleted", "isPermanentlyDeleted", "createdAt",
                "updatedAt", "directReports", "certifications"), fieldNames(bossJson));
        assertEquals(boss, bossJson.get("id").asInt());
        assertTrue(bossJson.get("createdAt").isNumber());
        assertEquals(clock.millis(), listed.get(1).get("updatedAt").asLong());
        assertEquals(json("[{\"id\":" + report + ",\"name\":\"Rep\",\"email\":\"rep@x.com\"}]"),
                bossJson.get("directReports"));
        assertEquals(json("[]"), bossJson.get("certifications"));
        assertEquals(json("[]"), listed.get(1).get("directReports"));
    }

    // ---- POST /api/v1/users ----------------------------------------------------------------------

    @Test
    void createUserStoresLowercaseEmailAndAnswersWithGroupsAndMentors() throws Exception {
        int manager = sim.seedUser("boss@x.com", "Boss", false, Map.of());
        int group = sim.seedGroup("New Hires");

        Answer created = post("/api/v1/users", Map.of("email", "Jane.Doe@X.com", "name", "Jane Doe",
                "managers", List.of(manager), "groups", List.of(group), "isAdmin", false));

        assertEquals(200, created.status());
        JsonNode body = created.json();
        assertEquals(1002, body.get("id").asInt());
        assertEquals("jane.doe@x.com", body.get("email").asText());
        assertEquals("Jane Doe", body.get("name").asText());
        assertFalse(body.get("isAdmin").asBoolean());
        assertFalse(body.get("isDeleted").asBoolean());
        assertEquals(manager, body.get("mentors").get(0).get("id").asInt());
        assertEquals("boss@x.com", body.get("mentors").get(0).get("email").asText());
        JsonNode groupJson = body.get("groups").get(0);
        assertEquals(Set.of("id", "enterpriseId", "name", "createdAt", "updatedAt"), fieldNames(groupJson));
        assertEquals(group, groupJson.get("id").asInt());
        assertEquals("New Hires", groupJson.get("name").asText());

        WorkRampSimulator.User jane = sim.user("JANE.DOE@x.com").orElseThrow();
        assertEquals("jane.doe@x.com", jane.email());
        assertEquals(Set.of(manager), jane.managerIds());
        assertEquals(Set.of("New Hires"), jane.groupNames());
        assertEquals(Set.of("jane.doe@x.com"), sim.groupMemberEmails("New Hires"));

        Answer next = post("/api/v1/users", Map.of("email", "next@x.com"));
        assertEquals(1003, next.json().get("id").asInt());
    }

    @Test
    void createUserRejectsTheGuidesFieldsNamingTheKey() throws Exception {
        for (String key : List.of("first_name", "last_name", "active", "role", "department", "custom_attributes")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("email", "new@x.com");
            body.put(key, key.equals("active") ? true : "x");

            Answer a = post("/api/v1/users", body);

            assertEquals(400, a.status(), key);
            assertTrue(a.json().get("error").asText().contains("'" + key + "'"), a.json().toString());
        }
        assertTrue(sim.users().isEmpty());
    }

    @Test
    void createUserNeedsAnEmail() throws Exception {
        Answer missing = post("/api/v1/users", Map.of("name", "No Mail"));
        Answer empty = call("POST", "/api/v1/users", "", AUTH);
        Answer invalid = post("/api/v1/users", Map.of("email", "not-an-email"));

        assertEquals(400, missing.status());
        assertTrue(missing.json().get("error").asText().contains("email"));
        assertEquals(400, empty.status());
        assertEquals(400, invalid.status());
        assertTrue(sim.users().isEmpty());
    }

    @Test
    void createUserRejectsDuplicateEmailIgnoringCaseEvenForDeletedUsers() throws Exception {
        sim.seedUser("live@x.com", "Live", false, Map.of());
        sim.seedUser("gone@x.com", "Gone", true, Map.of());

        for (String email : List.of("live@x.com", "LIVE@x.com", "Gone@X.com")) {
            Answer a = post("/api/v1/users", Map.of("email", email));
            assertEquals(400, a.status(), email);
            assertEquals(json("{\"error\":\"A user with this email already exists\"}"), a.json());
        }
        assertEquals(2, sim.users().size());
    }

    @Test
    void createUserRejectsUnknownManagerOrGroupIds() throws Exception {
        int manager = sim.seedUser("boss@x.com", "Boss", false, Map.of());
        int group = sim.seedGroup("G");

        Answer badManager = post("/api/v1/users", Map.of("email", "n@x.com", "managers", List.of(manager, 9999)));
        Answer badGroup = post("/api/v1/users", Map.of("email", "n@x.com", "groups", List.of(group, 9999)));
        Answer groupName = post("/api/v1/users", Map.of("email", "n@x.com", "groups", List.of("G")));

        assertEquals(400, badManager.status());
        assertEquals(400, badGroup.status());
        assertEquals(400, groupName.status(), "groups are referenced by id");
        assertTrue(sim.user("n@x.com").isEmpty());
        assertTrue(sim.groupMemberEmails("G").isEmpty());
    }

    // ---- POST /api/v1/users/{id} -----------------------------------------------------------------

    @Test
    void updateOfUnknownUserIs404() throws Exception {
        for (String id : List.of("4242", "abc")) {
            Answer a = post("/api/v1/users/" + id, Map.of("name", "X"));
            assertEquals(404, a.status());
            assertEquals(json("{\"error\":\"User not found\"}"), a.json());
        }
    }

    @Test
    void updateRejectsUnknownKeysNamingThemAndChangesNothing() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        for (String key : List.of("active", "first_name", "department", "managers", "customAttributes")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "Changed");
            body.put(key, key.equals("active") ? false : "x");

            Answer a = post("/api/v1/users/" + id, body);

            assertEquals(400, a.status(), key);
            assertTrue(a.json().get("error").asText().contains("'" + key + "'"), a.json().toString());
        }
        assertEquals("A", sim.user("a@x.com").orElseThrow().name());
    }

    @Test
    void updateLeavesAbsentFieldsUntouched() throws Exception {
        sim.seedUser("boss@x.com", "Boss", false, Map.of());
        int id = sim.seedUser("a@x.com", "A", false, Map.of("department", "Ops", "title", "Clerk"));
        post("/api/v1/users/" + id, Map.of("isAdmin", true, "managerEmails", List.of("boss@x.com")));
        WorkRampSimulator.User before = sim.user("a@x.com").orElseThrow();

        Answer a = post("/api/v1/users/" + id, Map.of("name", "Anna"));

        assertEquals(200, a.status());
        WorkRampSimulator.User after = sim.user("a@x.com").orElseThrow();
        assertEquals("Anna", after.name());
        assertEquals(before.email(), after.email());
        assertTrue(after.admin());
        assertFalse(after.deleted());
        assertEquals(before.managerIds(), after.managerIds());
        assertEquals(Map.of("department", "Ops", "title", "Clerk"), after.customAttributes());
    }

    @Test
    void updateEmailIsLowercasedAndMustStayUnique() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        sim.seedUser("taken@x.com", "T", true, Map.of());

        Answer clash = post("/api/v1/users/" + id, Map.of("email", "TAKEN@x.com", "name", "Changed"));
        assertEquals(400, clash.status());
        assertEquals(json("{\"error\":\"A user with this email already exists\"}"), clash.json());
        assertEquals("A", sim.user("a@x.com").orElseThrow().name());

        Answer own = post("/api/v1/users/" + id, Map.of("email", "A@X.com"));
        assertEquals(200, own.status(), "re-sending one's own email is not a clash");

        Answer changed = post("/api/v1/users/" + id, Map.of("email", "New.Mail@X.com"));
        assertEquals(200, changed.status());
        assertEquals("new.mail@x.com", changed.json().get("email").asText());
        assertTrue(sim.user("a@x.com").isEmpty());
        assertEquals(id, sim.user("new.mail@x.com").orElseThrow().id());
    }

    @Test
    void isDeletedDeactivatesAndReactivates() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false, Map.of());

        Answer off = post("/api/v1/users/" + id, Map.of("isDeleted", true));
        assertEquals(200, off.status());
        assertTrue(off.json().get("isDeleted").asBoolean());
        assertTrue(sim.user("a@x.com").orElseThrow().deleted());
        assertFalse(sim.user("a@x.com").orElseThrow().permanentlyDeleted());
        assertEquals(json("[]"), get("/api/v1/users?limit=1&email=a%40x.com").json());

        assertEquals(200, post("/api/v1/users/" + id, Map.of("isDeleted", false)).status());
        assertFalse(sim.user("a@x.com").orElseThrow().deleted());
        assertEquals(400, post("/api/v1/users/" + id, Map.of("isDeleted", "yes")).status());
    }

    @Test
    void managerEmailsAddUnlessOverwriteAndMustExist() throws Exception {
        int boss1 = sim.seedUser("boss1@x.com", "B1", false, Map.of());
        int boss2 = sim.seedUser("boss2@x.com", "B2", false, Map.of());
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        String url = "/api/v1/users/" + id;

        Answer first = post(url, Map.of("managerEmails", List.of("BOSS1@x.com")));
        assertEquals(200, first.status());
        assertEquals(boss1, first.json().get("mentors").get(0).get("id").asInt());
        assertEquals(Set.of(boss1), managers("a@x.com"));

        assertEquals(200, post(url, Map.of("managerEmails", List.of("boss2@x.com"))).status());
        assertEquals(Set.of(boss1, boss2), managers("a@x.com"), "absent overwrite adds");

        assertEquals(200, post(url, Map.of("managerEmails", List.of("boss1@x.com"),
                "overwriteManagerEmails", false)).status());
        assertEquals(Set.of(boss1, boss2), managers("a@x.com"), "overwrite=false adds");

        Answer unknown = post(url, Map.of("managerEmails", List.of("nobody@x.com"), "overwriteManagerEmails", true));
        assertEquals(400, unknown.status());
        assertEquals(Set.of(boss1, boss2), managers("a@x.com"), "a rejected update changes nothing");

        assertEquals(200, post(url, Map.of("managerEmails", List.of("boss2@x.com"),
                "overwriteManagerEmails", true)).status());
        assertEquals(Set.of(boss2), managers("a@x.com"), "overwrite=true sets exactly");

        assertEquals(200, post(url, Map.of("managerEmails", List.of(), "overwriteManagerEmails", true)).status());
        assertEquals(Set.of(), managers("a@x.com"), "overwrite with [] clears");
    }

    @Test
    void customAttributesReplacesTheWholeMap() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false,
                Map.of("department", "Ops", "title", "Clerk", "location", "Berlin"));

        Answer a = post("/api/v1/users/" + id, Map.of("custom_attributes", Map.of("title", "Lead")));

        assertEquals(200, a.status());
        assertEquals(Map.of("title", "Lead"), sim.user("a@x.com").orElseThrow().customAttributes(),
                "attributes not sent are dropped");
    }

    @Test
    void updateCustomAttributesMergesAndNullRemoves() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false,
                Map.of("department", "Ops", "title", "Clerk", "cost_center", "CC1"));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("title", "Lead");
        changes.put("department", null);
        changes.put("employee_id", 42);
        changes.put("location", "Berlin");

        Answer a = post("/api/v1/users/" + id, Map.of("update_custom_attributes", changes));

        assertEquals(200, a.status());
        assertEquals(Map.of("title", "Lead", "employee_id", "42", "location", "Berlin", "cost_center", "CC1"),
                sim.user("a@x.com").orElseThrow().customAttributes());
    }

    @Test
    void unknownCustomAttributeIs400AndNothingChanges() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false, Map.of("department", "Ops"));
        for (String key : List.of("custom_attributes", "update_custom_attributes")) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("title", "Lead");
            attributes.put("shoe_size", "44");

            Answer a = post("/api/v1/users/" + id, Map.of("name", "Changed", key, attributes));

            assertEquals(400, a.status(), key);
            assertEquals(json("{\"error\":\"Unknown custom attribute 'shoe_size'\"}"), a.json());
        }
        WorkRampSimulator.User user = sim.user("a@x.com").orElseThrow();
        assertEquals("A", user.name());
        assertEquals(Map.of("department", "Ops"), user.customAttributes());
    }

    @Test
    void allowedCustomAttributesAreConfigurable() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        sim.allowedCustomAttributes(Set.of("team"));

        Answer department = post("/api/v1/users/" + id, Map.of("update_custom_attributes", Map.of("department", "Ops")));
        Answer team = post("/api/v1/users/" + id, Map.of("update_custom_attributes", Map.of("team", "Red")));

        assertEquals(400, department.status());
        assertEquals(json("{\"error\":\"Unknown custom attribute 'department'\"}"), department.json());
        assertEquals(200, team.status());
        assertEquals(Map.of("team", "Red"), sim.user("a@x.com").orElseThrow().customAttributes());
    }

    @Test
    void updateAnswersWithTheUserAndMentors() throws Exception {
        int boss = sim.seedUser("boss@x.com", "Boss", false, Map.of());
        int id = sim.seedUser("a@x.com", "A", false, Map.of());

        Answer a = post("/api/v1/users/" + id, Map.of("name", "Anna", "isAdmin", true,
                "managerEmails", List.of("boss@x.com")));

        JsonNode body = a.json();
        assertEquals(id, body.get("id").asInt());
        assertEquals("Anna", body.get("name").asText());
        assertTrue(body.get("isAdmin").asBoolean());
        assertFalse(body.get("isPermanentlyDeleted").asBoolean());
        assertEquals(1, body.get("mentors").size());
        assertEquals(boss, body.get("mentors").get(0).get("id").asInt());
    }

    // ---- DELETE /api/v1/users/{id} ---------------------------------------------------------------

    @Test
    void deleteIsPermanentAndCounted() throws Exception {
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        int group = sim.seedGroup("G");
        post("/api/v1/groups/" + group + "/users", Map.of("userId", id));

        Answer a = call("DELETE", "/api/v1/users/" + id, null, AUTH);

        assertEquals(200, a.status());
        assertEquals(json("true"), a.json());
        assertEquals(1, sim.deleteCount());
        WorkRampSimulator.User user = sim.user("a@x.com").orElseThrow();
        assertTrue(user.deleted());
        assertTrue(user.permanentlyDeleted());
        assertTrue(sim.groupMemberEmails("G").isEmpty());
        assertEquals(json("[]"), get("/api/v1/users?limit=10").json());
        JsonNode withDeleted = get("/api/v1/users?limit=10&includeDeleted=true").json();
        assertTrue(withDeleted.get(0).get("isPermanentlyDeleted").asBoolean());
        assertEquals(400, post("/api/v1/users", Map.of("email", "a@x.com")).status(), "the email stays taken");
        assertEquals(404, post("/api/v1/users/" + id, Map.of("isDeleted", false)).status());
        assertEquals(404, call("DELETE", "/api/v1/users/" + id, null, AUTH).status());
        assertEquals(404, call("DELETE", "/api/v1/users/9999", null, AUTH).status());
        assertEquals(1, sim.deleteCount());
    }

    // ---- GET /api/v1/users/attributes ------------------------------------------------------------

    @Test
    void attributesListPagesFromOneWithPerPageUpTo200() throws Exception {
        assertEquals(400, get("/api/v1/users/attributes?page=0").status());
        assertEquals(400, get("/api/v1/users/attributes?per_page=0").status());
        assertEquals(400, get("/api/v1/users/attributes?per_page=201").status());
        assertEquals(200, get("/api/v1/users/attributes?per_page=200").status());

        for (int i = 0; i < 25; i++) {
            sim.seedUser("u" + i + "@x.com", "U" + i, false, Map.of());
        }
        JsonNode first = get("/api/v1/users/attributes").json();
        assertEquals(1, first.get("page").asInt());
        assertEquals(20, first.get("per_page").asInt());
        assertTrue(first.get("has_more").asBoolean());
        assertEquals(20, first.get("item_count").asInt());
        assertEquals("/api/v1/users/attributes", first.get("url").asText());
        assertEquals(20, first.get("data").get("users").size());
        assertEquals(1001, first.get("data").get("users").get(0).get("id").asInt());

        JsonNode second = get("/api/v1/users/attributes?page=2&per_page=20").json();
        assertFalse(second.get("has_more").asBoolean());
        assertEquals(5, second.get("data").get("users").size());
        assertEquals(1021, second.get("data").get("users").get(0).get("id").asInt());
    }

    @Test
    void attributesListShowsSnakeCaseUsersWithTheirAttributes() throws Exception {
        sim.seedUser("a@x.com", "A", false, Map.of("department", "Ops", "title", "Clerk"));
        sim.seedUser("gone@x.com", "Gone", true, Map.of());

        JsonNode users = get("/api/v1/users/attributes").json().get("data").get("users");

        assertEquals(1, users.size(), "deleted users are hidden by default");
        JsonNode a = users.get(0);
        assertEquals(Set.of("id", "name", "email", "is_admin", "is_deleted", "is_permanently_deleted", "created_at",
                "updated_at", "custom_attributes"), fieldNames(a));
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode attribute : a.get("custom_attributes")) {
            assertTrue(attribute.get("id").isInt());
            values.put(attribute.get("api_name").asText(), attribute.get("value").asText());
        }
        assertEquals(Map.of("department", "Ops", "title", "Clerk"), values);
        assertEquals(2, get("/api/v1/users/attributes?includeDeleted=true").json().get("data").get("users").size());
    }

    // ---- groups ----------------------------------------------------------------------------------

    @Test
    void groupsAreABareArrayAndCanBeCreatedOnce() throws Exception {
        int seeded = sim.seedGroup("Sales");

        Answer created = post("/api/v1/groups", Map.of("name", "Engineering", "description", "Builders"));
        Answer duplicate = post("/api/v1/groups", Map.of("name", "Engineering"));
        Answer unknownKey = post("/api/v1/groups", Map.of("name", "Ops", "members", List.of()));
        Answer noName = post("/api/v1/groups", Map.of("description", "x"));

        assertEquals(200, created.status());
        assertEquals("Engineering", created.json().get("name").asText());
        assertEquals(400, duplicate.status());
        assertEquals(400, unknownKey.status());
        assertTrue(unknownKey.json().get("error").asText().contains("'members'"));
        assertEquals(400, noName.status());
        JsonNode list = get("/api/v1/groups").json();
        assertTrue(list.isArray());
        assertEquals(2, list.size());
        assertEquals(seeded, list.get(0).get("id").asInt());
        assertEquals(created.json().get("id").asInt(), list.get(1).get("id").asInt());
        assertEquals(Set.of("id", "enterpriseId", "name", "createdAt", "updatedAt"), fieldNames(list.get(1)));
    }

    @Test
    void groupMembershipIsAddedOnceAndListed() throws Exception {
        int group = sim.seedGroup("New Hires");
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        String url = "/api/v1/groups/" + group + "/users";

        Answer added = post(url, Map.of("userId", id, "startDate", "1767225600000"));
        Answer again = post(url, Map.of("userId", id));

        assertEquals(200, added.status());
        assertEquals(json("true"), added.json());
        assertEquals(200, again.status());
        assertEquals(json("true"), again.json());
        JsonNode members = get(url).json();
        assertTrue(members.isArray());
        assertEquals(List.of(id), ids(members));
        assertEquals("a@x.com", members.get(0).get("email").asText());
        assertEquals(Set.of("a@x.com"), sim.groupMemberEmails("New Hires"));
        assertEquals(Set.of("New Hires"), sim.user("a@x.com").orElseThrow().groupNames());
    }

    @Test
    void groupMembershipRejectsUnknownGroupUserAndMissingUserId() throws Exception {
        int group = sim.seedGroup("G");
        int id = sim.seedUser("a@x.com", "A", false, Map.of());

        Answer unknownGroup = post("/api/v1/groups/9999/users", Map.of("userId", id));
        Answer unknownUser = post("/api/v1/groups/" + group + "/users", Map.of("userId", 9999));
        Answer noUserId = post("/api/v1/groups/" + group + "/users", Map.of("startDate", "2026-01-01"));
        Answer emailInstead = post("/api/v1/groups/" + group + "/users", Map.of("userId", "a@x.com"));

        assertEquals(404, unknownGroup.status());
        assertEquals(404, get("/api/v1/groups/9999/users").status());
        assertEquals(400, unknownUser.status());
        assertEquals(400, noUserId.status());
        assertEquals(400, emailInstead.status());
        assertTrue(sim.groupMemberEmails("G").isEmpty());
    }

    // ---- paths -----------------------------------------------------------------------------------

    @Test
    void pathsAreListedInAPagedEnvelope() throws Exception {
        String onboarding = sim.seedPath("Onboarding");
        sim.seedPath("Security");
        sim.seedPath("Sales 101");

        JsonNode first = get("/api/v1/paths?page=1&per_page=2").json();
        JsonNode second = get("/api/v1/paths?page=2&per_page=2").json();

        assertEquals(1, first.get("page").asInt());
        assertEquals(2, first.get("per_page").asInt());
        assertTrue(first.get("has_more").asBoolean());
        assertEquals("/api/v1/paths", first.get("url").asText());
        JsonNode path = first.get("data").get("paths").get(0);
        assertEquals(onboarding, path.get("id").asText());
        assertEquals("Onboarding", path.get("name").asText());
        assertTrue(path.has("description") && path.has("created_at") && path.has("updated_at"));
        assertFalse(second.get("has_more").asBoolean());
        assertEquals(1, second.get("data").get("paths").size());
        assertEquals(20, get("/api/v1/paths").json().get("per_page").asInt());
        assertEquals(400, get("/api/v1/paths?page=0").status());
        assertEquals(400, get("/api/v1/paths?per_page=201").status());
    }

    @Test
    void pathAssignmentIsIdempotentAndAnswersTheAssignment() throws Exception {
        String pathId = sim.seedPath("Onboarding");
        int id = sim.seedUser("a@x.com", "A", false, Map.of());
        String url = "/api/v1/paths/" + pathId + "/assignments";

        Answer first = post(url, Map.of("userId", id, "dueDate", "2026-09-01", "createdThrough", "hrsync"));
        Answer again = post(url, Map.of("userId", id, "dueDate", "2026-10-01"));

        assertEquals(200, first.status());
        JsonNode a = first.json();
        assertTrue(a.get("id").isTextual());
        assertEquals(id, a.get("userId").asInt());
        assertEquals(pathId, a.get("trainingSeriesId").asText());
        assertTrue(a.get("assignerId").isInt());
        assertFalse(a.get("isCompleted").asBoolean());
        assertEquals(Instant.parse("2026-09-01T23:59:59.999Z").toEpochMilli(), a.get("dueDate").asLong());
        assertTrue(a.get("createdAt").isNumber() && a.get("updatedAt").isNumber());
        assertEquals(200, again.status());
        assertEquals(a, again.json(), "the existing assignment comes back unchanged");
        assertEquals(Set.of("a@x.com"), sim.pathAssigneeEmails("Onboarding"));
    }

    @Test
    void pathAssignmentRejectsUnknownPathUserAndMissingUserId() throws Exception {
        String pathId = sim.seedPath("Onboarding");
        int id = sim.seedUser("a@x.com", "A", false, Map.of());

        Answer unknownPath = post("/api/v1/paths/no-such-path/assignments", Map.of("userId", id));
        Answer unknownUser = post("/api/v1/paths/" + pathId + "/assignments", Map.of("userId", 9999));
        Answer noUserId = post("/api/v1/paths/" + pathId + "/assignments", Map.of("email", "a@x.com"));
        Answer unknownKey = post("/api/v1/paths/" + pathId + "/assignments", Map.of("userId", id, "due_date", "x"));

        assertEquals(404, unknownPath.status());
        assertEquals(400, unknownUser.status());
        assertEquals(400, noUserId.status());
        assertEquals(400, unknownKey.status());
        assertTrue(sim.pathAssigneeEmails("Onboarding").isEmpty());
    }

    // ---- reset and accessors ---------------------------------------------------------------------

    @Test
    void resetForgetsEverythingAndRestoresDefaultAttributes() throws Exception {
        sim.seedUser("a@x.com", "A", false, Map.of());
        sim.seedGroup("G");
        sim.seedPath("P");
        sim.allowedCustomAttributes(Set.of("team"));

        sim.reset();

        assertTrue(sim.users().isEmpty());
        assertEquals(json("[]"), get("/api/v1/groups").json());
        assertEquals(0, get("/api/v1/paths").json().get("item_count").asInt());
        assertThrows(IllegalArgumentException.class, () -> sim.groupMemberEmails("G"));
        assertEquals(0, sim.deleteCount());
        int id = sim.seedUser("b@x.com", "B", false, Map.of());
        assertEquals(1001, id, "ids start again");
        assertEquals(200, post("/api/v1/users/" + id,
                Map.of("update_custom_attributes", Map.of("department", "Ops", "cost_center", "CC1"))).status());
        assertEquals(400, post("/api/v1/users/" + id,
                Map.of("update_custom_attributes", Map.of("team", "Red"))).status());
    }

    @Test
    void userSnapshotsAreImmutable() {
        sim.seedUser("a@x.com", "A", false, Map.of("department", "Ops"));
        WorkRampSimulator.User user = sim.user("a@x.com").orElseThrow();

        assertThrows(UnsupportedOperationException.class, () -> user.customAttributes().put("title", "x"));
        assertThrows(UnsupportedOperationException.class, () -> user.managerIds().add(1));
        assertThrows(IllegalArgumentException.class, () -> sim.seedUser("A@x.com", "dup", false, Map.of()));
        assertNull(sim.user("missing@x.com").orElse(null));
        assertNotEquals(sim.seedGroup("G1"), sim.seedGroup("G2"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private record Answer(int status, JsonNode json, HttpHeaders headers) {
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return call("GET", path, null, AUTH);
    }

    private Answer post(String path, Object body) throws IOException, InterruptedException {
        return call("POST", path, body, AUTH);
    }

    /** body: null for none, a String as is, anything else as JSON; authorization: null for no header. */
    private Answer call(String method, String path, Object body, String authorization)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(method, path, body, authorization), BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json, response.headers());
    }

    private HttpRequest request(String method, String path, Object body, String authorization) throws IOException {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, text == null ? BodyPublishers.noBody() : BodyPublishers.ofString(text));
        if (text != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> ids = new ArrayList<>();
        array.forEach(u -> ids.add(u.get("id").asInt()));
        return ids;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private Set<Integer> managers(String email) {
        return sim.user(email).orElseThrow().managerIds();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A clock the test moves by hand (volatile: read by the server's threads). */
    private static final class MutableClock extends Clock {
        private final long start = System.currentTimeMillis();
        private volatile long offset;

        void advance(long millis) {
            offset += millis;
        }

        @Override
        public long millis() {
            return start + offset;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
