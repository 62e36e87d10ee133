package io.hrsync.connector.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/** The SCIM decision as a table: person × account × how the app is written to → action, request and notes. */
class ScimChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENT = ScimSchemas.ENTERPRISE;
    private static final ScimChanges.Writing PATCH = new ScimChanges.Writing("acme", true, false);
    private static final ScimChanges.Writing PUT = new ScimChanges.Writing("acme", false, false);
    private static final ScimChanges.Writing DELETE = new ScimChanges.Writing("acme", true, true);

    static Person person(String email, String first, String last, String department, PersonStatus status) {
        return new Person("E7", email, first, last, department, "Engineer", null, "Berlin", LocalDate.of(2024, 1, 8), null, status);
    }

    static final Person ADA = person("ada@example.com", "Ada", "Byron", "Engineering", PersonStatus.ACTIVE);
    static final Person ADA_LEFT = person("ada@example.com", "Ada", "Byron", "Engineering", PersonStatus.TERMINATED);

    /** Ada's account as the app holds it when it matches the HRIS, with overrides. */
    static JsonNode account(String overrides) throws Exception {
        var account = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"id":"u-1","userName":"ada@example.com","externalId":"E7","active":true,
                 "name":{"givenName":"Ada","familyName":"Byron"},"displayName":"Ada Byron",
                 "emails":[{"value":"ada@example.com","type":"work","primary":true}],
                 "title":"Engineer","nickName":"kept, not hrsync's",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E7","department":"Engineering"},
                 "groups":[{"value":"g-eng","display":"Engineering"}],
                 "meta":{"resourceType":"User","version":"W/\\"3\\""}}""");
        account.setAll((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(overrides));
        return account;
    }

    static Map<String, String> desired(Person person) {
        return new LinkedHashMap<>(ScimAttributes.desired(person, Map.of("title", "title")));
    }

    static ScimDecision decide(Person person, JsonNode account, ScimChanges.Writing writing, String... groupIds) {
        return ScimChanges.decide(person, account, desired(person), List.of(groupIds), writing);
    }

    static Stream<Arguments> withoutWrite() throws Exception {
        return Stream.of(
                Arguments.of("unchanged", ADA, account("{}"), Outcome.UNCHANGED, null),
                Arguments.of("userName differs only in case", ADA, account("{\"userName\":\"Ada@Example.com\"}"), Outcome.UNCHANGED, null),
                Arguments.of("leaver without an account", ADA_LEFT, null, Outcome.SKIPPED, "terminated; no acme account to deactivate"),
                Arguments.of("leaver already inactive", ADA_LEFT, account("{\"active\":false}"), Outcome.UNCHANGED, "already deactivated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutWrite")
    void nothingIsWritten(String row, Person person, JsonNode account, Outcome outcome, String note) {
        ScimDecision decision = decide(person, account, PATCH);
        assertEquals(VendorAction.NONE, decision.action(), row);
        assertEquals(outcome, decision.outcome(), row);
        assertNull(decision.httpMethod(), row);
        assertEquals(note == null ? List.of() : List.of(note), decision.notes(), row);
    }

    static Stream<Arguments> patches() {
        return Stream.of(
                Arguments.of("family name", person("ada@example.com", "Ada", "Lovelace", "Engineering", PersonStatus.ACTIVE),
                        "{}", VendorAction.UPDATE,
                        "[{\"op\":\"replace\",\"path\":\"name.familyName\",\"value\":\"Lovelace\"},"
                                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Ada Lovelace\"}]",
                        "changed: name.familyName, displayName"),
                Arguments.of("department (enterprise extension, by its URN path)",
                        person("ada@example.com", "Ada", "Byron", "Finance", PersonStatus.ACTIVE), "{}", VendorAction.UPDATE,
                        "[{\"op\":\"replace\",\"path\":\"" + ENT + ":department\",\"value\":\"Finance\"}]",
                        "changed: " + ENT + ":department"),
                Arguments.of("email change moves userName and the work email",
                        person("ada.l@example.com", "Ada", "Byron", "Engineering", PersonStatus.ACTIVE), "{}", VendorAction.UPDATE,
                        "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"ada.l@example.com\"},"
                                + "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"ada.l@example.com\"}]",
                        "changed: userName (was ada@example.com), emails[type eq \"work\"].value"),
                Arguments.of("department gone in the HRIS: removed",
                        person("ada@example.com", "Ada", "Byron", null, PersonStatus.ACTIVE), "{}", VendorAction.UPDATE,
                        "[{\"op\":\"remove\",\"path\":\"" + ENT + ":department\"}]", "changed: " + ENT + ":department"),
                Arguments.of("rehire: active true, and what changed", person("ada@example.com", "Ada", "Lovelace", "Engineering",
                        PersonStatus.ACTIVE), "{\"active\":false}", VendorAction.REACTIVATE,
                        "[{\"op\":\"replace\",\"path\":\"name.familyName\",\"value\":\"Lovelace\"},"
                                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Ada Lovelace\"},"
                                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]",
                        "changed: name.familyName, displayName"),
                Arguments.of("no typed work email: one is added (a filter matching nothing is noTarget)", ADA,
                        "{\"emails\":[{\"value\":\"ada@home.example\",\"type\":\"home\",\"primary\":true}]}", VendorAction.UPDATE,
                        "[{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"ada@example.com\",\"type\":\"work\",\"primary\":false}]}]",
                        "changed: emails[type eq \"work\"].value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void changesArePatchedAttributeByAttribute(String row, Person person, String overrides, VendorAction action, String operations,
            String note) throws Exception {
        ScimDecision decision = decide(person, account(overrides), PATCH);
        assertEquals(action, decision.action(), row);
        assertEquals("PATCH", decision.httpMethod(), row);
        assertEquals("u-1", decision.userId(), row);
        JsonNode body = JSON.valueToTree(decision.body());
        assertEquals("[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]", body.path("schemas").toString(), row);
        assertEquals(JSON.readTree(operations), sortedKeys(body.path("Operations")), row);
        assertEquals(List.of(note), decision.notes(), row);
    }

    @Test
    void theManagerIsAReferenceByIdAndRemovedWhenTheHrisHasNone() throws Exception {
        Map<String, String> withManager = desired(ADA);
        withManager.put(ScimAttributes.MANAGER, "u-boss");
        ScimDecision set = ScimChanges.decide(ADA, account("{}"), withManager, List.of(), PATCH);
        assertEquals("{\"op\":\"replace\",\"path\":\"" + ENT + ":manager\",\"value\":{\"value\":\"u-boss\"}}",
                JSON.writeValueAsString(JSON.valueToTree(set.body()).path("Operations").get(0)));

        Map<String, String> noManager = desired(ADA);
        noManager.put(ScimAttributes.MANAGER, null);
        JsonNode managed = account("{\"" + ENT + "\":{\"employeeNumber\":\"E7\",\"department\":\"Engineering\",\"manager\":{\"value\":\"u-old\"}}}");
        ScimDecision removed = ScimChanges.decide(ADA, managed, noManager, List.of(), PATCH);
        assertEquals("[{\"op\":\"remove\",\"path\":\"" + ENT + ":manager\"}]",
                JSON.valueToTree(removed.body()).path("Operations").toString());
        // a manager hrsync could not resolve (no MANAGER key) leaves the account's as it is
        assertEquals(VendorAction.NONE, ScimChanges.decide(ADA, managed, desired(ADA), List.of(), PATCH).action());
    }

    @Test
    void aJoinerIsCreatedAsAUserWithTheEnterpriseExtensionAndJoinsTheirGroupsAfterwards() throws Exception {
        ScimDecision decision = decide(ADA, null, PATCH, "g-eng", "g-all");
        assertEquals(VendorAction.CREATE, decision.action());
        assertEquals("POST", decision.httpMethod());
        JsonNode body = JSON.valueToTree(decision.body());
        assertEquals("[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + ENT + "\"]", body.path("schemas").toString());
        assertEquals("ada@example.com", body.path("userName").asText());
        assertEquals("E7", body.path("externalId").asText());
        assertEquals("Byron", body.path("name").path("familyName").asText());
        assertEquals("[{\"value\":\"ada@example.com\",\"type\":\"work\",\"primary\":true}]", body.path("emails").toString());
        assertEquals("Engineer", body.path("title").asText());
        assertEquals("{\"employeeNumber\":\"E7\",\"department\":\"Engineering\"}", body.path(ENT).toString());
        assertTrue(body.path("active").asBoolean());
        assertEquals(List.of("g-eng", "g-all"), decision.groupsToJoin());
    }

    @Test
    void onlyGroupsTheAccountIsNotInAreJoined() throws Exception {
        ScimDecision decision = decide(ADA, account("{}"), PATCH, "g-eng", "g-all");
        assertEquals(VendorAction.NONE, decision.action());
        assertEquals(List.of("g-all"), decision.groupsToJoin());
    }

    @Test
    void aLeaverIsDeactivatedWithActiveFalseNeverDeletedUnlessConfigured() throws Exception {
        ScimDecision patch = decide(ADA_LEFT, account("{}"), PATCH);
        assertEquals(VendorAction.DEACTIVATE, patch.action());
        assertEquals("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]",
                JSON.valueToTree(patch.body()).path("Operations").toString());
        assertEquals(List.of(), patch.groupsToJoin());

        ScimDecision delete = decide(ADA_LEFT, account("{}"), DELETE);
        assertEquals("DELETE", delete.httpMethod());
        assertNull(delete.body());
        assertEquals(List.of("deleted (hrsync.vendors.acme.leaver-action=delete)"), delete.notes());
        assertEquals("DELETE", decide(ADA_LEFT, account("{\"active\":false}"), DELETE).httpMethod(),
                "leaver-action=delete also removes an account already inactive");
    }

    @Test
    void withoutPatchTheAccountIsPutBackWholeWithTheOwnedAttributesMerged() throws Exception {
        ScimDecision update = decide(person("ada@example.com", "Ada", "Lovelace", "Engineering", PersonStatus.ACTIVE), account("{}"), PUT);
        assertEquals("PUT", update.httpMethod());
        JsonNode body = JSON.valueToTree(update.body());
        assertEquals("Lovelace", body.path("name").path("familyName").asText());
        assertEquals("kept, not hrsync's", body.path("nickName").asText(), "attributes hrsync does not own are kept");
        assertFalse(body.has("id") || body.has("meta") || body.has("groups"), "read-only attributes are not sent: " + body);
        assertTrue(body.path("active").asBoolean(), "a PUT without active would leave it to the server");

        ScimDecision leave = decide(ADA_LEFT, account("{}"), PUT);
        assertEquals("PUT", leave.httpMethod());
        assertFalse(JSON.valueToTree(leave.body()).path("active").asBoolean(true));
    }

    @Test
    void onlyAttributesARuleMayMapAreMappable() {
        assertTrue(ScimAttributes.mappable("title"));
        assertTrue(ScimAttributes.mappable(ENT + ":costCenter"));
        assertFalse(ScimAttributes.mappable("active"), "active is hrsync's lifecycle, not a mapping");
        assertFalse(ScimAttributes.mappable(ENT + ":manager"), "the manager is a reference hrsync resolves");
        assertFalse(ScimAttributes.mappable("password"));
    }

    @Test
    void theUserNameFilterIsQuotedAndEscaped() {
        assertEquals("filter=userName%20eq%20%22o%27neil%40example.com%22", ScimAccounts.userNameQuery("o'neil@example.com"));
        assertEquals("filter=userName%20eq%20%22a%5C%22b%40example.com%22", ScimAccounts.userNameQuery("a\"b@example.com"));
    }

    /** Operations with their keys in op, path, value order (what a reader compares). */
    private static JsonNode sortedKeys(JsonNode operations) {
        var out = JSON.createArrayNode();
        for (JsonNode op : operations) {
            var o = out.addObject();
            o.set("op", op.get("op"));
            o.set("path", op.get("path"));
            if (op.has("value")) {
                o.set("value", op.get("value"));
            }
        }
        return out;
    }
}
