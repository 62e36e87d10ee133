package io.hrsync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain JUnit over real HTTP: every rule of the Workiva simulator's contract. */
class WorkivaSimulatorTest {

    private static final String CLIENT_ID = "client-1";
    private static final String CLIENT_SECRET = "s3cret+value";
    private static final String ORG = "org-1";
    private static final String WS = "ws-1";
    private static final String SCIM_TOKEN = "scim-token-xyz";
    private static final String USERS = "/organizations/" + ORG + "/users";
    private static final String GROUPS = "/organizations/" + ORG + "/workspaces/" + WS + "/groups";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private WorkivaSimulator sim;
    private String token;

    record Res(int status, JsonNode json, HttpHeaders headers) {
        String code() {
            return json.path("code").asText();
        }

        String message() {
            return json.path("message").asText();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    @BeforeEach
    void start() {
        sim = new WorkivaSimulator(CLIENT_ID, CLIENT_SECRET, ORG, WS, SCIM_TOKEN).start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- token -----------------------------------------------------------------------------------

    @Test
    void tokenFromFormBodyIsABearerTokenThatWorks() {
        Res res = tokenRequest(formCredentials(CLIENT_ID, CLIENT_SECRET), null);
        assertEquals(200, res.status());
        assertEquals("Bearer", res.json().path("token_type").asText());
        assertEquals(599, res.json().path("expires_in").asInt());
        assertTrue(res.json().path("scope").asText().contains("organization:write"));
        String accessToken = res.json().path("access_token").asText();
        assertFalse(accessToken.isBlank());
        assertEquals(1, sim.tokensIssued());
        assertEquals(200, send("GET", USERS, headers(accessToken, true, null), null).status());
    }

    @Test
    void tokenFromBasicCredentialsWorksAndWrongSecretsAre401() {
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, tokenRequest("grant_type=client_credentials", basic).status());

        String wrongBasic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":nope").getBytes(StandardCharsets.UTF_8));
        Res wrong = tokenRequest("grant_type=client_credentials", wrongBasic);
        assertEquals(401, wrong.status());
        assertTrue(wrong.json().has("error"));
        assertEquals(401, tokenRequest(formCredentials(CLIENT_ID, "nope"), null).status());
        assertEquals(401, tokenRequest(formCredentials("other-client", CLIENT_SECRET), null).status());
        assertEquals(401, tokenRequest("grant_type=client_credentials", null).status());
        assertEquals(1, sim.tokensIssued());
    }

