package io.hrsync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Drives {@link RampSimulator} over real HTTP on loopback, one contract rule per test. */
class RampSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "hrsync-test-client";
    private static final String ALL_SCOPES = "users:read users:write departments:read departments:write "
            + "locations:read locations:write";

    /** Generated per run so no credential is written in test code. */
    private final String clientSecret = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MutableClock clock = new MutableClock();
    private RampSimulator sim;

    @BeforeEach
    void start() {
        sim = new RampSimulator(CLIENT_ID, clientSecret);
        sim.clock = clock;
        sim.start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- token -----------------------------------------------------------------------------------

    @Test
    void issuesBearerTokenForClientCredentials() throws Exception {
        HttpResponse<String> resp = tokenCall(basic(CLIENT_ID, clientSecret), "application/x-www-form-urlencoded",
                form("users:read users:write"));

        assertEquals(200, resp.statusCode());
        JsonNode body = json(resp);
        assertTrue(body.get("access_token").asText().startsWith("ramp_tok_"));
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(864_000, body.get("expires_in").asLong());
        assertEquals("users:read users:write", body.get("scope").asText());
        assertFalse(body.has("refresh_token"));
        assertEquals(1, sim.tokensIssued());
    }

    @Test
    void wrongOrMissingClientCredentialsAre401() throws Exception {
        assertRampError(tokenCall(basic(CLIENT_ID, "not-the-secret"), "application/x-www-form-urlencoded",
                form("users:read")), 401);
        assertRampError(tokenCall(basic("someone-else", clientSecret), "application/x-www-form-urlencoded",
                form("users:read")), 401);
        assertRampError(tokenCall(null, "application/x-www-form-urlencoded", form("users:read")), 401);
        assertEquals(0, sim.tokensIssued());
    }

    @Test
    void tokenNeedsFormBodyClientCredentialsGrantAndKnownScopes() throws Exception {
        String auth = basic(CLIENT_ID, clientSecret);
        String formType = "application/x-www-form-urlencoded";
        assertRampError(tokenCall(auth, "application/json",
                "{\"grant_type\":\"client_credentials\",\"scope\":\"users:read\"}"), 400);
        assertRampError(tokenCall(auth, formType, "grant_type=refresh_token&scope=users%3Aread"), 400);
        assertRampError(tokenCall(auth, formType, "grant_type=client_credentials"), 400);
        assertRampError(tokenCall(auth, formType, form("users:read users:deactivate")), 400);
        assertEquals(0, sim.tokensIssued());
    }

    @Test
    void missingOrUnknownBearerTokenIs401() throws Exception {
        assertRampError(call("GET", "/users", null, null), 401);
        assertRampError(call("GET", "/users", "ramp_tok_made_up", null), 401);
    }

    @Test
    void tokenExpiresAfterConfiguredLifetime() throws Exception {
        sim.tokenLifetime(Duration.ofSeconds(60));
        HttpResponse<String> issued = tokenCall(basic(CLIENT_ID, clientSecret), "application/x-www-form-urlencoded",
                form(ALL_SCOPES));
        assertEquals(60, json(issued).get("expires_in").asLong());
        String token = json(issued).get("access_token").asText();
        assertEquals(200, call("GET", "/users", token, null).statusCode());

        clock.advance(Duration.ofSeconds(61));

        assertRampError(call("GET", "/users", token, null), 401);
        assertEquals(200, call("GET", "/users", token(ALL_SCOPES), null).statusCode());
        assertEquals(2, sim.tokensIssued());
    }

    @Test
    void expireAllTokensForcesANewToken() throws Exception {
        String token = token(ALL_SCOPES);
        assertEquals(200, call("GET", "/users", token, null).statusCode());

        sim.expireAllTokens();

        assertRampError(call("GET", "/users", token, null), 401);
        assertEquals(200, call("GET", "/users", token(ALL_SCOPES), null).statusCode());
    }

    @Test
    void operationsNeedTheScopesTheSpecLists() throws Exception {
        String readOnly = token("users:read");
        assertEquals(200, call("GET", "/users", readOnly, null).statusCode());
        assertRampError(call("POST", "/users/deferred", readOnly, inviteBody("a@example.com", "k1")), 403);
        assertRampError(call("GET", "/departments", readOnly, null), 403);

        String writer = token("users:write");
        String taskId = json(call("POST", "/users/deferred", writer, inviteBody("a@example.com", "k1")))
                .get("id").asText();
        assertRampError(call("GET", "/users/deferred/status/" + taskId, readOnly, null), 403);
        assertEquals(200, call("GET", "/users/deferred/status/" + taskId, writer, null).statusCode());
    }

    // ---- errors, trace ids, rate limit -----------------------------------------------------------

    @Test
    void everyResponseCarriesAFreshTraceId() throws Exception {
        String token = token(ALL_SCOPES);
        String id = sim.seedUser("t@example.com", "T", "T", "BUSINESS_USER", "USER_ACTIVE");
        HttpResponse<String> ok = call("GET", "/users", token, null);
        HttpResponse<String> noContent = call("PATCH", "/users/" + id, token, "{\"first_name\":\"U\"}");
        HttpResponse<String> notFound = call("GET", "/users/" + UUID.randomUUID(), token, null);

        assertEquals(204, noContent.statusCode());
        Set<String> traces = new HashSet<>();
        for (HttpResponse<String> resp : List.of(ok, noContent, notFound)) {
            String trace = resp.headers().firstValue("x-trace-id").orElse(null);
            assertNotNull(trace, "x-trace-id missing on " + resp.statusCode());
            traces.add(trace);
        }
        assertEquals(3, traces.size());
        assertRampError(notFound, 404);
    }

    @Test
    void defaultRateLimitIs200Per10sWithA60sPenaltyRestartedByEveryCall() throws Exception {
        String token = token(ALL_SCOPES); // the token call counts too
        int accepted = 1;
        HttpResponse<String> resp;
        while ((resp = call("GET", "/users", token, null)).statusCode() == 200 && accepted < 1_000) {
            accepted++;
        }
        assertEquals(200, accepted);
        assertRampError(resp, 429);
        assertEquals("RATE_LIMITED", json(resp).at("/error_v2/error_code").asText());
        assertTrue(resp.headers().firstValue("Retry-After").isEmpty());

        clock.advance(Duration.ofSeconds(30)); // window long gone, penalty not: restarts it
        assertEquals(429, call("GET", "/users", token, null).statusCode());
        clock.advance(Duration.ofSeconds(50)); // 80 s after the first 429, 50 s after the last
        assertEquals(429, call("GET", "/users", token, null).statusCode());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(200, call("GET", "/users", token, null).statusCode());
        assertEquals(3, sim.rateLimitedCount());
    }

    @Test
    void rateLimitIsConfigurable() throws Exception {
        String token = token(ALL_SCOPES);
        sim.rateLimit(3, 1_000, 0);
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call("GET", "/users", token, null).statusCode());
        }
        assertEquals(429, call("GET", "/users", token, null).statusCode());
        clock.advance(Duration.ofMillis(1_000));
        assertEquals(200, call("GET", "/users", token, null).statusCode());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        String token = token(ALL_SCOPES);
        String id = sim.seedUser("m@example.com", "M", "M", "BUSINESS_USER", "USER_ACTIVE");
        assertRampError(call("GET", "/people", token, null), 404);
        assertRampError(call("POST", "/users/" + id + "/deactivate", token, null), 405); // the guide's method
        assertEquals("USER_ACTIVE", sim.user("m@example.com").orElseThrow().status());
    }

    // ---- users: list and get ---------------------------------------------------------------------

    @Test
    void listUsersPagesByKeysetWithAbsoluteNextUrlKeepingFilters() throws Exception {
        String token = token(ALL_SCOPES);
        String dept = sim.seedDepartment("Engineering");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            expected.add(sim.seedUser("e" + i + "@example.com", "E", "E" + i, "BUSINESS_USER", "USER_ACTIVE", dept,
                    null, null, null));
        }
        sim.seedUser("other@example.com", "O", "O", "BUSINESS_USER", "USER_ACTIVE");

        List<String> seen = new ArrayList<>();
        String url = sim.baseUrl() + "/developer/v1/users?department_id=" + dept + "&page_size=2";
        int pages = 0;
        while (url != null) {
            JsonNode body = json(call("GET", url, token, null));
            body.get("data").forEach(u -> seen.add(u.get("id").asText()));
            JsonNode next = body.at("/page/next");
            assertTrue(body.get("page").has("next"));
            url = next.isNull() ? null : next.asText();
            if (url != null) {
                assertTrue(url.startsWith(sim.baseUrl() + "/developer/v1/users?"), url);
                assertTrue(url.contains("department_id=" + dept), url);
                assertTrue(url.contains("page_size=2"), url);
                assertTrue(url.contains("start=" + seen.get(seen.size() - 1)), url);
            }
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(5, seen.size());
        assertEquals(expected, new HashSet<>(seen));
    }

    @Test
    void pageSizeMustBeBetween2And100AndDefaultsTo20() throws Exception {
        String token = token(ALL_SCOPES);
        for (int i = 0; i < 25; i++) {
            sim.seedUser("p" + i + "@example.com", "P", "P", "BUSINESS_USER", "USER_ACTIVE");
        }
        for (String bad : List.of("1", "101", "0", "abc")) {
            assertRampError(call("GET", "/users?page_size=" + bad, token, null), 400);
        }
        assertEquals(2, json(call("GET", "/users?page_size=2", token, null)).get("data").size());
        assertEquals(25, json(call("GET", "/users?page_size=100", token, null)).get("data").size());
        JsonNode byDefault = json(call("GET", "/users", token, null));
        assertEquals(20, byDefault.get("data").size());
        assertFalse(byDefault.at("/page/next").isNull());
    }

    @Test
    void listUsersFiltersByEmailEmployeeIdLocationAndRejectsUnknownParameters() throws Exception {
        String token = token(ALL_SCOPES);
        String loc = sim.seedLocation("Berlin");
        String ana = sim.seedUser("Ana@Example.com", "Ana", "A", "BUSINESS_USER", "USER_ACTIVE", null, loc, null,
                "E-1");
        sim.seedUser("bob@example.com", "Bob", "B", "BUSINESS_USER", "USER_ACTIVE", null, null, null, "E-2");

        assertEquals(List.of(ana), ids(call("GET", "/users?email=ana%40example.com", token, null)));
        assertEquals(List.of(ana), ids(call("GET", "/users?employee_id=E-1", token, null)));
        assertEquals(List.of(ana), ids(call("GET", "/users?location_id=" + loc, token, null)));
        assertEquals(List.of(), ids(call("GET", "/users?email=nobody%40example.com", token, null)));
        assertRampError(call("GET", "/users?pageSize=2", token, null), 400);
        assertRampError(call("GET", "/users?role=CARDHOLDER", token, null), 400);
    }

    @Test
    void getUserAnswersTheSpecShapeOr404() throws Exception {
        String token = token(ALL_SCOPES);
        String boss = sim.seedUser("boss@example.com", "B", "B", "BUSINESS_ADMIN", "USER_ACTIVE");
        String dept = sim.seedDepartment("Ops");
        String id = sim.seedUser("w@example.com", "W", "X", "BUSINESS_USER", "USER_ACTIVE", dept, null, boss, "E-9");

        JsonNode user = json(call("GET", "/users/" + id, token, null));
        assertEquals(id, user.get("id").asText());
        assertEquals(boss, user.get("manager_id").asText());
        assertFalse(user.has("direct_manager_id"));
        assertEquals(dept, user.get("department_id").asText());
        assertTrue(user.get("location_id").isNull());
        assertEquals("E-9", user.get("employee_id").asText());
        assertEquals("USER_ACTIVE", user.get("status").asText());
        assertFalse(user.get("is_manager").asBoolean());
        assertTrue(user.get("custom_fields").isArray());
        assertNotNull(UUID.fromString(user.get("business_id").asText()));
        assertTrue(json(call("GET", "/users/" + boss, token, null)).get("is_manager").asBoolean());
        assertRampError(call("GET", "/users/" + UUID.randomUUID(), token, null), 404);
    }

    // ---- users: deferred create ------------------------------------------------------------------

    @Test
    void inviteRejectsMissingUnknownAndInvalidFieldsNamingThem() throws Exception {
        String token = token(ALL_SCOPES);
        for (String field : List.of("email", "first_name", "last_name", "role", "idempotency_key")) {
            Map<String, Object> body = new LinkedHashMap<>(inviteMap("n@example.com", "k-" + field));
            body.remove(field);
            HttpResponse<String> resp = call("POST", "/users/deferred", token, JSON.writeValueAsString(body));
            assertRampError(resp, 400);
            assertTrue(json(resp).at("/error_v2/message").asText().contains(field), resp.body());
        }
        Map<String, Object> unknown = new LinkedHashMap<>(inviteMap("n@example.com", "k-x"));
        unknown.put("manager_id", UUID.randomUUID().toString());
        HttpResponse<String> resp = call("POST", "/users/deferred", token, JSON.writeValueAsString(unknown));
        assertRampError(resp, 400);
        assertTrue(json(resp).at("/error_v2/message").asText().contains("manager_id"));

        assertRampError(call("POST", "/users/deferred", token, inviteBody("n@example.com", "k-r", "CARDHOLDER")), 400);
        assertRampError(call("POST", "/users/deferred", token,
                inviteBody("n@example.com", "k-o", "BUSINESS_OWNER")), 400);
        assertRampError(call("POST", "/users/deferred", token, inviteBody("not-an-email", "k-e")), 400);
        assertRampError(send(HttpRequest.newBuilder(uri("/users/deferred")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(inviteBody("n@example.com", "k-ct")))), 400);
        assertEquals(0, sim.invitesSent());
        assertTrue(sim.users().isEmpty());
    }

    @Test
    void inviteTaskGoesStartedInProgressSuccessAndCreatesAPendingUser() throws Exception {
        String token = token(ALL_SCOPES);
        HttpResponse<String> created = call("POST", "/users/deferred", token, inviteBody("new@example.com", "k1"));
        assertEquals(201, created.statusCode());
        String taskId = json(created).get("id").asText();
        assertNotNull(UUID.fromString(taskId));
        assertTrue(sim.user("new@example.com").isEmpty());

        JsonNode first = poll(token, taskId);
        assertEquals("STARTED", first.get("status").asText());
        assertEquals("IN_PROGRESS", poll(token, taskId).get("status").asText());
        JsonNode done = poll(token, taskId);
        assertEquals("SUCCESS", done.get("status").asText());
        assertEquals(taskId, done.get("id").asText());
        assertTrue(done.at("/data/error").isNull());
        assertFalse(done.at("/context/acting_user_id").asText().isEmpty());

        String userId = done.at("/data/user_id").asText();
        JsonNode user = json(call("GET", "/users/" + userId, token, null));
        assertEquals("INVITE_PENDING", user.get("status").asText());
        assertEquals("new@example.com", user.get("email").asText());
        assertEquals("BUSINESS_USER", user.get("role").asText());
        assertEquals(1, sim.invitesSent());
        assertEquals(userId, poll(token, taskId).at("/data/user_id").asText());
        assertEquals(1, sim.invitesSent());
    }

    @Test
    void pollsUntilDoneIsConfigurable() throws Exception {
        String token = token(ALL_SCOPES);
        sim.pollsUntilDone(0);
        String taskId = json(call("POST", "/users/deferred", token, inviteBody("fast@example.com", "k1")))
                .get("id").asText();
        assertEquals("SUCCESS", poll(token, taskId).get("status").asText());
    }

    @Test
    void sameIdempotencyKeyReturnsTheSameTaskAndInvitesOnce() throws Exception {
        String token = token(ALL_SCOPES);
        String first = json(call("POST", "/users/deferred", token, inviteBody("once@example.com", "same-key")))
                .get("id").asText();
        String second = json(call("POST", "/users/deferred", token, inviteBody("once@example.com", "same-key")))
                .get("id").asText();
        assertEquals(first, second);

        assertEquals("SUCCESS", pollUntilDone(token, first).get("status").asText());
        HttpResponse<String> retry = call("POST", "/users/deferred", token, inviteBody("once@example.com", "same-key"));
        assertEquals(201, retry.statusCode());
        assertEquals(first, json(retry).get("id").asText());
        assertEquals("SUCCESS", pollUntilDone(token, first).get("status").asText());
        assertEquals(1, sim.users().size());
        assertEquals(1, sim.invitesSent());
    }

    @Test
    void existingEmailEndsTheTaskInErrorWithoutInviting() throws Exception {
        String token = token(ALL_SCOPES);
        sim.seedUser("ana@example.com", "Ana", "A", "BUSINESS_USER", "USER_ACTIVE");
        String taskId = json(call("POST", "/users/deferred", token, inviteBody("ANA@example.com", "k1")))
                .get("id").asText();

        JsonNode done = pollUntilDone(token, taskId);
        assertEquals("ERROR", done.get("status").asText());
        assertTrue(done.at("/data/error").asText().contains("already exists"), done.toString());
        assertTrue(done.at("/data/user_id").isNull());
        assertEquals(1, sim.users().size());
        assertEquals(0, sim.invitesSent());
    }

    @Test
    void unknownDepartmentLocationOrManagerEndsTheTaskInError() throws Exception {
        String token = token(ALL_SCOPES);
        for (String field : List.of("department_id", "location_id", "direct_manager_id")) {
            Map<String, Object> body = new LinkedHashMap<>(inviteMap(field + "@example.com", "k-" + field));
            body.put(field, UUID.randomUUID().toString());
            String taskId = json(call("POST", "/users/deferred", token, JSON.writeValueAsString(body)))
                    .get("id").asText();
            JsonNode done = pollUntilDone(token, taskId);
            assertEquals("ERROR", done.get("status").asText(), field);
            assertFalse(done.at("/data/error").asText().isEmpty());
        }
        Map<String, Object> malformed = new LinkedHashMap<>(inviteMap("m@example.com", "k-m"));
        malformed.put("department_id", "Engineering");
        assertRampError(call("POST", "/users/deferred", token, JSON.writeValueAsString(malformed)), 400);
        assertEquals(0, sim.invitesSent());
        assertTrue(sim.users().isEmpty());
    }

    @Test
    void inviteWithExistingReferencesKeepsThem() throws Exception {
        String token = token(ALL_SCOPES);
        String dept = sim.seedDepartment("Finance");
        String loc = sim.seedLocation("Paris");
        String boss = sim.seedUser("boss@example.com", "B", "B", "BUSINESS_ADMIN", "USER_ACTIVE");
        Map<String, Object> body = new LinkedHashMap<>(inviteMap("ref@example.com", "k1"));
        body.putAll(Map.of("department_id", dept, "location_id", loc, "direct_manager_id", boss, "employee_id", "E-7"));
        String taskId = json(call("POST", "/users/deferred", token, JSON.writeValueAsString(body))).get("id").asText();

        assertEquals("SUCCESS", pollUntilDone(token, taskId).get("status").asText());
        RampSimulator.User user = sim.user("ref@example.com").orElseThrow();
        assertEquals(List.of(dept, loc, boss, "E-7"),
                List.of(user.departmentId(), user.locationId(), user.managerId(), user.employeeId()));
    }

    @Test
    void unknownTaskIs404() throws Exception {
        assertRampError(call("GET", "/users/deferred/status/" + UUID.randomUUID(), token(ALL_SCOPES), null), 404);
    }

    // ---- users: update, deactivate, reactivate ---------------------------------------------------

    @Test
    void patchUpdatesAllowedFieldsAndAnswers204WithoutBody() throws Exception {
        String token = token(ALL_SCOPES);
        String dept = sim.seedDepartment("Sales");
        String loc = sim.seedLocation("Oslo");
        String boss = sim.seedUser("boss@example.com", "B", "B", "BUSINESS_ADMIN", "USER_ACTIVE");
        String id = sim.seedUser("u@example.com", "U", "V", "BUSINESS_USER", "USER_ACTIVE");

        HttpResponse<String> resp = call("PATCH", "/users/" + id, token, JSON.writeValueAsString(Map.of(
                "first_name", "Uma", "last_name", "Vik", "role", "BUSINESS_BOOKKEEPER", "department_id", dept,
                "location_id", loc, "direct_manager_id", boss, "employee_id", "E-3")));

        assertEquals(204, resp.statusCode());
        assertTrue(resp.body().isEmpty());
        assertEquals(new RampSimulator.User(id, "u@example.com", "Uma", "Vik", "BUSINESS_BOOKKEEPER", dept, loc, boss,
                "E-3", "USER_ACTIVE"), sim.user("u@example.com").orElseThrow());
        assertEquals(boss, json(call("GET", "/users/" + id, token, null)).get("manager_id").asText());
    }

    @Test
    void patchRejectsEmailStatusUnknownFieldsAndMissingReferences() throws Exception {
        String token = token(ALL_SCOPES);
        String id = sim.seedUser("u@example.com", "U", "V", "BUSINESS_USER", "USER_ACTIVE");
        RampSimulator.User before = sim.user("u@example.com").orElseThrow();

        for (String body : List.of("{\"email\":\"new@example.com\"}", "{\"status\":\"USER_INACTIVE\"}",
                "{\"manager_id\":\"" + UUID.randomUUID() + "\"}", "{\"first_name\":\"A\",\"nickname\":\"x\"}",
                "{\"department_id\":\"" + UUID.randomUUID() + "\"}",
                "{\"location_id\":\"" + UUID.randomUUID() + "\"}",
                "{\"direct_manager_id\":\"" + UUID.randomUUID() + "\"}", "{\"direct_manager_id\":\"" + id + "\"}",
                "{\"role\":\"CARDHOLDER\"}", "{\"first_name\":\"\"}", "{\"first_name\":null}")) {
            assertRampError(call("PATCH", "/users/" + id, token, body), 400);
        }
        assertEquals(before, sim.user("u@example.com").orElseThrow());
        assertRampError(call("PATCH", "/users/" + UUID.randomUUID(), token, "{\"first_name\":\"A\"}"), 404);
    }

    @Test
    void deactivateAndReactivateFollowTheSpec() throws Exception {
        String token = token(ALL_SCOPES);
        String id = sim.seedUser("d@example.com", "D", "D", "BUSINESS_USER", "USER_ACTIVE");

        HttpResponse<String> off = call("PATCH", "/users/" + id + "/deactivate", token, null);
        assertEquals(200, off.statusCode());
        assertEquals(JSON.createObjectNode(), json(off));
        assertEquals("USER_INACTIVE", sim.user("d@example.com").orElseThrow().status());
        assertEquals(1, sim.deactivations());

        assertRampError(call("PATCH", "/users/" + id + "/deactivate", token, null), 400);
        assertEquals(1, sim.deactivations());

        HttpResponse<String> on = call("PATCH", "/users/" + id + "/reactivate", token, null);
        assertEquals(200, on.statusCode());
        assertEquals(JSON.createObjectNode(), json(on));
        assertEquals("USER_ACTIVE", sim.user("d@example.com").orElseThrow().status());
        assertRampError(call("PATCH", "/users/" + id + "/reactivate", token, null), 400);
        assertRampError(call("PATCH", "/users/" + UUID.randomUUID() + "/deactivate", token, null), 404);
    }

    // ---- departments and locations ---------------------------------------------------------------

    @Test
    void departmentsAreCreatedUniqueAndListedWithCursorPaging() throws Exception {
        String token = token(ALL_SCOPES);
        HttpResponse<String> created = call("POST", "/departments", token, "{\"name\":\"Engineering\"}");
        assertEquals(201, created.statusCode());
        String id = json(created).get("id").asText();
        assertEquals("Engineering", json(created).get("name").asText());
        assertEquals("Engineering", sim.departmentName(id).orElseThrow());

        assertRampError(call("POST", "/departments", token, "{\"name\":\"engineering\"}"), 400);
        assertRampError(call("POST", "/departments", token, "{\"name\":\"Ops\",\"code\":\"X\"}"), 400);
        assertRampError(call("POST", "/departments", token, "{}"), 400);
        sim.seedDepartment("Ops");
        sim.seedDepartment("Sales");

        assertEquals(3, collectAll(token, "/departments?page_size=2").size());
        assertEquals("Engineering", json(call("GET", "/departments/" + id, token, null)).get("name").asText());
        assertRampError(call("GET", "/departments/" + UUID.randomUUID(), token, null), 404);
    }

    @Test
    void locationsAreCreatedUniqueAndListedWithCursorPaging() throws Exception {
        String token = token(ALL_SCOPES);
        String entity = UUID.randomUUID().toString();
        HttpResponse<String> created = call("POST", "/locations", token,
                "{\"name\":\"Miami, FL\",\"entity_id\":\"" + entity + "\"}");
        assertEquals(201, created.statusCode());
        String id = json(created).get("id").asText();
        assertEquals(entity, json(created).get("entity_id").asText());
        assertEquals("Miami, FL", sim.locationName(id).orElseThrow());

        assertRampError(call("POST", "/locations", token, "{\"name\":\"Miami, FL\"}"), 400);
        sim.seedLocation("Oslo");
        sim.seedLocation("Lima");

        assertEquals(3, collectAll(token, "/locations?page_size=2").size());
        assertEquals(List.of(id), ids(call("GET", "/locations?entity_id=" + entity, token, null)));
        assertRampError(call("GET", "/locations/" + UUID.randomUUID(), token, null), 404);
    }

    // ---- webhooks --------------------------------------------------------------------------------

    @Test
    void webhookSubscriptionIsVerifiedOnlyWithTheRightChallenge() throws Exception {
        String token = token(ALL_SCOPES);
        HttpResponse<String> created = call("POST", "/webhooks", token,
                "{\"endpoint_url\":\"https://relay.example.com/ramp\",\"event_types\":[\"transactions.cleared\"]}");
        assertEquals(201, created.statusCode());
        JsonNode sub = json(created);
        String id = sub.get("id").asText();
        assertEquals("pending_verification", sub.get("status").asText());
        assertTrue(sub.get("secret").asText().startsWith("ramp_sec_"));
        assertEquals("https://relay.example.com/ramp", sub.get("endpoint_url").asText());

        assertRampError(call("POST", "/webhooks/" + id + "/verify", token, "{\"challenge\":\"wrong\"}"), 400);
        assertEquals("pending_verification", sim.webhookStatus(id).orElseThrow());

        String challenge = sim.challengeFor(id).orElseThrow();
        HttpResponse<String> verified = call("POST", "/webhooks/" + id + "/verify", token,
                JSON.writeValueAsString(Map.of("challenge", challenge)));
        assertEquals(200, verified.statusCode());
        assertTrue(json(verified).get("success").asBoolean());
        assertEquals("active", sim.webhookStatus(id).orElseThrow());

        JsonNode listed = json(call("GET", "/webhooks", token, null)).get(0);
        assertEquals("active", listed.get("status").asText());
        assertFalse(listed.has("secret"));
        assertRampError(call("POST", "/webhooks/" + UUID.randomUUID() + "/verify", token,
                "{\"challenge\":\"x\"}"), 404);
    }

    @Test
    void webhookSubscriptionNeedsSpecFieldsAndEventTypes() throws Exception {
        String token = token(ALL_SCOPES);
        assertRampError(call("POST", "/webhooks", token,
                "{\"url\":\"https://relay.example.com/ramp\",\"event_types\":[\"transactions.cleared\"]}"), 400);
        assertRampError(call("POST", "/webhooks", token,
                "{\"endpoint_url\":\"https://relay.example.com/ramp\",\"event_types\":[\"user.created\"]}"), 400);
        assertRampError(call("POST", "/webhooks", token, "{\"endpoint_url\":\"not a url\",\"event_types\":[]}"), 400);
        assertEquals(0, json(call("GET", "/webhooks", token, null)).size());
    }

    @Test
    void signatureIsHexHmacSha256OfTheRawBody() {
        assertEquals("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                RampSimulator.signature("key", "The quick brown fox jumps over the lazy dog"));
        assertNotEquals(RampSimulator.signature("key", "{\"id\":\"1\"}"),
                RampSimulator.signature("key", "{\"id\":\"2\"}"));
    }

    // ---- reset -----------------------------------------------------------------------------------

    @Test
    void resetClearsStateCountersTokensAndSettings() throws Exception {
        String token = token(ALL_SCOPES);
        sim.seedDepartment("Ops");
        String id = sim.seedUser("r@example.com", "R", "R", "BUSINESS_USER", "USER_ACTIVE");
        call("PATCH", "/users/" + id + "/deactivate", token, null);
        sim.pollsUntilDone(0);
        sim.tokenLifetime(Duration.ofSeconds(5));

        sim.reset();

        assertTrue(sim.users().isEmpty());
        assertEquals(0, sim.deactivations());
        assertEquals(0, sim.tokensIssued());
        assertRampError(call("GET", "/users", token, null), 401);
        HttpResponse<String> fresh = tokenCall(basic(CLIENT_ID, clientSecret), "application/x-www-form-urlencoded",
                form(ALL_SCOPES));
        assertEquals(864_000, json(fresh).get("expires_in").asLong());
        String taskId = json(call("POST", "/users/deferred", json(fresh).get("access_token").asText(),
                inviteBody("x@example.com", "k1"))).get("id").asText();
        assertEquals("STARTED", poll(json(fresh).get("access_token").asText(), taskId).get("status").asText());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private String token(String scopes) throws Exception {
        HttpResponse<String> resp = tokenCall(basic(CLIENT_ID, clientSecret), "application/x-www-form-urlencoded",
                form(scopes));
        assertEquals(200, resp.statusCode(), resp.body());
        return json(resp).get("access_token").asText();
    }

    private HttpResponse<String> tokenCall(String authorization, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/token"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String scopes) {
        return "grant_type=client_credentials&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> call(String method, String pathOrUrl, String token, String jsonBody)
            throws Exception {
        URI target = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : uri(pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(target).method(method,
                jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(sim.baseUrl() + RampSimulator.PREFIX + path);
    }

    private static JsonNode json(HttpResponse<String> resp) throws IOException {
        return JSON.readTree(resp.body());
    }

    private static List<String> ids(HttpResponse<String> resp) throws IOException {
        assertEquals(200, resp.statusCode(), resp.body());
        List<String> ids = new ArrayList<>();
        json(resp).get("data").forEach(x -> ids.add(x.get("id").asText()));
        return ids;
    }

    private List<String> collectAll(String token, String firstPath) throws Exception {
        List<String> all = new ArrayList<>();
        String url = sim.baseUrl() + RampSimulator.PREFIX + firstPath;
        while (url != null) {
            JsonNode body = json(call("GET", url, token, null));
            body.get("data").forEach(x -> all.add(x.get("id").asText()));
            url = body.at("/page/next").isNull() ? null : body.at("/page/next").asText();
        }
        return all;
    }

    private static void assertRampError(HttpResponse<String> resp, int status) throws IOException {
        assertEquals(status, resp.statusCode(), resp.body());
        assertTrue(resp.headers().firstValue("x-trace-id").isPresent(), "x-trace-id missing");
        JsonNode body = json(resp);
        JsonNode v2 = body.get("error_v2");
        assertNotNull(v2, resp.body());
        assertFalse(v2.get("error_code").asText().isEmpty());
        assertFalse(v2.get("message").asText().isEmpty());
        assertTrue(v2.has("additional_info") && v2.has("notes"), resp.body());
        assertTrue(body.get("error").isObject(), resp.body());
    }

    private static Map<String, Object> inviteMap(String email, String key) {
        return Map.of("email", email, "first_name", "Linda", "last_name", "Gu", "role", "BUSINESS_USER",
                "idempotency_key", key);
    }

    private static String inviteBody(String email, String key) throws IOException {
        return JSON.writeValueAsString(inviteMap(email, key));
    }

    private static String inviteBody(String email, String key, String role) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>(inviteMap(email, key));
        body.put("role", role);
        return JSON.writeValueAsString(body);
    }

    private JsonNode poll(String token, String taskId) throws Exception {
        HttpResponse<String> resp = call("GET", "/users/deferred/status/" + taskId, token, null);
        assertEquals(200, resp.statusCode(), resp.body());
        return json(resp);
    }

    private JsonNode pollUntilDone(String token, String taskId) throws Exception {
        for (int i = 0; i < 10; i++) {
            JsonNode task = poll(token, taskId);
            String status = task.get("status").asText();
            if (status.equals("SUCCESS") || status.equals("ERROR")) {
                return task;
            }
        }
        throw new AssertionError("task " + taskId + " never finished");
    }

    /** A clock the tests move by hand (token expiry, rate-limit windows). */
    private static final class MutableClock extends Clock {
        private volatile long millis = System.currentTimeMillis();

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
