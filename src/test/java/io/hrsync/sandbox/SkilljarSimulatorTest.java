package io.hrsync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Real HTTP against {@link SkilljarSimulator}: one test per rule of the contract. */
class SkilljarSimulatorTest {

    private static final String KEY = "sk-test-key";
    private static final String DOMAIN = "academy.example.com";
    private static final String BASIC = basic(KEY + ":");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private SkilljarSimulator sim;

    @BeforeEach
    void start() {
        sim = new SkilljarSimulator(KEY, DOMAIN).start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- auth ----------------------------------------------------------------------------------

    @Test
    void acceptsBasicWithEmptyPasswordAndTokenHeader() throws Exception {
        assertEquals(200, send("GET", "/v1/groups", null, BASIC).statusCode());
        assertEquals(200, send("GET", "/v1/groups", null, "Token " + KEY).statusCode());
        assertEquals(200, send("GET", "/v1/groups", null, "Bearer " + KEY).statusCode()); // the spec's tokenAuth
    }

    @Test
    void refusesAnyOtherCredentialWith401Detail() throws Exception {
        for (String auth : new String[] { null, basic(KEY + ":secret"), basic(KEY), basic("other:"), "Token other",
                "Basic not-base64!", KEY }) {
            HttpResponse<String> reply = send("GET", "/v1/groups", null, auth);
            assertEquals(401, reply.statusCode(), "credential " + auth);
            assertTrue(json(reply).path("detail").isTextual(), reply.body());
        }
        assertEquals("Invalid API key.", json(send("GET", "/v1/groups", null, "Token nope")).path("detail").asText());
    }

    // ---- trailing slashes ----------------------------------------------------------------------

    @Test
    void defaultStyleIsWithoutSlashAndRedirectsTheOtherForm() throws Exception {
        HttpResponse<String> get = send("GET", "/v1/groups/?page=1", null, BASIC);
        assertEquals(301, get.statusCode());
        assertEquals(sim.baseUrl() + "/v1/groups?page=1", get.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> post = send("POST", "/v1/domains/" + DOMAIN + "/users/", newUser("a@x.com"), BASIC);
        assertEquals(301, post.statusCode());
        assertEquals(sim.baseUrl() + "/v1/domains/" + DOMAIN + "/users",
                post.headers().firstValue("Location").orElseThrow());
        assertEquals(0, sim.creates(), "a redirected POST does nothing");
        assertTrue(sim.user("a@x.com").isEmpty());
        assertEquals(2, sim.redirects());
        assertEquals(301, sim.requests().get(1).status(), "the redirect is recorded");
        assertEquals(404, send("GET", "/v1/nothing/", null, BASIC).statusCode(), "unknown paths do not redirect");
    }

    @Test
    void slashStyleCanBeRequired() throws Exception {
        sim.trailingSlash(true);
        HttpResponse<String> bare = send("PATCH", "/v1/users/u1", "{}", BASIC);
        assertEquals(301, bare.statusCode());
        assertEquals(sim.baseUrl() + "/v1/users/u1/", bare.headers().firstValue("Location").orElseThrow());
        assertEquals(200, send("GET", "/v1/groups/", null, BASIC).statusCode());
    }

    // ---- users ---------------------------------------------------------------------------------

    @Test
    void usersListFiltersByEmailAsTheSpecDeclaresAndAnswersAPlainArray() throws Exception {
        String id = sim.seedUser("Jane@Example.com", "Jane", "Doe", true);
        sim.seedUser("john@example.com", "John", "Roe", true);
        JsonNode list = json(get("/v1/users?email=jane%40example.com"));
        assertTrue(list.isArray());
        assertEquals(1, list.size());
        assertEquals(id, list.get(0).path("user").path("id").asText());
        assertEquals("Jane@Example.com", list.get(0).path("user").path("email").asText());
        assertEquals(400, get("/v1/users?mail=jane%40example.com").statusCode(), "undeclared parameter");
    }

    @Test
    void domainUsersPageUpToAThousandWithAbsoluteNextLinks() throws Exception {
        for (int i = 0; i < 250; i++) {
            sim.seedUser("p" + i + "@example.com", "P", "" + i, true);
        }
        JsonNode first = json(get("/v1/domains/" + DOMAIN + "/users"));
        assertEquals(250, first.path("count").asInt());
        assertEquals(100, first.path("results").size(), "default page size");
        assertTrue(first.path("previous").isNull());

        Set<String> ids = new HashSet<>();
        String next = sim.baseUrl() + "/v1/domains/" + DOMAIN + "/users?page_size=120";
        int pages = 0;
        while (next != null) {
            assertTrue(next.startsWith("http://127.0.0.1:"), next);
            JsonNode page = json(send("GET", URI.create(next), null, BASIC));
            page.path("results").forEach(r -> ids.add(r.path("user").path("id").asText()));
            next = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        }
        assertEquals(250, ids.size());
        assertEquals(3, pages);
        assertEquals(4, sim.listCalls());
        assertEquals(250, json(get("/v1/domains/" + DOMAIN + "/users?page_size=1000")).path("results").size());
        assertEquals(400, get("/v1/domains/" + DOMAIN + "/users?page_size=1001").statusCode());
        assertEquals(404, get("/v1/domains/" + DOMAIN + "/users?page=9").statusCode());
        assertEquals(5, sim.listCalls(), "refused pages are not counted");
    }

    @Test
    void domainUsersFilterByUserEmailAndUnknownDomainIs404() throws Exception {
        String id = sim.seedUser("jane@example.com", "Jane", "Doe", false);
        sim.seedUser("john@example.com", "John", "Roe", true);
        JsonNode page = json(get("/v1/domains/" + DOMAIN + "/users?user__email=JANE%40example.com"));
        assertEquals(1, page.path("count").asInt());
        JsonNode row = page.path("results").get(0);
        assertEquals(id, row.path("user").path("id").asText());
        assertEquals("Doe", row.path("user").path("last_name").asText());
        assertFalse(row.path("active").asBoolean(true));
        assertEquals(400, get("/v1/domains/" + DOMAIN + "/users?email=jane%40example.com").statusCode(),
                "email is not a filter of this list");
        assertEquals(404, get("/v1/domains/other.example.com/users").statusCode());
    }

    @Test
    void postToDomainUsersUpsertsByEmail() throws Exception {
        HttpResponse<String> created = post("/v1/domains/" + DOMAIN + "/users",
                "{\"user\":{\"email\":\"new@example.com\",\"first_name\":\"New\",\"last_name\":\"Person\"},\"active\":true}");
        assertEquals(201, created.statusCode());
        String id = json(created).path("user").path("id").asText();
        assertTrue(json(created).path("user").path("id").isTextual());
        assertEquals(1, sim.creates());

        String existing = sim.seedUser("old@example.com", "Old", "Name", false);
        HttpResponse<String> upsert = post("/v1/domains/" + DOMAIN + "/users",
                "{\"user\":{\"email\":\"OLD@example.com\",\"first_name\":\"Other\"},\"active\":true}");
        assertEquals(201, upsert.statusCode());
        assertEquals(existing, json(upsert).path("user").path("id").asText());
        assertEquals("Old", json(upsert).path("user").path("first_name").asText(), "existing details returned");
        assertTrue(json(upsert).path("active").asBoolean());
        assertTrue(sim.user("old@example.com").orElseThrow().activeInDomain(), "membership re-activated");

        assertEquals(id, json(post("/v1/domains/" + DOMAIN + "/users", newUser("new@example.com")))
                .path("user").path("id").asText());
        assertEquals(1, sim.creates(), "only new user ids count");
        assertEquals(2, sim.users().size());
    }

    @Test
    void thereIsNoPostToUsersAndCreatesAreValidatedStrictly() throws Exception {
        HttpResponse<String> noCreate = post("/v1/users", "{\"email\":\"a@example.com\"}");
        assertEquals(405, noCreate.statusCode());
        assertEquals("GET", noCreate.headers().firstValue("Allow").orElseThrow());
        String users = "/v1/domains/" + DOMAIN + "/users";
        assertEquals(400, post(users, "{\"user\":{\"first_name\":\"No\"}}").statusCode(), "email required");
        assertEquals(400, post(users, "{\"user\":{\"email\":\"not-an-email\"}}").statusCode());
        HttpResponse<String> guideField = post(users, "{\"user\":{\"email\":\"a@example.com\"},\"is_active\":true}");
        assertEquals(400, guideField.statusCode());
        assertTrue(json(guideField).has("is_active"), guideField.body());
        assertEquals(400, post(users, "{\"email\":\"a@example.com\"}").statusCode(), "flat body is not the spec's");
        assertEquals(400, post(users, "{not json").statusCode());
        assertTrue(json(post(users, "{not json")).path("detail").isTextual());
        assertEquals(415, send("POST", users, "user=a", BASIC, "application/x-www-form-urlencoded").statusCode());
        assertEquals(0, sim.creates());
    }

    @Test
    void patchUserUpdatesNameAndUniqueEmailOnly() throws Exception {
        String id = sim.seedUser("jane@example.com", "Jane", "Doe", true);
        sim.seedUser("john@example.com", "John", "Roe", true);
        HttpResponse<String> patched = send("PATCH", "/v1/users/" + id, "{\"last_name\":\"Smith\"}", BASIC);
        assertEquals(200, patched.statusCode());
        assertEquals("Smith", json(patched).path("last_name").asText());
        assertEquals("Jane", sim.user("jane@example.com").orElseThrow().firstName(), "partial");
        assertEquals("Smith", json(get("/v1/users/" + id)).path("user").path("last_name").asText());

        HttpResponse<String> taken = send("PATCH", "/v1/users/" + id, "{\"email\":\"JOHN@example.com\"}", BASIC);
        assertEquals(400, taken.statusCode());
        assertTrue(json(taken).has("email"));
        assertEquals(400, send("PATCH", "/v1/users/" + id, "{\"is_active\":false}", BASIC).statusCode());
        assertEquals(200, send("PATCH", "/v1/users/" + id, "{\"email\":\"jane.smith@example.com\"}", BASIC).statusCode());
        assertTrue(sim.user("jane.smith@example.com").isPresent());
        assertEquals(404, get("/v1/users/nobody").statusCode());
        assertEquals(404, send("PATCH", "/v1/users/nobody", "{\"first_name\":\"X\"}", BASIC).statusCode());
    }

    @Test
    void patchDomainMembershipDeactivatesAndReactivates() throws Exception {
        String id = sim.seedUser("jane@example.com", "Jane", "Doe", true);
        String path = "/v1/domains/" + DOMAIN + "/users/" + id;
        HttpResponse<String> off = send("PATCH", path, "{\"active\":false}", BASIC);
        assertEquals(200, off.statusCode());
        assertFalse(json(off).path("active").asBoolean(true));
        assertFalse(sim.user("jane@example.com").orElseThrow().activeInDomain());
        assertTrue(json(get("/v1/users/" + id)).path("inactive_at").isTextual());

        assertEquals(200, send("PATCH", path, "{\"active\":true}", BASIC).statusCode());
        assertTrue(sim.user("jane@example.com").orElseThrow().activeInDomain());

        assertEquals(400, send("PATCH", path, "{\"is_active\":false}", BASIC).statusCode());
        assertEquals(404, send("PATCH", "/v1/domains/" + DOMAIN + "/users/nobody", "{\"active\":false}", BASIC)
                .statusCode());
        String outsider = sim.seedUserOutsideDomain("out@example.com", "Out", "Sider");
        assertEquals(404, send("PATCH", "/v1/domains/" + DOMAIN + "/users/" + outsider, "{\"active\":false}", BASIC)
                .statusCode(), "no membership");
    }

    // ---- groups --------------------------------------------------------------------------------

    @Test
    void groupsListAndIdempotentMembership() throws Exception {
        String staff = sim.seedGroup("Staff");
        sim.seedGroup("Partners");
        String id = sim.seedUser("jane@example.com", "Jane", "Doe", true);

        JsonNode groups = json(get("/v1/groups?page_size=1"));
        assertEquals(2, groups.path("count").asInt());
        assertEquals(1, groups.path("results").size());
        assertTrue(groups.path("next").asText().startsWith(sim.baseUrl() + "/v1/groups?"));
        assertEquals(staff, json(get("/v1/groups?name=Staff")).path("results").get(0).path("id").asText());

        String body = "{\"user\":{\"id\":\"" + id + "\"}}";
        assertEquals(201, post("/v1/groups/" + staff + "/users", body).statusCode());
        assertEquals(201, post("/v1/groups/" + staff + "/users", body).statusCode());
        assertEquals(1, json(get("/v1/groups/" + staff)).path("user_count").asInt(), "no duplicate membership");
        assertEquals(Set.of("Staff"), sim.user("jane@example.com").orElseThrow().groupNames());
        JsonNode mine = json(get("/v1/users/" + id + "/groups"));
        assertEquals(1, mine.path("count").asInt());
        assertEquals("Staff", mine.path("results").get(0).path("group").path("name").asText());

        assertEquals(400, post("/v1/groups/" + staff + "/users", "{\"user\":{\"id\":\"nobody\"}}").statusCode());
        assertEquals(400, post("/v1/groups/" + staff + "/users", "{\"user_id\":\"" + id + "\"}").statusCode(),
                "the guide's body is not the spec's");
        assertEquals(404, post("/v1/groups/nogroup/users", body).statusCode());

        assertEquals(204, send("DELETE", "/v1/groups/" + staff + "/users/" + id, null, BASIC).statusCode());
        assertEquals(404, send("DELETE", "/v1/groups/" + staff + "/users/" + id, null, BASIC).statusCode());
        assertTrue(sim.user("jane@example.com").orElseThrow().groupNames().isEmpty());
    }

    // ---- enrolment -----------------------------------------------------------------------------

    @Test
    void enrolmentNeedsActiveMembershipAndIsIdempotent() throws Exception {
        String course = sim.seedCourse("Onboarding Basics");
        String inactive = sim.seedUser("gone@example.com", "Gone", "User", false);
        String active = sim.seedUser("jane@example.com", "Jane", "Doe", true);
        String enrol = "/v1/domains/" + DOMAIN + "/published-courses/" + course + "/enrollments";

        HttpResponse<String> refused = post(enrol, "{\"user\":{\"id\":\"" + inactive + "\"},\"active\":true}");
        assertEquals(400, refused.statusCode());
        assertTrue(json(refused).path("detail").asText().contains("membership"), refused.body());

        HttpResponse<String> first = post(enrol, "{\"user\":{\"id\":\"" + active + "\"},\"active\":true}");
        assertEquals(201, first.statusCode());
        assertEquals(active, json(first).path("user").path("id").asText());
        HttpResponse<String> again = post(enrol, "{\"user\":{\"id\":\"" + active + "\"},\"active\":true}");
        assertEquals(json(first).path("id").asText(), json(again).path("id").asText());
        assertEquals(1, sim.enrollments());
        assertEquals(Set.of("Onboarding Basics"), sim.user("jane@example.com").orElseThrow().courseTitles());
        assertEquals(1, json(get(enrol)).path("count").asInt());

        assertEquals(404, post("/v1/domains/" + DOMAIN + "/published-courses/nocourse/enrollments",
                "{\"user\":{\"id\":\"" + active + "\"}}").statusCode());
        assertEquals(400, post(enrol, "{\"user\":{\"id\":\"nobody\"}}").statusCode());
        assertEquals(404, post("/v1/users/" + active + "/enrollments", "{\"course_id\":\"" + course + "\"}")
                .statusCode(), "the guide's enrolment path does not exist");
    }

    @Test
    void publishedCoursesResolveNamesToIds() throws Exception {
        String basics = sim.seedCourse("Onboarding Basics");
        sim.seedCourse("Security Awareness");
        String courses = "/v1/domains/" + DOMAIN + "/published-courses";
        JsonNode all = json(get(courses));
        assertEquals(2, all.path("count").asInt());
        JsonNode found = json(get(courses + "?search=onboarding"));
        assertEquals(1, found.path("count").asInt());
        assertEquals(basics, found.path("results").get(0).path("id").asText());
        assertEquals("Onboarding Basics", found.path("results").get(0).path("course").path("title").asText());
        assertEquals(400, get(courses + "?page_size=10").statusCode(), "the spec declares no page_size here");
        assertEquals(404, get("/v1/domains/other.example.com/published-courses").statusCode());
    }

    // ---- rate limit and reset ------------------------------------------------------------------

    @Test
    void rateLimitAnswers429InSkilljarShape() throws Exception {
        sim.rateLimit(3, 60_000, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/v1/groups").statusCode());
        }
        HttpResponse<String> limited = get("/v1/groups");
        assertEquals(429, limited.statusCode());
        assertEquals("Request was throttled.", json(limited).path("detail").asText());
        assertEquals(1, sim.rateLimitedCount());
    }

    @Test
    void defaultRateLimitIsConservative() throws Exception {
        int calls = SkilljarSimulator.DEFAULT_RATE_LIMIT + 1;
        ExecutorService clients = Executors.newFixedThreadPool(8); // concurrent: only the counts matter
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                statuses.add(clients.submit(() -> get("/v1/groups").statusCode()));
            }
            Map<Integer, Integer> counts = new TreeMap<>();
            for (Future<Integer> status : statuses) {
                counts.merge(status.get(), 1, Integer::sum);
            }
            assertEquals(Map.of(200, SkilljarSimulator.DEFAULT_RATE_LIMIT, 429, 1), counts);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void resetRestoresDefaults() throws Exception {
        sim.seedUser("jane@example.com", "Jane", "Doe", true);
        post("/v1/domains/" + DOMAIN + "/users", newUser("new@example.com"));
        get("/v1/domains/" + DOMAIN + "/users");
        sim.trailingSlash(true);
        sim.rateLimit(1, 60_000, 0);
        sim.reset();
        assertTrue(sim.users().isEmpty());
        assertEquals(0, sim.creates());
        assertEquals(0, sim.listCalls());
        assertEquals(200, get("/v1/groups").statusCode(), "slash style and rate limit back to defaults");
        assertEquals(200, get("/v1/groups").statusCode());
    }

    @Test
    void userSnapshotIsImmutable() {
        sim.seedUser("jane@example.com", "Jane", "Doe", true);
        SkilljarSimulator.User user = sim.user("JANE@example.com").orElseThrow();
        assertNotNull(user.id());
        assertNotEquals("", user.id());
        try {
            user.groupNames().add("x");
        } catch (UnsupportedOperationException expected) {
            return;
        }
        throw new AssertionError("groupNames must be immutable");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String newUser(String email) {
        return "{\"user\":{\"email\":\"" + email + "\",\"first_name\":\"A\",\"last_name\":\"B\"},\"active\":true}";
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, BASIC);
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body, BASIC);
    }

    private HttpResponse<String> send(String method, String path, String body, String auth)
            throws IOException, InterruptedException {
        return send(method, URI.create(sim.baseUrl() + path), body, auth);
    }

    private HttpResponse<String> send(String method, String path, String body, String auth, String contentType)
            throws IOException, InterruptedException {
        return send(method, URI.create(sim.baseUrl() + path), body, auth, contentType);
    }

    private HttpResponse<String> send(String method, URI uri, String body, String auth)
            throws IOException, InterruptedException {
        return send(method, uri, body, auth, "application/json");
    }

    private HttpResponse<String> send(String method, URI uri, String body, String auth, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
