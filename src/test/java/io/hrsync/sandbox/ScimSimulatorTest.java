package io.hrsync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain JUnit over real HTTP: every rule of the SCIM simulator's contract. */
class ScimSimulatorTest {

    private static final String TOKEN = "scim-bearer-token";
    private static final String USERS = "/scim/v2/Users";
    private static final String GROUPS = "/scim/v2/Groups";
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private ScimSimulator sim;

    record Res(int status, JsonNode json, HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String scimType() {
            return json.path("scimType").asText(null);
        }
    }

    @BeforeEach
    void start() {
        sim = new ScimSimulator("scim-test", TOKEN).start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    // ---- auth, discovery, error shape ------------------------------------------------------------

    @Test
    void requestsWithoutTheRightCredentialsAre401InTheScimErrorShape() {
        Res none = send("GET", USERS, null, null, null);
        assertScimError(none, 401, null);
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"), none.header("WWW-Authenticate"));
        assertScimError(send("GET", USERS, "Bearer wrong-token", null, null), 401, null);
        assertScimError(send("GET", USERS, basic("user", TOKEN), null, null), 401, null);
        Res create = send("POST", USERS, null, "application/scim+json", newUser("jane.doe@example.com"));
        assertScimError(create, 401, null);
        assertTrue(sim.users().isEmpty(), "a refused POST creates nothing");
        assertEquals(200, get(USERS).status());
    }

    @Test
    void basicAuthReplacesTheBearerToken() {
        sim.basicAuth("provisioner", "pa:ss");
        assertEquals(200, send("GET", USERS, basic("provisioner", "pa:ss"), null, null).status());
        assertScimError(send("GET", USERS, basic("provisioner", "wrong"), null, null), 401, null);
        Res bearer = send("GET", USERS, "Bearer " + TOKEN, null, null);
        assertScimError(bearer, 401, null);
        assertTrue(bearer.header("WWW-Authenticate").startsWith("Basic"));
        JsonNode config = send("GET", "/scim/v2/ServiceProviderConfig", basic("provisioner", "pa:ss"), null, null).json();
        assertEquals("httpbasic", config.path("authenticationSchemes").get(0).path("type").asText());
    }

    @Test
    void serviceProviderConfigDescribesWhatIsSupported() {
        Res res = get("/scim/v2/ServiceProviderConfig");
        assertEquals(200, res.status());
        assertEquals("application/scim+json", res.header("Content-Type"));
        JsonNode config = res.json();
        assertEquals("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", config.path("schemas").get(0).asText());
        assertTrue(config.path("patch").path("supported").asBoolean(false));
        assertTrue(config.path("filter").path("supported").asBoolean(false));
        assertEquals(200, config.path("filter").path("maxResults").asInt());
        assertFalse(config.path("bulk").path("supported").asBoolean(true));
        assertFalse(config.path("changePassword").path("supported").asBoolean(true));
        assertFalse(config.path("sort").path("supported").asBoolean(true));
        assertFalse(config.path("etag").path("supported").asBoolean(true));
        assertEquals("oauthbearertoken", config.path("authenticationSchemes").get(0).path("type").asText());
    }

    @Test
    void absentResourcesAre404InTheScimErrorShape() {
        assertScimError(get(USERS + "/" + UUID.randomUUID()), 404, null);
        assertScimError(get(GROUPS + "/nope"), 404, null);
        assertScimError(get("/scim/v2/Nothing"), 404, null);
        Res outside = get("/api/v1/users");
        assertScimError(outside, 404, null);
        assertScimError(patch(USERS + "/nope", activeOp(false)), 404, null);
        assertScimError(send("DELETE", USERS + "/nope", bearer(), null, null), 404, null);
    }

    @Test
    void rateLimitAnd429FaultsAnswerRetryAfter() {
        sim.rateLimit(2, 30_000, 0);
        assertEquals(200, get(USERS).status());
        assertEquals(200, get(USERS).status());
        Res limited = get(USERS);
        assertScimError(limited, 429, null);
        assertEquals("30", limited.header("Retry-After"));
        assertEquals(1, sim.rateLimitedCount());

        sim.reset(); // back to the default 600 per minute
        sim.failNext(1, 429, 7);
        Res injected = get(USERS);
        assertEquals(429, injected.status());
        assertEquals("7", injected.header("Retry-After"));
        assertEquals(200, get(USERS).status());
    }

    @Test
    void bodiesMustBeJson() {
        Res res = send("POST", USERS, bearer(), "text/plain", newUser("jane.doe@example.com"));
        assertScimError(res, 415, null);
        assertScimError(post(USERS, "{not json"), 400, "invalidSyntax");
        assertTrue(sim.users().isEmpty());
        assertEquals(201, send("POST", USERS, bearer(), "application/json", newUser("jane.doe@example.com")).status());
    }

    // ---- create, read, replace, delete ------------------------------------------------------------

    @Test
    void createAnswers201WithLocationMetaAndTheFullResource() {
        Instant before = Instant.now().minusSeconds(1);
        String body = """
                {"schemas":["%s","%s"],"userName":"jane.doe@example.com","externalId":"E-1001",
                 "name":{"givenName":"Jane","familyName":"Doe"},"displayName":"Jane Doe","title":"Engineer",
                 "emails":[{"value":"jane.doe@example.com","type":"work","primary":true}],
                 "%s":{"employeeNumber":"1001","department":"R&D"}}""".formatted(USER_SCHEMA, ENTERPRISE, ENTERPRISE);
        Res res = post(USERS, body);
        assertEquals(201, res.status());
        assertEquals("application/scim+json", res.header("Content-Type"));
        JsonNode user = res.json();
        String id = user.path("id").asText();
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals(sim.baseUrl() + USERS + "/" + id, res.header("Location"));
        JsonNode meta = user.path("meta");
        assertEquals("User", meta.path("resourceType").asText());
        assertEquals(res.header("Location"), meta.path("location").asText());
        assertFalse(Instant.parse(meta.path("created").asText()).isBefore(before));
        assertEquals(meta.path("created").asText(), meta.path("lastModified").asText());
        assertFalse(meta.path("version").asText().isBlank());
        assertTrue(user.path("active").asBoolean(false), "active defaults to true");
        assertEquals("E-1001", user.path("externalId").asText());
        assertEquals("Jane", user.path("name").path("givenName").asText());
        assertEquals("1001", user.path(ENTERPRISE).path("employeeNumber").asText());
        assertEquals(List.of(USER_SCHEMA, ENTERPRISE), texts(user.path("schemas")));
        assertEquals(user, get(USERS + "/" + id).json());
        assertEquals(user, sim.user(id).orElseThrow());
    }

    @Test
    void createNeedsTheUserSchemaAndAUserName() {
        assertScimError(post(USERS, "{\"userName\":\"jane.doe@example.com\"}"), 400, "invalidSyntax");
        assertScimError(post(USERS, "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"displayName\":\"Jane\"}"), 400, "invalidValue");
        assertScimError(post(USERS, "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"j\",\"active\":\"true\"}"),
                400, "invalidValue");
        assertScimError(post(USERS, "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"j\",\"nickname2\":\"x\"}"),
                400, "invalidSyntax");
        assertTrue(sim.users().isEmpty());
    }

    @Test
    void duplicateUserNameInAnotherCaseIs409Uniqueness() {
        sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        Res res = post(USERS, newUser("Jane.Doe@Example.COM"));
        assertScimError(res, 409, "uniqueness");
        assertEquals(List.of(ERROR), texts(res.json().path("schemas")));
        assertTrue(res.json().path("status").isTextual(), "status is a string");
        assertEquals(1, sim.users().size());
    }

    @Test
    void putReplacesTheResourceKeepingIdAndCreated() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of("department", "R&D"));
        String other = sim.seedUser("john.roe@example.com", "John", "Roe", true, Map.of());
        JsonNode before = sim.user(id).orElseThrow();
        String body = """
                {"schemas":["%s"],"id":"ignored","userName":"jane.smith@example.com",
                 "name":{"givenName":"Jane","familyName":"Smith"},"active":false}""".formatted(USER_SCHEMA);
        Res res = put(USERS + "/" + id, body);
        assertEquals(200, res.status());
        JsonNode after = res.json();
        assertEquals(id, after.path("id").asText());
        assertEquals(before.path("meta").path("created"), after.path("meta").path("created"));
        assertNotEquals(before.path("meta").path("version"), after.path("meta").path("version"));
        assertEquals("jane.smith@example.com", after.path("userName").asText());
        assertEquals("Smith", after.path("name").path("familyName").asText());
        assertFalse(after.path("active").asBoolean(true));
        assertTrue(after.path(ENTERPRISE).isMissingNode(), "attributes not given are cleared");
        assertTrue(after.path("displayName").isMissingNode());

