package io.hrsync.connector.workiva;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * Workiva's decisions as a table: a person and their account in, the action, the create body, the
 * JSON Patch, the SCIM change and the notes out; no Camel, no Workiva. The workspace every row meets
 * (ws-7) has the group Finance Reporting (g-fin), whose one member is Emma (u-1), and no Leadership
 * group; the rules map Finance to Finance Reporting and Executive to Leadership.
 */
class WorkivaDecisionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RULES_FILE = Path.of("config/provisioning-rules.yaml");
    private static final VendorRules RULES = new VendorRules(null, null,
            Map.of("Finance", List.of("Finance Reporting"), "Executive", List.of("Leadership")), null, null, null, null);
    private static final WorkivaDecider DECIDER = new WorkivaDecider(RULES, RULES_FILE);
    private static final Workspace WORKSPACE = new Workspace("ws-7", Map.of("Finance Reporting", "g-fin"),
            Map.of("g-fin", Set.of("u-1")));

    /** The REST paths Workiva lets a JSON Patch replace (the 2026-01-01 spec). */
    private static final Set<String> REPLACEABLE = Set.of("/givenName", "/familyName", "/displayName", "/username", "/email");

    private static final String EMMA = """
            {"id":"u-1","email":"emma@example.com","username":"emma@example.com","givenName":"Emma",\
            "familyName":"Johansson","displayName":"Emma Johansson","status":"active"}""";
    private static final String EMMA_SUSPENDED = EMMA.replace("\"active\"", "\"suspended\"");
    private static final String LEADERSHIP_SKIPPED = "group 'Leadership' (mapped from department 'Executive' in "
            + RULES_FILE + ") does not exist in Workiva workspace ws-7: membership skipped";

    static Stream<Arguments> decisions() {
        return Stream.of(
                row("joiner: created with email, username (the email), given, family and display name",
                        emma(), null,
                        change(VendorAction.CREATE, null).create("{'email':'emma@example.com','username':'emma@example.com',"
                                + "'givenName':'Emma','familyName':'Johansson','displayName':'Emma Johansson'}")),
                row("joiner whose group the workspace lacks: created all the same, the group skipped and noted",
                        emma().department("Executive"), null,
                        change(VendorAction.CREATE, null).create("{'email':'emma@example.com','username':'emma@example.com',"
                                + "'givenName':'Emma','familyName':'Johansson','displayName':'Emma Johansson'}")
                                .skipped(LEADERSHIP_SKIPPED)),
                row("on leave: keeps access, so a joiner on leave is created",
                        emma().status(PersonStatus.LEAVE), null,
                        change(VendorAction.CREATE, null).create("{'email':'emma@example.com','username':'emma@example.com',"
                                + "'givenName':'Emma','familyName':'Johansson','displayName':'Emma Johansson'}")),
                row("unchanged: nothing sent",
                        emma(), EMMA,
                        unchanged()),
                row("an email that differs only in case is no change",
                        emma(), EMMA.replace("\"email\":\"emma@example.com\"", "\"email\":\"Emma@Example.com\""),
                        unchanged()),
                row("an end date still to come: access kept, unchanged",
                        emma().endDate(LocalDate.now().plusDays(1)), EMMA,
                        unchanged()),
                row("existing user whose group the workspace lacks: the group skipped and noted, nothing else",
                        emma().department("Executive"), EMMA,
                        unchanged().skipped(LEADERSHIP_SKIPPED)),
                row("family name changed: a replace of it and of the display name, nothing else",
                        emma().lastName("Lind"), EMMA,
                        change(VendorAction.UPDATE, "u-1")
                                .patch("[{'op':'replace','path':'/familyName','value':'Lind'},"
                                        + "{'op':'replace','path':'/displayName','value':'Emma Lind'}]")
                                .notes("changed: familyName, displayName")),
                row("given name changed: a replace of it and of the display name",
                        emma().firstName("Emmy"), EMMA,
                        change(VendorAction.UPDATE, "u-1")
                                .patch("[{'op':'replace','path':'/givenName','value':'Emmy'},"
                                        + "{'op':'replace','path':'/displayName','value':'Emmy Johansson'}]")
                                .notes("changed: givenName, displayName")),
                row("a display name Workiva has none of is set",
                        emma(), EMMA.replace(",\"displayName\":\"Emma Johansson\"", ""),
                        change(VendorAction.UPDATE, "u-1")
                                .patch("[{'op':'replace','path':'/displayName','value':'Emma Johansson'}]")
                                .notes("changed: displayName")),
                row("email changed, the username was the old email: both move to the new email",
                        emma().email("emma.lind@example.com"), EMMA,
                        change(VendorAction.UPDATE, "u-1")
                                .patch("[{'op':'replace','path':'/email','value':'emma.lind@example.com'},"
                                        + "{'op':'replace','path':'/username','value':'emma.lind@example.com'}]")
                                .notes("changed: email (was emma@example.com), username")),
                row("email changed, the username is a login of its own: only the email moves",
                        emma().email("emma.lind@example.com"), EMMA.replace("\"username\":\"emma@example.com\"", "\"username\":\"ejohansson\""),
                        change(VendorAction.UPDATE, "u-1")
                                .patch("[{'op':'replace','path':'/email','value':'emma.lind@example.com'}]")
                                .notes("changed: email (was emma@example.com)")),
                row("leaver with an active account: suspended through SCIM (active false), no REST write, never deleted",
                        emma().status(PersonStatus.TERMINATED), EMMA,
                        change(VendorAction.DEACTIVATE, "u-1").active(false)
                                .notes("suspended (SCIM active=false); the account is kept")),
                row("end date reached: a leaver, though the status is still active",
                        emma().endDate(LocalDate.now()), EMMA,
                        change(VendorAction.DEACTIVATE, "u-1").active(false)
                                .notes("suspended (SCIM active=false); the account is kept")),
                row("leaver whose names changed and whose group the workspace lacks: suspended only, no patch, no group note",
                        emma().status(PersonStatus.TERMINATED).lastName("Lind").department("Executive"), EMMA,
                        change(VendorAction.DEACTIVATE, "u-1").active(false)
                                .notes("suspended (SCIM active=false); the account is kept")),
                row("leaver without an account: skipped",
                        emma().status(PersonStatus.TERMINATED), null,
                        outcome(Outcome.SKIPPED, null).notes("terminated; no Workiva account to suspend")),
                row("leaver already suspended: unchanged",
                        emma().status(PersonStatus.TERMINATED), EMMA_SUSPENDED,
                        outcome(Outcome.UNCHANGED, "u-1").notes("already suspended")),
                row("rehire: the suspended account is reactivated through SCIM (active true), never created again",
                        emma(), EMMA_SUSPENDED,
                        change(VendorAction.REACTIVATE, "u-1").active(true).notes("suspended account reactivated")),
                row("rehire whose status Workiva writes in capitals: reactivated",
                        emma(), EMMA.replace("\"active\"", "\"SUSPENDED\""),
                        change(VendorAction.REACTIVATE, "u-1").active(true).notes("suspended account reactivated")),
                row("rehire with a new family name: reactivated through SCIM and patched over REST, both noted",
                        emma().lastName("Lind"), EMMA_SUSPENDED,
                        change(VendorAction.REACTIVATE, "u-1").active(true)
                                .patch("[{'op':'replace','path':'/familyName','value':'Lind'},"
                                        + "{'op':'replace','path':'/displayName','value':'Emma Lind'}]")
                                .notes("suspended account reactivated; changed: familyName, displayName")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decide(String row, PersonRow person, String account, Expected expected) throws JsonProcessingException {
        WorkivaDecision decision = DECIDER.decide(person.build(), account == null ? null : json(account), WORKSPACE);
        assertDecision(expected, decision);
    }

    @Test
    void aCreateAnswered409ContinuesAsAnUpdateOfTheUserFoundUnderTheEmail() throws JsonProcessingException {
        String conflict = "already in Workiva (create answered 409), continued as an update";
        assertDecision(change(VendorAction.UPDATE, "u-1")
                .patch("[{'op':'replace','path':'/familyName','value':'Lind'},{'op':'replace','path':'/displayName','value':'Emma Lind'}]")
                .notes(conflict, "changed: familyName, displayName"),
                DECIDER.continueAsUpdate(emma().lastName("Lind").build(), json(EMMA)));
        assertDecision(unchanged().notes(conflict), DECIDER.continueAsUpdate(emma().build(), json(EMMA)));
        assertDecision(change(VendorAction.REACTIVATE, "u-1").active(true).notes(conflict, "suspended account reactivated"),
                DECIDER.continueAsUpdate(emma().build(), json(EMMA_SUSPENDED)));
    }

    @Test
    void aUserCreatedJustNowJoinsEveryGroupWithoutAMemberListRead() {
        WorkivaDecider.GroupIds missing = DECIDER.missingGroups(emma().build(), "u-9", VendorAction.CREATE, WORKSPACE.withoutMemberLists());
        assertEquals(List.of("g-fin"), missing.ids());
        assertEquals(List.of(), missing.skipped());
    }

    @Test
    void anExistingUserJoinsOnlyTheGroupsTheyAreNotInYet() {
        assertEquals(List.of(), DECIDER.missingGroups(emma().build(), "u-1", VendorAction.NONE, WORKSPACE).ids(), "a member already");
        assertEquals(List.of("g-fin"), DECIDER.missingGroups(emma().build(), "u-2", VendorAction.UPDATE, WORKSPACE).ids());
        assertEquals(List.of("g-fin"), DECIDER.missingGroups(emma().build(), "u-2", VendorAction.REACTIVATE, WORKSPACE).ids());
    }

    @Test
    void aGroupTheWorkspaceLacksIsSkippedNotJoined() {
        WorkivaDecider.GroupIds missing = DECIDER.missingGroups(emma().department("Executive").build(), "u-1", VendorAction.NONE,
                WORKSPACE);
        assertEquals(List.of(), missing.ids());
        assertEquals(List.of(LEADERSHIP_SKIPPED), missing.skipped());
    }

    @Test
    void leaversAndPeopleWithoutAnAccountJoinNoGroup() {
        Workspace unread = WORKSPACE.withoutMemberLists();
        assertEquals(List.of(), DECIDER.missingGroups(emma().status(PersonStatus.TERMINATED).build(), "u-1", VendorAction.DEACTIVATE,
                unread).ids());
        assertEquals(List.of(), DECIDER.missingGroups(emma().build(), null, VendorAction.NONE, unread).ids());
        assertEquals(List.of(), DECIDER.missingGroups(emma().department("Legal").build(), "u-1", VendorAction.NONE, unread).ids(),
                "no group for the department");
    }

    @Test
    void suspensionAndReactivationAreScimPatchesOfActive() throws JsonProcessingException {
        assertEquals("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
                JSON.writeValueAsString(WorkivaDecider.scimActiveBody(false)));
        assertEquals("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}",
                JSON.writeValueAsString(WorkivaDecider.scimActiveBody(true)));
    }

    @Test
    void aMembershipChangeAddsTheUserAndRemovesNobody() throws JsonProcessingException {
        assertEquals("{\"toAdd\":[\"u-1\"],\"toRemove\":[]}", JSON.writeValueAsString(WorkivaDecider.membershipBody("u-1")));
    }

    @Test
    void groupNamesForTheNotes() {
        assertEquals("Finance Reporting", WorkivaDecider.groupName(WORKSPACE.groups(), "g-fin"));
        assertEquals("g-other", WorkivaDecider.groupName(WORKSPACE.groups(), "g-other"), "a group the run does not know is named by its id");
    }

    @Test
    void theLookupFiltersByTheEmailWithItsQuotesDoubled() {
        assertEquals("$filter=email%20eq%20%27o%27%27neil.grace%40example.com%27", WorkivaDirectory.emailQuery("o'neil.grace@example.com"));
    }

    @Test
    void aLookupAnswerGivesTheUserWithTheVeryEmailAsked() {
        String answer = "{\"data\":[{\"id\":\"u-0\",\"email\":\"first.of.org@example.com\"},{\"id\":\"u-1\",\"email\":\"EMMA@example.com\"}]}";
        assertEquals("u-1", WorkivaDecisions.userWithEmail(answer, "emma@example.com").path("id").asText());
        assertNull(WorkivaDecisions.userWithEmail(answer, "bob@example.com"), "a filter Workiva ignored finds nobody");
        assertNull(WorkivaDecisions.userWithEmail("{\"data\":[]}", "emma@example.com"));
        assertNull(WorkivaDecisions.userWithEmail("", "emma@example.com"));
    }

    private static void assertDecision(Expected expected, WorkivaDecision decision) throws JsonProcessingException {
        assertEquals(expected.action(), decision.action());
        assertEquals(expected.outcome(), decision.outcome());
        assertEquals(expected.userId(), decision.userId());
        assertEquals(expected.createBody(), decision.createBody() == null ? null : JSON.writeValueAsString(decision.createBody()));
        assertEquals(expected.patch(), JSON.writeValueAsString(decision.patch()));
        assertEquals(expected.active(), decision.scimActive());
        assertEquals(expected.skipped(), decision.skipped());
        assertEquals(expected.notes(), decision.notes());
        // Workiva's REST patch replaces only these fields; status is read-only there (suspension is SCIM's)
        for (Map<String, String> op : decision.patch()) {
            assertEquals("replace", op.get("op"), op.toString());
            assertTrue(REPLACEABLE.contains(op.get("path")), op.toString());
        }
    }

    // ---- the table's vocabulary

    private static Arguments row(String name, PersonRow person, String account, Expected expected) {
        return Arguments.of(name, person, account, expected);
    }

    private static Expected change(VendorAction action, String userId) {
        return new Expected(action, null, userId, null, "[]", null, List.of(), List.of());
    }

    private static Expected outcome(Outcome outcome, String userId) {
        return new Expected(VendorAction.NONE, outcome, userId, null, "[]", null, List.of(), List.of());
    }

    private static Expected unchanged() {
        return outcome(Outcome.UNCHANGED, "u-1");
    }

    /** Bodies in single-quoted JSON, in the order sent. */
    record Expected(VendorAction action, Outcome outcome, String userId, String createBody, String patch, Boolean active,
            List<String> skipped, List<String> notes) {

        Expected create(String body) {
            return new Expected(action, outcome, userId, body.replace('\'', '"'), patch, active, skipped, notes);
        }

        Expected patch(String ops) {
            return new Expected(action, outcome, userId, createBody, ops.replace('\'', '"'), active, skipped, notes);
        }

        Expected active(boolean value) {
            return new Expected(action, outcome, userId, createBody, patch, value, skipped, notes);
        }

        Expected skipped(String... texts) {
            return new Expected(action, outcome, userId, createBody, patch, active, Arrays.asList(texts), notes);
        }

        Expected notes(String... texts) {
            return new Expected(action, outcome, userId, createBody, patch, active, skipped, Arrays.asList(texts));
        }
    }

    /** Emma Johansson (E1014), Finance, Controller, active; each row changes what it is about. */
    private static PersonRow emma() {
        return new PersonRow("emma@example.com", "Emma", "Johansson", "Finance", PersonStatus.ACTIVE, null);
    }

    record PersonRow(String email, String firstName, String lastName, String department, PersonStatus status, LocalDate endDate) {

        PersonRow email(String value) {
            return new PersonRow(value, firstName, lastName, department, status, endDate);
        }

        PersonRow firstName(String value) {
            return new PersonRow(email, value, lastName, department, status, endDate);
        }

        PersonRow lastName(String value) {
            return new PersonRow(email, firstName, value, department, status, endDate);
        }

        PersonRow department(String value) {
            return new PersonRow(email, firstName, lastName, value, status, endDate);
        }

        PersonRow status(PersonStatus value) {
            return new PersonRow(email, firstName, lastName, department, value, endDate);
        }

        PersonRow endDate(LocalDate value) {
            return new PersonRow(email, firstName, lastName, department, status, value);
        }

        Person build() {
            return new Person("E1014", email, firstName, lastName, department, "Controller", null, "Stockholm", null, endDate, status);
        }
    }

    /** The workspace as maps; without member lists, reading one fails the test. */
    record Workspace(String id, Map<String, String> groups, Map<String, Set<String>> memberLists) implements WorkivaWorkspace {

        Workspace withoutMemberLists() {
            return new Workspace(id, groups, null);
        }

        @Override
        public Set<String> members(String groupId) {
            if (memberLists == null) {
                throw new AssertionError("read the members of group " + groupId);
            }
            return memberLists.getOrDefault(groupId, Set.of());
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
