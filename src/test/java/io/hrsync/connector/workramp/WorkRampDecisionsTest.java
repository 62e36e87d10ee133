package io.hrsync.connector.workramp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.connector.VendorRejectedException;
import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * WorkRamp's decisions as a table: a person and their account in, the action, the request body and
 * the notes out; no Camel, no WorkRamp. The tenant every row meets: groups Engineering (10) and All
 * Staff (11), no Legal group; Grace (7) manages Ada (42), Boss (8) manages nobody; Ada's custom
 * attributes are employee_id E42, title Engineer and cost_center CC-1 (which hrsync does not own),
 * and she is a member of Engineering only.
 */
class WorkRampDecisionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Engineering → [Engineering, All Staff], Legal → [Legal, All Staff]; employee_id and title written as attributes. */
    private static final VendorRules RULES = new VendorRules(null, null,
            Map.of("Engineering", List.of("Engineering", "All Staff"), "Legal", List.of("Legal", "All Staff")), null,
            ordered("employee_id", "employee_id", "title", "title"), List.of("employee_id", "title", "cost_center"), null);
    private static final WorkRampDecider DECIDER = new WorkRampDecider(RULES);

    private static final String ADA = """
            {"id":42,"email":"ada@example.com","name":"Ada Lovelace","isAdmin":true,"isDeleted":false}""";
    private static final String ADA_DEACTIVATED = """
            {"id":42,"email":"ada@example.com","name":"Ada Lovelace","isAdmin":true,"isDeleted":true}""";

    private static final Tenant TENANT = new Tenant(
            Map.of("Engineering", 10, "All Staff", 11),
            Map.of(10, Set.of(42), 11, Set.of()),
            Map.of("grace@example.com", json("{\"id\":7,\"email\":\"grace@example.com\",\"directReports\":[{\"id\":42}]}"),
                    "boss@example.com", json("{\"id\":8,\"email\":\"boss@example.com\",\"directReports\":[]}")),
            Map.of(42, Map.of("employee_id", "E42", "title", "Engineer", "cost_center", "CC-1")));

    static Stream<Arguments> decisions() {
        return Stream.of(
                row("joiner: created with email, name, isAdmin false, group ids and manager id; attributes wait for the id",
                        ada(), null,
                        write(VendorAction.CREATE, null,
                                "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':false,'groups':[10,11],'managers':[7]}")
                                .pending("employee_id", "E42", "title", "Engineer")),
                row("joiner without title or manager: no managers key, only the attributes that have a value",
                        ada().title(null).manager(null), null,
                        write(VendorAction.CREATE, null, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':false,'groups':[10,11]}")
                                .pending("employee_id", "E42")),
                row("joiner in a department the rules give no group: no groups key",
                        ada().department("Sales"), null,
                        write(VendorAction.CREATE, null, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':false,'managers':[7]}")
                                .pending("employee_id", "E42", "title", "Engineer")),
                row("joiner whose group is missing in WorkRamp: created in the groups that exist, the missing one skipped",
                        ada().department("Legal"), null,
                        write(VendorAction.CREATE, null,
                                "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':false,'groups':[11],'managers':[7]}")
                                .pending("employee_id", "E42", "title", "Engineer")
                                .skipped("group 'Legal' (mapped from department 'Legal') does not exist in WorkRamp: membership skipped")),
                row("joiner whose manager has no WorkRamp account yet: created without managers, noted",
                        ada().manager("new.boss@example.com"), null,
                        write(VendorAction.CREATE, null, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':false,'groups':[10,11]}")
                                .pending("employee_id", "E42", "title", "Engineer")
                                .notes("manager new.boss@example.com has no WorkRamp account yet")),
                row("on leave: keeps access, so a joiner on leave is created",
                        ada().status(PersonStatus.LEAVE), null,
                        write(VendorAction.CREATE, null,
                                "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':false,'groups':[10,11],'managers':[7]}")
                                .pending("employee_id", "E42", "title", "Engineer")),
                row("unchanged: nothing written",
                        ada(), ADA,
                        unchanged()),
                row("an email that differs only in case is no change",
                        ada(), ADA.replace("ada@example.com", "Ada@Example.COM"),
                        unchanged()),
                row("an end date still to come: access kept, unchanged",
                        ada().endDate(LocalDate.now().plusDays(1)), ADA,
                        unchanged()),
                row("name changed: the full core written back, isAdmin as the account has it",
                        ada().lastName("Byron"), ADA,
                        write(VendorAction.UPDATE, 42, "{'email':'ada@example.com','name':'Ada Byron','isAdmin':true,'isDeleted':false}")
                                .notes("changed: name")),
                row("email changed (the account was found under the previous one): the update moves it to the new email",
                        ada().email("ada.byron@example.com"), ADA,
                        write(VendorAction.UPDATE, 42,
                                "{'email':'ada.byron@example.com','name':'Ada Lovelace','isAdmin':true,'isDeleted':false}")
                                .notes("changed: email (was ada@example.com)")),
                row("attribute changed: only that one, merged with update_custom_attributes; cost_center untouched",
                        ada().title("Staff Engineer"), ADA,
                        write(VendorAction.UPDATE, 42, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':true,'isDeleted':false,"
                                + "'update_custom_attributes':{'title':'Staff Engineer'}}")
                                .notes("changed: attributes [title]")),
                row("attribute cleared in the HRIS: left as it is in WorkRamp (hrsync only writes values it has)",
                        ada().title(null), ADA,
                        unchanged()),
                row("manager changed: managerEmails, overwriting WorkRamp's",
                        ada().manager("boss@example.com"), ADA,
                        write(VendorAction.UPDATE, 42, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':true,'isDeleted':false,"
                                + "'managerEmails':['boss@example.com'],'overwriteManagerEmails':true}")
                                .notes("changed: manager")),
                row("manager without a WorkRamp account yet: noted, nothing written for it",
                        ada().manager("new.boss@example.com"), ADA,
                        unchanged().notes("manager new.boss@example.com has no WorkRamp account yet")),
                row("manager removed in the HRIS: left as it is in WorkRamp",
                        ada().manager(null), ADA,
                        unchanged()),
                row("everything changed: one update, the changes noted in order, attributes in the rules' order",
                        ada().employeeId("E43").email("ada.byron@example.com").lastName("Byron").title("Countess")
                                .manager("boss@example.com"), ADA,
                        write(VendorAction.UPDATE, 42, "{'email':'ada.byron@example.com','name':'Ada Byron','isAdmin':true,'isDeleted':false,"
                                + "'update_custom_attributes':{'employee_id':'E43','title':'Countess'},"
                                + "'managerEmails':['boss@example.com'],'overwriteManagerEmails':true}")
                                .notes("changed: email (was ada@example.com), name, attributes [employee_id, title], manager")),
                row("leaver with an account: deactivated with isDeleted true on the full core (never deleted)",
                        ada().status(PersonStatus.TERMINATED), ADA,
                        write(VendorAction.DEACTIVATE, 42, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':true,'isDeleted':true}")),
                row("end date reached: a leaver, though the status is still active",
                        ada().endDate(LocalDate.now()), ADA,
                        write(VendorAction.DEACTIVATE, 42, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':true,'isDeleted':true}")),
                row("leaver without an account: skipped",
                        ada().status(PersonStatus.TERMINATED), null,
                        outcome(Outcome.SKIPPED, null).notes("terminated; no WorkRamp account to deactivate")),
                row("leaver already deactivated: unchanged",
                        ada().status(PersonStatus.TERMINATED), ADA_DEACTIVATED,
                        outcome(Outcome.UNCHANGED, 42).notes("already deactivated")),
                row("rehire: the deactivated account is reactivated (isDeleted false), never created again",
                        ada(), ADA_DEACTIVATED,
                        write(VendorAction.REACTIVATE, 42, "{'email':'ada@example.com','name':'Ada Lovelace','isAdmin':true,'isDeleted':false}")),
                row("rehire under a new email: reactivated and moved, the email noted",
                        ada().email("ada.byron@example.com"), ADA_DEACTIVATED,
                        write(VendorAction.REACTIVATE, 42,
                                "{'email':'ada.byron@example.com','name':'Ada Lovelace','isAdmin':true,'isDeleted':false}")
                                .notes("changed: email (was ada@example.com)")),
                row("rehire with other changes: written in the same call, but only a moved email is noted",
                        ada().lastName("Byron").title("Countess").manager("boss@example.com"), ADA_DEACTIVATED,
                        write(VendorAction.REACTIVATE, 42, "{'email':'ada@example.com','name':'Ada Byron','isAdmin':true,'isDeleted':false,"
                                + "'update_custom_attributes':{'title':'Countess'},"
                                + "'managerEmails':['boss@example.com'],'overwriteManagerEmails':true}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decide(String row, PersonRow person, String account, Expected expected) throws JsonProcessingException {
        WorkRampDecision decision = DECIDER.decide(person.build(), account == null ? null : json(account), TENANT);

        assertEquals(expected.action(), decision.action());
        assertEquals(expected.outcome(), decision.outcome());
        assertEquals(expected.userId(), decision.userId());
        assertEquals(expected.userId() == null ? null : String.valueOf(expected.userId()), decision.vendorUserId());
        assertEquals(expected.body(), decision.body() == null ? null : JSON.writeValueAsString(decision.body()));
        assertEquals(List.copyOf(expected.pending().entrySet()), List.copyOf(decision.pendingAttributes().entrySet()));
        assertEquals(expected.skipped(), decision.skipped());
        assertEquals(expected.notes(), decision.notes());
        // the trap of WorkRamp's guide: custom_attributes replaces the whole map
        assertFalse(decision.body() != null && decision.body().containsKey("custom_attributes"), String.valueOf(decision.body()));
    }

    @Test
    void aLookupFindsNothingAsTheNullOfAJsonAnswer() {
        assertEquals(VendorAction.CREATE, DECIDER.decide(ada().build(), JSON.nullNode(), TENANT).action());
    }

    @Test
    void theAccountMovesFromItsEmailOnlyWhenThePersonKeepsAccessAndTheEmailDiffers() {
        assertEquals(Optional.of("ada@example.com"), WorkRampDecider.movedFrom(ada().email("ada.byron@example.com").build(), json(ADA)));
        assertEquals(Optional.of("ada@example.com"),
                WorkRampDecider.movedFrom(ada().email("ada.byron@example.com").build(), json(ADA_DEACTIVATED)), "rehire");
        assertEquals(Optional.empty(), WorkRampDecider.movedFrom(ada().build(), json(ADA)));
        assertEquals(Optional.empty(), WorkRampDecider.movedFrom(ada().build(), json(ADA.replace("ada@", "ADA@"))));
        assertEquals(Optional.empty(),
                WorkRampDecider.movedFrom(ada().email("ada.byron@example.com").status(PersonStatus.TERMINATED).build(), json(ADA)),
                "a leaver's deactivation does not move the run's directory");
        assertEquals(Optional.empty(), WorkRampDecider.movedFrom(ada().build(), null));
    }

    @Test
    void aJoinerJustCreatedGotTheirGroupsWithTheCreateAndNoMemberListIsRead() {
        WorkRampDecider.GroupIds missing = DECIDER.missingGroups(ada().build(), 99, VendorAction.CREATE, TENANT.withoutMemberLists());
        assertEquals(List.of(), missing.ids());
        assertEquals(List.of(), missing.skipped());
    }

    @Test
    void anExistingUserIsAddedToTheGroupsTheyAreNotInYet() {
        assertEquals(List.of(11), DECIDER.missingGroups(ada().build(), 42, VendorAction.NONE, TENANT).ids(), "in Engineering already");
        assertEquals(List.of(11), DECIDER.missingGroups(ada().build(), 42, VendorAction.UPDATE, TENANT).ids());
        assertEquals(List.of(11), DECIDER.missingGroups(ada().build(), 42, VendorAction.REACTIVATE, TENANT).ids());
        assertEquals(List.of(10, 11), DECIDER.missingGroups(ada().build(), 43, VendorAction.NONE, TENANT).ids(), "in neither");
    }

    @Test
    void aGroupMissingInWorkRampIsSkippedAndTheOthersStillChecked() {
        WorkRampDecider.GroupIds missing = DECIDER.missingGroups(ada().department("Legal").build(), 42, VendorAction.NONE, TENANT);
        assertEquals(List.of(11), missing.ids());
        assertEquals(List.of("group 'Legal' (mapped from department 'Legal') does not exist in WorkRamp: membership skipped"),
                missing.skipped());
    }

    @Test
    void leaversAndPeopleWithoutAnAccountJoinNoGroup() {
        Tenant unread = TENANT.withoutMemberLists();
        assertEquals(List.of(), DECIDER.missingGroups(ada().status(PersonStatus.TERMINATED).build(), 42, VendorAction.DEACTIVATE, unread).ids());
        assertEquals(List.of(), DECIDER.missingGroups(ada().build(), null, VendorAction.NONE, unread).ids());
        assertEquals(List.of(), DECIDER.missingGroups(ada().department("Sales").build(), 42, VendorAction.NONE, unread).ids(),
                "no group for the department");
    }

    @Test
    void bodiesAfterTheDecision() throws JsonProcessingException {
        assertEquals("{\"update_custom_attributes\":{\"employee_id\":\"E42\",\"title\":\"Engineer\"}}",
                JSON.writeValueAsString(WorkRampDecider.pendingAttributesBody(ordered("employee_id", "E42", "title", "Engineer"))),
                "a joiner's attributes are merged, never the replacing custom_attributes");
        assertEquals("{\"userId\":42}", JSON.writeValueAsString(WorkRampDecider.membershipBody(42)));
    }

    @Test
    void groupNamesForTheNotes() {
        assertEquals("All Staff", WorkRampDecider.groupName(TENANT.groups(), 11));
        assertEquals("99", WorkRampDecider.groupName(TENANT.groups(), 99), "a group the run does not know is named by its id");
    }

    @Test
    void theLookupIncludesDeletedUsersSoARehireIsFoundNotCreatedTwice() {
        assertEquals(Set.of("email=ada%2Bwr%40example.com", "limit=1", "includeDeleted=true"),
                Set.of(WorkRampDecisions.emailQuery("ada+wr@example.com").split("&")));
    }

    @Test
    void aLookupAnswerGivesTheUserWithTheVeryEmailAsked() {
        String answer = "[{\"id\":1,\"email\":\"first.of.tenant@example.com\"},{\"id\":42,\"email\":\"ADA@example.com\"}]";
        assertEquals(42, WorkRampDecisions.userWithEmail(answer, "ada@example.com").path("id").asInt());
        assertNull(WorkRampDecisions.userWithEmail(answer, "bob@example.com"), "a filter WorkRamp ignored finds nobody");
        assertNull(WorkRampDecisions.userWithEmail("[]", "ada@example.com"));
        assertThrows(VendorRejectedException.class, () -> WorkRampDecisions.userWithEmail("{\"users\":[]}", "ada@example.com"));
        assertThrows(VendorRejectedException.class, () -> WorkRampDecisions.userWithEmail("", "ada@example.com"));
    }

    // ---- the table's vocabulary

    private static Arguments row(String name, PersonRow person, String account, Expected expected) {
        return Arguments.of(name, person, account, expected);
    }

    /** A write: the action, the account's id (null for a joiner), the body in single-quoted JSON, in the order sent. */
    private static Expected write(VendorAction action, Integer userId, String body) {
        return new Expected(action, null, userId, body.replace('\'', '"'), Map.of(), List.of(), List.of());
    }

    private static Expected outcome(Outcome outcome, Integer userId) {
        return new Expected(VendorAction.NONE, outcome, userId, null, Map.of(), List.of(), List.of());
    }

    private static Expected unchanged() {
        return outcome(Outcome.UNCHANGED, 42);
    }

    record Expected(VendorAction action, Outcome outcome, Integer userId, String body, Map<String, String> pending,
            List<String> skipped, List<String> notes) {

        Expected pending(String... nameValues) {
            return new Expected(action, outcome, userId, body, ordered(nameValues), skipped, notes);
        }

        Expected skipped(String... texts) {
            return new Expected(action, outcome, userId, body, pending, Arrays.asList(texts), notes);
        }

        Expected notes(String... texts) {
            return new Expected(action, outcome, userId, body, pending, skipped, Arrays.asList(texts));
        }
    }

    /** Ada Lovelace (E42), Engineering, Engineer, managed by Grace, active; each row changes what it is about. */
    private static PersonRow ada() {
        return new PersonRow("E42", "ada@example.com", "Lovelace", "Engineering", "Engineer", "grace@example.com",
                PersonStatus.ACTIVE, null);
    }

    record PersonRow(String employeeId, String email, String lastName, String department, String title, String manager,
            PersonStatus status, LocalDate endDate) {

        PersonRow employeeId(String value) {
            return new PersonRow(value, email, lastName, department, title, manager, status, endDate);
        }

        PersonRow email(String value) {
            return new PersonRow(employeeId, value, lastName, department, title, manager, status, endDate);
        }

        PersonRow lastName(String value) {
            return new PersonRow(employeeId, email, value, department, title, manager, status, endDate);
        }

        PersonRow department(String value) {
            return new PersonRow(employeeId, email, lastName, value, title, manager, status, endDate);
        }

        PersonRow title(String value) {
            return new PersonRow(employeeId, email, lastName, department, value, manager, status, endDate);
        }

        PersonRow manager(String value) {
            return new PersonRow(employeeId, email, lastName, department, title, value, status, endDate);
        }

        PersonRow status(PersonStatus value) {
            return new PersonRow(employeeId, email, lastName, department, title, manager, value, endDate);
        }

        PersonRow endDate(LocalDate value) {
            return new PersonRow(employeeId, email, lastName, department, title, manager, status, value);
        }

        Person build() {
            return new Person(employeeId, email, "Ada", lastName, department, title, manager, "London", null, endDate, status);
        }
    }

    /** The tenant as maps; {@code memberLists} false makes reading a member list fail the test. */
    record Tenant(Map<String, Integer> groups, Map<Integer, Set<Integer>> memberLists, Map<String, JsonNode> users,
            Map<Integer, Map<String, String>> attributesById) implements WorkRampTenant {

        Tenant withoutMemberLists() {
            return new Tenant(groups, null, users, attributesById);
        }

        @Override
        public Set<Integer> members(int groupId) {
            if (memberLists == null) {
                throw new AssertionError("read the members of group " + groupId);
            }
            return memberLists.getOrDefault(groupId, Set.of());
        }

        @Override
        public Optional<JsonNode> user(String email) {
            return Optional.ofNullable(users.get(email));
        }

        @Override
        public Map<String, String> attributes(int userId) {
            return attributesById.getOrDefault(userId, Map.of());
        }
    }

    private static Map<String, String> ordered(String... nameValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