        String clash = "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"JOHN.ROE@example.com\"}";
        assertScimError(put(USERS + "/" + id, clash), 409, "uniqueness");
        assertScimError(put(USERS + "/" + id, "{\"userName\":\"x@example.com\"}"), 400, "invalidSyntax");
        assertEquals("jane.smith@example.com", sim.user(id).orElseThrow().path("userName").asText());
        assertEquals("john.roe@example.com", sim.user(other).orElseThrow().path("userName").asText());
    }

    @Test
    void deleteIs204RecordedAndLeavesTheGroups() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        String group = sim.seedGroup("Engineering");
        assertEquals(200, patch(GROUPS + "/" + group, addMembers(id)).status());
        Res res = send("DELETE", USERS + "/" + id, bearer(), null, null);
        assertEquals(204, res.status());
        assertTrue(sim.user(id).isEmpty());
        assertEquals(List.of(), sim.memberIds(group));
        assertEquals(1, sim.requests().stream().filter(r -> r.method().equals("DELETE")).count());
        assertScimError(get(USERS + "/" + id), 404, null);
    }

    @Test
    void aLostAnswerStillCreatesTheUser() {
        sim.loseNextWriteAnswers(1);
        assertThrows(IOException.class, () -> sendRaw("POST", USERS, bearer(), "application/scim+json",
                newUser("jane.doe@example.com")));
        assertEquals(1, sim.lostAnswerCount());
        assertTrue(sim.userByUserName("JANE.DOE@example.com").isPresent());
        assertScimError(post(USERS, newUser("jane.doe@example.com")), 409, "uniqueness");
    }

    // ---- list, filter, paging ---------------------------------------------------------------------

    @Test
    void filterByUserNameIsCaseInsensitive() {
        String jane = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        sim.seedUser("john.roe@example.com", "John", "Roe", true, Map.of());
        JsonNode list = list(USERS, "userName eq \"JANE.Doe@example.com\"", null, null);
        assertEquals(List.of("urn:ietf:params:scim:api:messages:2.0:ListResponse"), texts(list.path("schemas")));
        assertEquals(1, list.path("totalResults").asInt());
        assertEquals(1, list.path("itemsPerPage").asInt());
        assertEquals(jane, list.path("Resources").get(0).path("id").asText());
        assertEquals(jane, list(USERS, "USERNAME EQ \"jane.doe@example.com\"", null, null)
                .path("Resources").get(0).path("id").asText());
        JsonNode none = list(USERS, "userName eq \"nobody@example.com\"", null, null);
        assertEquals(0, none.path("totalResults").asInt());
    }

    @Test
    void externalIdEmailAndActiveFilters() {
        String jane = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        String john = sim.seedUser("john.roe@example.com", "John", "Roe", false, Map.of());
        assertEquals(200, patch(USERS + "/" + jane, op("add", "externalId", "\"E-7\"")).status());
        assertEquals(List.of(jane), ids(list(USERS, "externalId eq \"E-7\"", null, null)));
        assertEquals(List.of(), ids(list(USERS, "externalId eq \"e-7\"", null, null)), "externalId is caseExact");
        assertEquals(List.of(john), ids(list(USERS, "emails.value eq \"John.Roe@example.com\"", null, null)));
        assertEquals(List.of(john), ids(list(USERS, "active eq false", null, null)));
        assertEquals(List.of(jane), ids(list(USERS, "active eq true", null, null)));
    }

    @Test
    void unsupportedFiltersAre400InvalidFilter() {
        sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        for (String filter : List.of("userName co \"jane\"", "userName sw \"jane\"", "title eq \"Engineer\"",
                "userName eq \"jane.doe@example.com\" and active eq true", "userName eq jane", "active eq \"true\"",
                ENTERPRISE + ":department eq \"R&D\"", "")) {
            Res res = get(USERS + "?filter=" + enc(filter));
            assertScimError(res, 400, "invalidFilter");
        }
        assertScimError(get(GROUPS + "?filter=" + enc("id eq \"x\"")), 400, "invalidFilter");
    }

    @Test
    void pagingIsOneBasedWithCountCappedAt200() {
        List<String> seeded = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            seeded.add(sim.seedUser("user" + i + "@example.com", "Given" + i, "Family" + i, true, Map.of()));
        }
        List<String> listed = new ArrayList<>();
        int[] expectedSizes = { 3, 3, 1 };
        int[] starts = { 1, 4, 7 };
        for (int i = 0; i < starts.length; i++) {
            JsonNode page = list(USERS, null, starts[i], 3);
            assertEquals(7, page.path("totalResults").asInt());
            assertEquals(starts[i], page.path("startIndex").asInt());
            assertEquals(expectedSizes[i], page.path("itemsPerPage").asInt());
            assertEquals(expectedSizes[i], page.path("Resources").size());
            listed.addAll(ids(page));
        }
        assertEquals(seeded, listed, "creation order, nothing skipped or repeated");
        assertEquals(0, list(USERS, null, 8, 3).path("itemsPerPage").asInt());
        JsonNode zero = list(USERS, null, 0, 2);
        assertEquals(1, zero.path("startIndex").asInt(), "startIndex below 1 is read as 1");
        assertEquals(seeded.subList(0, 2), ids(zero));
        JsonNode countOnly = list(USERS, null, null, 0);
        assertEquals(7, countOnly.path("totalResults").asInt());
        assertEquals(0, countOnly.path("Resources").size());

        for (int i = 8; i <= 205; i++) {
            sim.seedUser("user" + i + "@example.com", "Given" + i, "Family" + i, true, Map.of());
        }
        JsonNode capped = list(USERS, null, null, 500);
        assertEquals(205, capped.path("totalResults").asInt());
        assertEquals(200, capped.path("itemsPerPage").asInt());
        assertEquals(100, list(USERS, null, null, null).path("itemsPerPage").asInt(), "count defaults to 100");
        assertScimError(get(USERS + "?count=ten"), 400, "invalidValue");
    }

    @Test
    void hostilePagingFaultsApplyToUnfilteredLists() {
        String jane = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        sim.seedUser("john.roe@example.com", "John", "Roe", true, Map.of());
        sim.repeatingNextLinks();
        assertEquals(ids(list(USERS, null, 1, 1)), ids(list(USERS, null, 2, 1)), "every page is the first");
        sim.endlessPaging();
        JsonNode far = list(USERS, null, 1001, 5);
        assertEquals(5, far.path("itemsPerPage").asInt());
        assertTrue(far.path("totalResults").asInt() > 1005, "always more to come");
        assertFalse(ids(far).contains(jane));
        assertEquals(List.of(jane), ids(list(USERS, "userName eq \"jane.doe@example.com\"", null, null)));
    }

    @Test
    void attributesAndExcludedAttributesShapeTheAnswer() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of("department", "R&D"));
        JsonNode only = get(USERS + "/" + id + "?attributes=userName," + enc(ENTERPRISE + ":department")).json();
        assertEquals(id, only.path("id").asText());
        assertEquals("jane.doe@example.com", only.path("userName").asText());
        assertEquals("R&D", only.path(ENTERPRISE).path("department").asText());
        assertTrue(only.path("name").isMissingNode());
        assertTrue(only.path("meta").isMissingNode());
        JsonNode without = list(USERS, null, null, null, "excludedAttributes=emails,name.givenName").path("Resources").get(0);
        assertTrue(without.path("emails").isMissingNode());
        assertTrue(without.path("name").path("givenName").isMissingNode());
        assertEquals("Doe", without.path("name").path("familyName").asText());
    }

    // ---- PATCH of users ---------------------------------------------------------------------------

    @Test
    void patchReplaceActiveFalseDeactivates() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        JsonNode before = sim.user(id).orElseThrow();
        Res res = patch(USERS + "/" + id, activeOp(false));
        assertEquals(200, res.status());
        assertFalse(res.json().path("active").asBoolean(true));
        assertFalse(sim.user(id).orElseThrow().path("active").asBoolean(true));
        assertNotEquals(before.path("meta").path("version"), res.json().path("meta").path("version"));
        assertEquals(List.of(id), ids(list(USERS, "active eq false", null, null)));
        assertEquals(200, patch(USERS + "/" + id, patchBody("{\"op\":\"Replace\",\"path\":\"ACTIVE\",\"value\":true}")).status());
        assertTrue(sim.user(id).orElseThrow().path("active").asBoolean(false), "op and path are case-insensitive");
    }

    @Test
    void patchOpNeedsExactlyThePatchOpSchema() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        String operations = "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]";
        assertScimError(patch(USERS + "/" + id, "{" + operations + "}"), 400, "invalidSyntax");
        assertScimError(patch(USERS + "/" + id, "{\"schemas\":[\"" + USER_SCHEMA + "\"]," + operations + "}"), 400,
                "invalidSyntax");
        assertScimError(patch(USERS + "/" + id, "{\"schemas\":[\"" + PATCH_OP + "\",\"" + USER_SCHEMA + "\"]," + operations
                + "}"), 400, "invalidSyntax");
        assertScimError(patch(USERS + "/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[]}"), 400,
                "invalidSyntax");
        assertTrue(sim.user(id).orElseThrow().path("active").asBoolean(false));
    }

    @Test
    void activeMustBeAJsonBoolean() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        Res res = patch(USERS + "/" + id, op("replace", "active", "\"false\""));
        assertScimError(res, 400, "invalidValue");
        assertTrue(sim.user(id).orElseThrow().path("active").asBoolean(false));
    }

    @Test
    void patchGivenNameAndEnterpriseAttributesByUrnPath() {
        String manager = sim.seedUser("boss@example.com", "Big", "Boss", true, Map.of());
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true,
                Map.of("employeeNumber", "1001", "department", "R&D"));
        Res res = patch(USERS + "/" + id, patchBody(
                "{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Janet\"}",
                "{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Finance\"}",
                "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":{\"value\":\"" + manager + "\"}}"));
        assertEquals(200, res.status());
        JsonNode user = sim.user(id).orElseThrow();
        assertEquals("Janet", user.path("name").path("givenName").asText());
        assertEquals("Doe", user.path("name").path("familyName").asText(), "other sub-attributes are kept");
        JsonNode extension = user.path(ENTERPRISE);
        assertEquals("Finance", extension.path("department").asText());
        assertEquals("1001", extension.path("employeeNumber").asText());
        assertEquals(manager, extension.path("manager").path("value").asText());
        assertEquals("Big Boss", extension.path("manager").path("displayName").asText());
        assertEquals(res.json(), user);

        assertEquals(200, patch(USERS + "/" + id, op("replace", ENTERPRISE + ":employeeNumber", "\"2002\"")).status());
        assertEquals("2002", sim.user(id).orElseThrow().path(ENTERPRISE).path("employeeNumber").asText());
        assertScimError(patch(USERS + "/" + id, op("replace", ENTERPRISE + ":manager", "{\"value\":\"no-such-user\"}")),
                400, "invalidValue");
        assertScimError(patch(USERS + "/" + id, op("replace", ENTERPRISE + ":manager", "\"" + manager + "\"")), 400,
                "invalidValue");
        assertEquals(200, patch(USERS + "/" + id, patchBody("{\"op\":\"remove\",\"path\":\"" + ENTERPRISE + ":manager\"}"))
                .status());
        assertTrue(sim.user(id).orElseThrow().path(ENTERPRISE).path("manager").isMissingNode());
    }

    @Test
    void patchWithoutPathTakesAnObjectOfAttributes() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of("employeeNumber", "1001"));
        String value = """
                {"displayName":"Janet Doe","title":"Director","active":false,
                 "name":{"givenName":"Janet"},"%s":{"department":"Ops"}}""".formatted(ENTERPRISE);
        Res res = patch(USERS + "/" + id, patchBody("{\"op\":\"replace\",\"value\":" + value + "}"));
        assertEquals(200, res.status());
        JsonNode user = sim.user(id).orElseThrow();
        assertEquals("Janet Doe", user.path("displayName").asText());
        assertEquals("Director", user.path("title").asText());
        assertFalse(user.path("active").asBoolean(true));
        assertEquals("Janet", user.path("name").path("givenName").asText());
        assertEquals("Doe", user.path("name").path("familyName").asText());
        assertEquals("Ops", user.path(ENTERPRISE).path("department").asText());
        assertEquals("1001", user.path(ENTERPRISE).path("employeeNumber").asText());
        assertScimError(patch(USERS + "/" + id, patchBody("{\"op\":\"replace\",\"value\":{\"id\":\"x\"}}")), 400,
                "mutability");
        assertScimError(patch(USERS + "/" + id, patchBody("{\"op\":\"replace\",\"value\":{\"shoeSize\":\"9\"}}")), 400,
                "invalidPath");
    }

    @Test
    void patchOfEmailsByValueFilter() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        assertEquals(200, patch(USERS + "/" + id, op("replace", "emails[type eq \"work\"].value", "\"jane@example.org\""))
                .status());
        JsonNode emails = sim.user(id).orElseThrow().path("emails");
        assertEquals(1, emails.size());
        assertEquals("jane@example.org", emails.get(0).path("value").asText());
        assertTrue(emails.get(0).path("primary").asBoolean(false));
        assertScimError(patch(USERS + "/" + id, op("replace", "emails[type eq \"home\"].value", "\"j@home.example\"")),
                400, "noTarget");
        assertEquals(200, patch(USERS + "/" + id, op("add", "emails[type eq \"home\"].value", "\"j@home.example\""))
                .status());
        assertEquals(2, sim.user(id).orElseThrow().path("emails").size());
        assertEquals(List.of(id), ids(list(USERS, "emails.value eq \"j@home.example\"", null, null)));
    }

    @Test
    void patchErrorsNameTheRfcScimTypeAndChangeNothing() {
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        JsonNode before = sim.user(id).orElseThrow();
        assertScimError(patch(USERS + "/" + id, op("replace", "nickName2", "\"J\"")), 400, "invalidPath");
        assertScimError(patch(USERS + "/" + id, op("replace", "phoneNumbers", "[]")), 400, "invalidPath");
        assertScimError(patch(USERS + "/" + id, patchBody("{\"op\":\"remove\"}")), 400, "noTarget");
        assertScimError(patch(USERS + "/" + id, op("replace", "id", "\"other\"")), 400, "mutability");
        assertScimError(patch(USERS + "/" + id, op("replace", "meta.lastModified", "\"2020-01-01T00:00:00Z\"")), 400,
                "mutability");
        assertScimError(patch(USERS + "/" + id, patchBody("{\"op\":\"move\",\"path\":\"title\",\"value\":\"x\"}")), 400,
                "invalidSyntax");
        // atomic: the first operation is valid, the second is not; nothing is applied
        assertScimError(patch(USERS + "/" + id, patchBody("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"CEO\"}",
                "{\"op\":\"replace\",\"path\":\"active\",\"value\":\"no\"}")), 400, "invalidValue");
        assertEquals(before, sim.user(id).orElseThrow());
        // a userName taken by another user
        sim.seedUser("john.roe@example.com", "John", "Roe", true, Map.of());
        assertScimError(patch(USERS + "/" + id, op("replace", "userName", "\"John.Roe@example.com\"")), 409, "uniqueness");
        assertEquals(before, sim.user(id).orElseThrow());
    }

    @Test
    void withoutPatchTheProviderAnswers501AndSaysSo() {
        sim.withoutPatch();
        String id = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        String group = sim.seedGroup("Engineering");
        assertFalse(get("/scim/v2/ServiceProviderConfig").json().path("patch").path("supported").asBoolean(true));
        Res res = patch(USERS + "/" + id, activeOp(false));
        assertScimError(res, 501, null);
        assertTrue(sim.user(id).orElseThrow().path("active").asBoolean(false));
        assertScimError(patch(GROUPS + "/" + group, addMembers(id)), 501, null);
        String replace = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Engineering\","
                + "\"members\":[{\"value\":\"" + id + "\"}]}";
        assertEquals(200, put(GROUPS + "/" + group, replace).status());
        assertEquals(List.of(id), sim.memberIds(group));
    }

    // ---- groups -----------------------------------------------------------------------------------

    @Test
    void groupMembershipChangesByPatchAndShowsInTheUsersGroups() {
        String jane = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        String john = sim.seedUser("john.roe@example.com", "John", "Roe", true, Map.of());
        String group = sim.seedGroup("Engineering");
        assertEquals(List.of(group), ids(list(GROUPS, "displayName eq \"engineering\"", null, null)));

        Res added = patch(GROUPS + "/" + group, addMembers(jane, john));
        assertEquals(200, added.status());
        assertEquals(List.of(jane, john), sim.memberIds(group));
        assertEquals(2, added.json().path("members").size());
        JsonNode groups = get(USERS + "/" + jane).json().path("groups");
        assertEquals(1, groups.size());
        assertEquals(group, groups.get(0).path("value").asText());
        assertEquals("Engineering", groups.get(0).path("display").asText());

        assertEquals(200, patch(GROUPS + "/" + group, addMembers(jane)).status());
        assertEquals(List.of(jane, john), sim.memberIds(group), "adding a member again changes nothing");

        Res removed = patch(GROUPS + "/" + group,
                patchBody("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + jane + "\\\"]\"}"));
        assertEquals(200, removed.status());
        assertEquals(List.of(john), sim.memberIds(group));
        assertTrue(get(USERS + "/" + jane).json().path("groups").isMissingNode());
        assertEquals(group, get(USERS + "/" + john).json().path("groups").get(0).path("value").asText());
    }

    @Test
    void groupPatchRefusesUnknownUsersAndOtherPaths() {
        String jane = sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        String group = sim.seedGroup("Engineering");
        assertScimError(patch(GROUPS + "/" + group, addMembers(jane, "no-such-user")), 400, "invalidValue");
        assertEquals(List.of(), sim.memberIds(group), "all or nothing");
        assertScimError(patch(GROUPS + "/" + group, op("replace", "displayName", "\"Eng\"")), 400, "invalidPath");
        assertScimError(patch(GROUPS + "/" + group, patchBody("{\"op\":\"remove\",\"path\":\"members\"}")), 400,
                "invalidPath");
        assertScimError(patch(GROUPS + "/" + group, patchBody("{\"op\":\"remove\"}")), 400, "noTarget");
        assertScimError(post(GROUPS, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"X\"}"),
                501, null);
        assertEquals(group, sim.groupId("ENGINEERING").orElseThrow());
    }

    @Test
    void resetClearsUsersAndGroups() {
        sim.seedUser("jane.doe@example.com", "Jane", "Doe", true, Map.of());
        String group = sim.seedGroup("Engineering");
        sim.rateLimit(1, 60_000, 0);
        sim.reset();
        assertTrue(sim.users().isEmpty());
        assertTrue(sim.groupId("Engineering").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> sim.memberIds(group));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(USERS).status());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void assertScimError(Res res, int status, String scimType) {
        assertEquals(status, res.status(), () -> res.json().toString());
        assertEquals("application/scim+json", res.header("Content-Type"));
        assertEquals(List.of(ERROR), texts(res.json().path("schemas")), () -> res.json().toString());
        assertEquals(String.valueOf(status), res.json().path("status").asText());
        assertTrue(res.json().path("status").isTextual());
        assertEquals(scimType, res.scimType(), () -> res.json().toString());
        assertFalse(res.json().path("detail").asText().isBlank());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("Resources").forEach(resource -> ids.add(resource.path("id").asText()));
        return ids;
    }

    private JsonNode list(String path, String filter, Integer startIndex, Integer count) {
        return list(path, filter, startIndex, count, null);
    }

    private JsonNode list(String path, String filter, Integer startIndex, Integer count, String extra) {
        List<String> parameters = new ArrayList<>();
        if (filter != null) {
            parameters.add("filter=" + enc(filter));
        }
        if (startIndex != null) {
            parameters.add("startIndex=" + startIndex);
        }
        if (count != null) {
            parameters.add("count=" + count);
        }
        if (extra != null) {
            parameters.add(extra);
        }
        Res res = get(parameters.isEmpty() ? path : path + "?" + String.join("&", parameters));
        assertEquals(200, res.status(), () -> res.json().toString());
        return res.json();
    }

    private static String newUser(String userName) {
        return "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"" + userName + "\"}";
    }

    private static String patchBody(String... operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + String.join(",", operations) + "]}";
    }

    private static String op(String op, String path, String valueJson) {
        return patchBody("{\"op\":\"" + op + "\",\"path\":" + quote(path) + ",\"value\":" + valueJson + "}");
    }

    private static String activeOp(boolean active) {
        return op("replace", "active", String.valueOf(active));
    }

    private static String addMembers(String... ids) {
        List<String> members = new ArrayList<>();
        for (String id : ids) {
            members.add("{\"value\":\"" + id + "\"}");
        }
        return patchBody("{\"op\":\"add\",\"path\":\"members\",\"value\":[" + String.join(",", members) + "]}");
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String bearer() {
        return "Bearer " + TOKEN;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Res get(String path) {
        return send("GET", path, bearer(), null, null);
    }

    private Res post(String path, String body) {
        return send("POST", path, bearer(), "application/scim+json", body);
    }

    private Res put(String path, String body) {
        return send("PUT", path, bearer(), "application/scim+json", body);
    }

    private Res patch(String path, String body) {
        return send("PATCH", path, bearer(), "application/scim+json", body);
    }

    private Res send(String method, String path, String authorization, String contentType, String body) {
        try {
            HttpResponse<String> response = sendRaw(method, path, authorization, contentType, body);
            JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Res(response.statusCode(), json, response.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    private HttpResponse<String> sendRaw(String method, String path, String authorization, String contentType,
            String body) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