    @Test
    void tokenNeedsClientCredentialsGrantInAFormBody() {
        assertEquals(400, tokenRequest("grant_type=password&client_id=" + CLIENT_ID + "&client_secret="
                + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8), null).status());
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String body = "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + CLIENT_SECRET + "\"}";
        assertEquals(400, send("POST", WorkivaSimulator.TOKEN_PATH, json, body).status());
        assertEquals(0, sim.tokensIssued());
    }

    @Test
    void missingOrUnknownBearerTokenIs401() {
        Res none = send("GET", USERS, headers(null, true, null), null);
        assertEquals(401, none.status());
        assertEquals("401Unauthorized", none.code());
        assertFalse(none.message().isBlank());
        Res unknown = send("GET", USERS, headers("made-up-token", true, null), null);
        assertEquals(401, unknown.status());
        assertEquals("401Unauthorized", unknown.code());
    }

    @Test
    void tokenLifetimeIsReallyEnforced() throws InterruptedException {
        sim.tokenLifetime(Duration.ofMillis(1200));
        Res res = tokenRequest(formCredentials(CLIENT_ID, CLIENT_SECRET), null);
        assertEquals(1, res.json().path("expires_in").asInt());
        String shortLived = res.json().path("access_token").asText();
        assertEquals(200, send("GET", USERS, headers(shortLived, true, null), null).status());
        Thread.sleep(1400);
        Res expired = send("GET", USERS, headers(shortLived, true, null), null);
        assertEquals(401, expired.status());
        assertEquals("401Unauthorized", expired.code());
        assertEquals(200, api("GET", USERS, null).status()); // a fresh token works
    }

    @Test
    void expireAllTokensMakesEveryIssuedToken401() {
        assertEquals(200, api("GET", USERS, null).status());
        sim.expireAllTokens();
        assertEquals(401, api("GET", USERS, null).status());
        token = null;
        assertEquals(200, api("GET", USERS, null).status());
        assertEquals(2, sim.tokensIssued());
    }

    @Test
    void readOnlyScopeCannotWrite() {
        Res res = tokenRequest(formCredentials(CLIENT_ID, CLIENT_SECRET) + "&scope=organization%3Aread", null);
        assertEquals("organization:read", res.json().path("scope").asText());
        String readOnly = res.json().path("access_token").asText();
        assertEquals(200, send("GET", USERS, headers(readOnly, true, null), null).status());
        Res write = send("POST", USERS, headers(readOnly, true, "application/json"), newUserJson("a@example.com"));
        assertEquals(403, write.status());
        assertEquals("403Forbidden", write.code());
        assertEquals(400, tokenRequest(formCredentials(CLIENT_ID, CLIENT_SECRET) + "&scope=file%3Aread", null).status());
    }

    // ---- version, organization, errors, rate limit -----------------------------------------------

    @Test
    void xVersionHeaderIsRequiredOnEveryApiCall() {
        String accessToken = token();
        Res missing = send("GET", USERS, headers(accessToken, false, null), null);
        assertEquals(400, missing.status());
        assertEquals("400BadRequest", missing.code());
        assertTrue(missing.message().contains("2022-01-01"), missing.message());
        assertTrue(missing.json().path("details").isArray());
        Map<String, String> oldVersion = headers(accessToken, false, null);
        oldVersion.put("X-Version", "2022-01-01");
        assertEquals(400, send("GET", USERS, oldVersion, null).status());
        assertEquals(200, send("GET", USERS, headers(accessToken, true, null), null).status());
    }

    @Test
    void otherOrganizationIs404() {
        Res res = api("GET", "/organizations/someone-else/users", null);
        assertEquals(404, res.status());
        assertEquals("404NotFound", res.code());
    }

    @Test
    void invalidJsonBodyAnswersWorkivaErrorShape() {
        Res res = api("POST", USERS, "{not json");
        assertEquals(400, res.status());
        assertEquals("400BadRequest", res.code());
        assertTrue(res.json().has("target"));
        assertTrue(res.json().path("details").isArray());
    }

    @Test
    void rateLimitAnswers429InWorkivaShapeWithRetryAfterOnlyWhenConfigured() {
        token();
        sim.rateLimit(1, 60_000, 0); // the token call already fills the window
        Res limited = api("GET", USERS, null);
        assertEquals(429, limited.status());
        assertEquals("429TooManyRequests", limited.code());
        assertFalse(limited.message().isBlank());
        assertNull(limited.header("Retry-After"));
        sim.retryAfterSeconds(7);
        assertEquals("7", api("GET", USERS, null).header("Retry-After"));
        assertEquals(2, sim.rateLimitedCount());
    }

    // ---- users: list, filter, paging ---------------------------------------------------------------

    @Test
    void usersPageWithAnOpaqueAbsoluteNextLinkAbsentOnTheLastPage() {
        Set<String> seeded = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            sim.seedUser("user" + i + "@example.com", "Given" + i, "Family" + i, true);
            seeded.add("user" + i + "@example.com");
        }
        Set<String> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        Res page = api("GET", USERS + "?$maxpagesize=2", null);
        while (true) {
            assertEquals(200, page.status());
            page.json().path("data").forEach(u -> seen.add(u.path("email").asText()));
            pageSizes.add(page.json().path("data").size());
            if (!page.json().has("@nextLink")) {
                break;
            }
            String next = page.json().path("@nextLink").asText();
            assertTrue(next.startsWith(sim.baseUrl() + USERS + "?"), next);
            assertTrue(next.contains("$next="), next);
            assertFalse(next.contains("maxpagesize") || next.contains("offset") || next.contains("page="), next);
            page = api("GET", next, null);
        }
        assertEquals(List.of(2, 2, 1), pageSizes);
        assertEquals(seeded, seen);

        Res all = api("GET", USERS, null); // default page size holds everything
        assertEquals(5, all.json().path("data").size());
        assertFalse(all.json().has("@nextLink"));
    }

    @Test
    void nextCursorsTheServerDidNotIssueAreRejected() {
        for (int i = 1; i <= 3; i++) {
            sim.seedUser("user" + i + "@example.com", "G", "F", true);
        }
        Res forged = api("GET", USERS + "?$next=JTI0bGltaXQ9MTAwJiUyNG9mZnNldD0xMDA", null);
        assertEquals(400, forged.status());
        assertEquals("$next", forged.json().path("target").asText());

        String next = api("GET", USERS + "?$maxpagesize=1", null).json().path("@nextLink").asText();
        assertEquals(200, api("GET", next, null).status());
        assertEquals(400, api("GET", next + "&$maxpagesize=2", null).status());
        String cursor = next.substring(next.indexOf("$next=") + 6);
        assertEquals(400, api("GET", GROUPS + "?$next=" + cursor, null).status());
    }

    @Test
    void maxPageSizeMustBeFrom1To1000() {
        assertEquals(400, api("GET", USERS + "?$maxpagesize=0", null).status());
        assertEquals(400, api("GET", USERS + "?$maxpagesize=1001", null).status());
        assertEquals(400, api("GET", USERS + "?$maxpagesize=ten", null).status());
        assertEquals(200, api("GET", USERS + "?$maxpagesize=1000", null).status());
        assertEquals(200, api("GET", USERS + "?$maxpagesize=1", null).status());
    }

    @Test
    void filterSupportsExactlyEmailEqCaseInsensitively() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        sim.seedUser("john.roe@example.com", "John", "Roe", true);
        Res found = api("GET", USERS + "?$filter=" + enc("email eq 'JANE.DOE@Example.com'"), null);
        assertEquals(200, found.status());
        assertEquals(1, found.json().path("data").size());
        assertEquals(id, found.json().path("data").get(0).path("id").asText());
        Res none = api("GET", USERS + "?$filter=" + enc("email eq 'nobody@example.com'"), null);
        assertEquals(200, none.status());
        assertEquals(0, none.json().path("data").size());

        for (String unsupported : List.of("givenName eq 'Jane'", "email co 'jane'", "startswith(email,'jane')",
                "email eq \"jane.doe@example.com\"", "email eq 'jane.doe@example.com' or email eq 'x@y.z'")) {
            Res res = api("GET", USERS + "?$filter=" + enc(unsupported), null);
            assertEquals(400, res.status(), unsupported);
            assertEquals("$filter", res.json().path("target").asText());
        }
        assertEquals(400, api("GET", USERS + "?email=" + enc("jane.doe@example.com"), null).status());
    }

    // ---- users: read, create, patch, delete ----------------------------------------------------

    @Test
    void getUserByIdAnswersTheSpecShapeOr404() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        Res res = api("GET", USERS + "/" + id, null);
        assertEquals(200, res.status());
        JsonNode user = res.json();
        assertEquals(id, user.path("id").asText());
        assertEquals("jane.doe@example.com", user.path("email").asText());
        assertEquals("Jane", user.path("givenName").asText());
        assertEquals("Doe", user.path("familyName").asText());
        assertEquals("Jane Doe", user.path("displayName").asText());
        assertEquals("jane.doe@example.com", user.path("username").asText());
        assertEquals("active", user.path("status").asText());
        assertFalse(user.path("created").path("dateTime").asText().isBlank());
        Res missing = api("GET", USERS + "/nope", null);
        assertEquals(404, missing.status());
        assertEquals("404NotFound", missing.code());
    }

    @Test
    void createUserAnswers201AndIsCounted() {
        Res res = api("POST", USERS, "{\"email\":\"new.hire@example.com\",\"givenName\":\"New\",\"familyName\":\"Hire\"}");
        assertEquals(201, res.status());
        String id = res.json().path("id").asText();
        assertFalse(id.isBlank());
        assertEquals("active", res.json().path("status").asText());
        assertEquals("new.hire@example.com", res.json().path("username").asText());
        assertEquals(1, sim.creates());
        WorkivaSimulator.User user = sim.user("new.hire@example.com").orElseThrow();
        assertEquals(id, user.id());
        assertEquals("New Hire", user.displayName());
        assertTrue(user.active());
    }

    @Test
    void duplicateEmailOnCreateIs409WithWorkivaErrorBody() {
        sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        Res res = api("POST", USERS, newUserJson("Jane.Doe@EXAMPLE.com"));
        assertEquals(409, res.status());
        assertEquals("409Conflict", res.code());
        assertEquals("email", res.json().path("target").asText());
        assertTrue(res.json().path("details").isArray());
        assertEquals(0, sim.creates());
        assertEquals(1, sim.users().size());
    }

    @Test
    void createRejectsMissingFieldsReadOnlyStatusAndUnknownProperties() {
        assertEquals(400, api("POST", USERS, "{\"email\":\"a@example.com\",\"givenName\":\"A\"}").status());
        Res status = api("POST", USERS, "{\"email\":\"a@example.com\",\"givenName\":\"A\",\"familyName\":\"B\",\"status\":\"suspended\"}");
        assertEquals(400, status.status());
        assertEquals("status", status.json().path("target").asText());
        Res active = api("POST", USERS, "{\"email\":\"a@example.com\",\"givenName\":\"A\",\"familyName\":\"B\",\"active\":true}");
        assertEquals(400, active.status());
        assertEquals("active", active.json().path("target").asText());
        assertEquals(400, api("POST", USERS, "{\"email\":\"a@example.com\",\"firstName\":\"A\",\"lastName\":\"B\"}").status());
        assertEquals(400, api("POST", USERS, "{\"email\":\"not-an-email\",\"givenName\":\"A\",\"familyName\":\"B\"}").status());
        assertEquals(415, send("POST", USERS, headers(token(), true, "text/plain"), newUserJson("a@example.com")).status());
        assertEquals(0, sim.creates());
        assertTrue(sim.users().isEmpty());
    }

    @Test
    void patchReplacesAllowedFieldsFromAJsonPatchArray() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        Res res = patch(id, "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/givenName\",\"value\":\"Janet\"},"
                        + "{\"op\":\"replace\",\"path\":\"/displayName\",\"value\":\"Doe, Janet\"}]");
        assertEquals(200, res.status());
        assertEquals("Janet", res.json().path("givenName").asText());
        WorkivaSimulator.User user = sim.user("jane.doe@example.com").orElseThrow();
        assertEquals("Janet", user.givenName());
        assertEquals("Doe, Janet", user.displayName());

        assertEquals(200, patch(id, "application/json",
                "[{\"op\":\"replace\",\"path\":\"/email\",\"value\":\"janet.doe@example.com\"}]").status());
        assertTrue(sim.user("janet.doe@example.com").isPresent());
        assertTrue(sim.user("jane.doe@example.com").isEmpty());
        assertEquals(404, patch("nope", "application/json", "[{\"op\":\"replace\",\"path\":\"/givenName\",\"value\":\"X\"}]").status());
    }

    @Test
    void patchWithAnObjectBodyIs400() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        Res res = patch(id, "application/json", "{\"givenName\":\"Janet\"}");
        assertEquals(400, res.status());
        assertEquals("400BadRequest", res.code());
        assertEquals("Jane", sim.user("jane.doe@example.com").orElseThrow().givenName());
        assertEquals(415, patch(id, "text/plain", "[{\"op\":\"replace\",\"path\":\"/givenName\",\"value\":\"X\"}]").status());
    }

    @Test
    void patchRejectsOtherOpsAndPathsNamingThemAndChangesNothing() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        Res status = patch(id, "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/givenName\",\"value\":\"Changed\"},"
                        + "{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"suspended\"}]");
        assertEquals(400, status.status());
        assertTrue(status.message().contains("/status"), status.message());
        Res active = patch(id, "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]");
        assertEquals(400, active.status());
        assertTrue(active.message().contains("/active"), active.message());
        Res add = patch(id, "application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/givenName\",\"value\":\"Changed\"}]");
        assertEquals(400, add.status());
        assertTrue(add.message().contains("add"), add.message());
        assertEquals(400, patch(id, "application/json-patch+json", "[{\"op\":\"remove\",\"path\":\"/displayName\"}]").status());

        WorkivaSimulator.User user = sim.user("jane.doe@example.com").orElseThrow();
        assertEquals("Jane", user.givenName());
        assertEquals("Jane Doe", user.displayName());
        assertTrue(user.active());
    }

    @Test
    void patchEmailKeepsEmailsUnique() {
        sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        String other = sim.seedUser("john.roe@example.com", "John", "Roe", true);
        Res res = patch(other, "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/email\",\"value\":\"JANE.DOE@example.com\"}]");
        assertEquals(409, res.status());
        assertEquals("409Conflict", res.code());
        assertTrue(sim.user("john.roe@example.com").isPresent());
    }

    @Test
    void deleteIsPermanentAndCounted() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        sim.seedGroup("Finance");
        sim.seedMember("Finance", "jane.doe@example.com");
        assertEquals(Set.of("Finance"), sim.user("jane.doe@example.com").orElseThrow().groupNames());
        assertEquals(204, api("DELETE", USERS + "/" + id, null).status());
        assertEquals(1, sim.deletes());
        assertEquals(404, api("GET", USERS + "/" + id, null).status());
        assertEquals(404, api("DELETE", USERS + "/" + id, null).status());
        assertEquals(1, sim.deletes());
        assertTrue(sim.user("jane.doe@example.com").isEmpty());
        assertTrue(sim.groupMemberEmails("Finance").isEmpty());
    }

    @Test
    void userSnapshotsAreImmutable() {
        sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        WorkivaSimulator.User user = sim.user("jane.doe@example.com").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> user.groupNames().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> sim.users().clear());
    }

    // ---- roles -----------------------------------------------------------------------------------

    @Test
    void rolesAreAssignedAndRevokedAllOrNothing() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        String admin = sim.seedRole("Workspace Admin");
        String viewer = sim.seedRole("Viewer");

        Res assigned = api("POST", USERS + "/" + id + "/roles/assignment", "[\"" + admin + "\"]");
        assertEquals(202, assigned.status());
        assertNotNull(assigned.header("Retry-After"));
        String location = assigned.header("Location");
        assertNotNull(location);
        Res operation = api("GET", location, null);
        assertEquals(200, operation.status());
        assertEquals("completed", operation.json().path("status").asText());
        assertEquals(Set.of("Workspace Admin"), sim.roleNames("jane.doe@example.com"));

        Res unknown = api("POST", USERS + "/" + id + "/roles/assignment", "[\"" + viewer + "\",\"00000000-0000-0000-0000-000000000000\"]");
        assertEquals(400, unknown.status());
        assertEquals(1, unknown.json().path("details").size());
        assertEquals(Set.of("Workspace Admin"), sim.roleNames("jane.doe@example.com"));
        assertEquals(400, api("POST", USERS + "/" + id + "/roles/assignment", "{\"roles\":[\"" + viewer + "\"]}").status());
        assertEquals(404, api("POST", USERS + "/nope/roles/assignment", "[\"" + viewer + "\"]").status());

        assertEquals(202, api("POST", USERS + "/" + id + "/roles/revocation", "[\"" + admin + "\"]").status());
        assertTrue(sim.roleNames("jane.doe@example.com").isEmpty());
    }

    // ---- groups ----------------------------------------------------------------------------------

    @Test
    void groupsArePagedUnderTheSpecPath() {
        sim.seedGroup("Finance");
        sim.seedGroup("Audit");
        sim.seedGroup("Tax");
        Res first = api("GET", GROUPS + "?$maxpagesize=2", null);
        assertEquals(200, first.status());
        assertEquals(2, first.json().path("data").size());
        JsonNode group = first.json().path("data").get(0);
        assertEquals("Finance", group.path("name").asText());
        assertEquals(0, group.path("memberCount").asInt());
        assertFalse(group.path("id").asText().isBlank());
        Res last = api("GET", first.json().path("@nextLink").asText(), null);
        assertEquals(1, last.json().path("data").size());
        assertFalse(last.json().has("@nextLink"));

        Res byName = api("GET", GROUPS + "?$filter=" + enc("name eq 'audit'"), null);
        assertEquals(1, byName.json().path("data").size());
        String auditId = byName.json().path("data").get(0).path("id").asText();
        assertEquals("Audit", api("GET", GROUPS + "/" + auditId, null).json().path("name").asText());
        assertEquals(404, api("GET", GROUPS + "/nope", null).status());
    }

    @Test
    void groupsOutsideTheConfiguredWorkspaceOrSpecPathAre404() {
        sim.seedGroup("Finance");
        assertEquals(404, api("GET", "/workspaces/" + WS + "/groups", null).status());
        assertEquals(404, api("GET", "/organizations/" + ORG + "/workspaces/other/groups", null).status());
        assertEquals(404, api("GET", "/organizations/other/workspaces/" + WS + "/groups", null).status());
    }

    @Test
    void membersAreModifiedAtomicallyAndPaged() {
        String groupId = sim.seedGroup("Finance");
        String a = sim.seedUser("a@example.com", "A", "A", true);
        String b = sim.seedUser("b@example.com", "B", "B", true);
        String c = sim.seedUser("c@example.com", "C", "C", true);
        String modification = GROUPS + "/" + groupId + "/members/modification";

        assertEquals(204, api("POST", modification, "{\"toAdd\":[\"" + a + "\",\"" + b + "\",\"" + c + "\"]}").status());
        assertEquals(Set.of("a@example.com", "b@example.com", "c@example.com"), sim.groupMemberEmails("Finance"));

        Res first = api("GET", GROUPS + "/" + groupId + "/members?$maxpagesize=2", null);
        assertEquals(200, first.status());
        assertEquals(2, first.json().path("data").size());
        assertEquals(a, first.json().path("data").get(0).path("id").asText());
        Res last = api("GET", first.json().path("@nextLink").asText(), null);
        assertEquals(1, last.json().path("data").size());
        assertFalse(last.json().has("@nextLink"));

        // adding an existing member is a no-op
        assertEquals(204, api("POST", modification, "{\"toAdd\":[\"" + a + "\"],\"toRemove\":[\"" + b + "\"]}").status());
        assertEquals(Set.of("a@example.com", "c@example.com"), sim.groupMemberEmails("Finance"));
        assertEquals(2, api("GET", GROUPS + "/" + groupId + "/members", null).json().path("data").size());
        assertEquals(2, api("GET", GROUPS + "/" + groupId, null).json().path("memberCount").asInt());

        // an unknown user id fails the whole modification
        Res unknown = api("POST", modification, "{\"toAdd\":[\"" + b + "\",\"nope\"]}");
        assertEquals(400, unknown.status());
        assertEquals("nope", unknown.json().path("details").get(0).path("target").asText());
        assertEquals(Set.of("a@example.com", "c@example.com"), sim.groupMemberEmails("Finance"));
        assertEquals(400, api("POST", modification, "{\"add\":[\"" + b + "\"]}").status());
        assertEquals(404, api("POST", GROUPS + "/nope/members/modification", "{\"toAdd\":[\"" + b + "\"]}").status());
    }

    // ---- SCIM ------------------------------------------------------------------------------------

    @Test
    void scimRejectsOAuthTokens() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        assertEquals(401, scim("PATCH", id, token(), activeBody(false)).status());
        assertEquals(401, scim("PATCH", id, null, activeBody(false)).status());
        assertEquals(401, scim("GET", id, token(), null).status());
        assertTrue(sim.user("jane.doe@example.com").orElseThrow().active());
    }

    @Test
    void scimSuspendsAndReactivates() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        assertEquals(200, scim("PATCH", id, SCIM_TOKEN, activeBody(false)).status());
        assertFalse(sim.user("jane.doe@example.com").orElseThrow().active());
        assertEquals("suspended", api("GET", USERS + "/" + id, null).json().path("status").asText());
        Res scimUser = scim("GET", id, SCIM_TOKEN, null);
        assertEquals(200, scimUser.status());
        assertFalse(scimUser.json().path("active").asBoolean(true));
        assertEquals(id, scimUser.json().path("id").asText());

        assertEquals(200, scim("PATCH", id, SCIM_TOKEN, activeBody(true)).status());
        assertTrue(sim.user("jane.doe@example.com").orElseThrow().active());
        assertTrue(scim("GET", id, SCIM_TOKEN, null).json().path("active").asBoolean(false));
        assertEquals(404, scim("GET", "nope", SCIM_TOKEN, null).status());
    }

    @Test
    void scimRejectsEveryOtherOperation() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true);
        String schemas = "\"schemas\":[\"" + PATCH_OP + "\"],";
        assertEquals(400, scim("PATCH", id, SCIM_TOKEN,
                "{" + schemas + "\"Operations\":[{\"op\":\"add\",\"path\":\"active\",\"value\":false}]}").status());
        assertEquals(400, scim("PATCH", id, SCIM_TOKEN,
                "{" + schemas + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"X\"}]}").status());
        assertEquals(400, scim("PATCH", id, SCIM_TOKEN,
                "{" + schemas + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"false\"}]}").status());
        assertEquals(400, scim("PATCH", id, SCIM_TOKEN,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}").status());
        assertEquals(400, scim("PATCH", id, SCIM_TOKEN,
                "{" + schemas + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false},"
                        + "{\"op\":\"remove\",\"path\":\"active\"}]}").status());
        assertTrue(sim.user("jane.doe@example.com").orElseThrow().active());
    }

    // ---- reset -----------------------------------------------------------------------------------

    @Test
    void resetRestoresDefaults() {
        sim.tokenLifetime(Duration.ofSeconds(5)).retryAfterSeconds(3);
        String oldToken = token();
        assertEquals(201, api("POST", USERS, newUserJson("a@example.com")).status());
        sim.seedGroup("Finance");
        sim.rateLimit(1, 60_000, 0);

        sim.reset();

        assertTrue(sim.users().isEmpty());
        assertEquals(0, sim.creates());
        assertEquals(0, sim.tokensIssued());
        assertThrows(IllegalArgumentException.class, () -> sim.groupMemberEmails("Finance"));
        Res fresh = tokenRequest(formCredentials(CLIENT_ID, CLIENT_SECRET), null);
        assertEquals(599, fresh.json().path("expires_in").asInt());
        assertEquals(401, send("GET", USERS, headers(oldToken, true, null), null).status());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, send("GET", USERS, headers(fresh.json().path("access_token").asText(), true, null), null).status());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private String token() {
        if (token == null) {
            Res res = tokenRequest(formCredentials(CLIENT_ID, CLIENT_SECRET), null);
            assertEquals(200, res.status());
            token = res.json().path("access_token").asText();
        }
        return token;
    }

    private static String formCredentials(String id, String secret) {
        return "grant_type=client_credentials&client_id=" + enc(id) + "&client_secret=" + enc(secret);
    }

    private Res tokenRequest(String form, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return send("POST", WorkivaSimulator.TOKEN_PATH, headers, form);
    }

    private Res api(String method, String pathOrUrl, String body) {
        return send(method, pathOrUrl, headers(token(), true, body == null ? null : "application/json"), body);
    }

    private Res patch(String id, String contentType, String body) {
        return send("PATCH", USERS + "/" + id, headers(token(), true, contentType), body);
    }

    private Res scim(String method, String id, String bearer, String body) {
        return send(method, "/scim/v2/Users/" + id, headers(bearer, false, body == null ? null : "application/scim+json"), body);
    }

    private static String activeBody(boolean active) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":"
                + active + "}]}";
    }

    private static String newUserJson(String email) {
        return "{\"email\":\"" + email + "\",\"givenName\":\"Given\",\"familyName\":\"Family\"}";
    }

    private static Map<String, String> headers(String bearer, boolean version, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        if (version) {
            headers.put("X-Version", WorkivaSimulator.API_VERSION);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    private Res send(String method, String pathOrUrl, Map<String, String> headers, String body) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : sim.baseUrl() + pathOrUrl;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Res(response.statusCode(), json, response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
