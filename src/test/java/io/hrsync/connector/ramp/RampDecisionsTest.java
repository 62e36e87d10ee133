package io.hrsync.connector.ramp;

import io.hrsync.connector.DecisionNote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hrsync.connector.VendorRejectedException;
import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;

/**
 * Ramp's decisions as tables, without Camel: a person (Priya, an engineer in Berlin reporting to Jonas,
 * with one field changed per row) and the Ramp user found for her (or none) → the action, the outcome
 * of a decision without a write, the request body and the row's notes (shared/vendors/ramp.md: the
 * owner is never touched, deactivation only when configuration allows it, email cannot change,
 * creation is a deferred invite).
 */
class RampDecisionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ramp's default role for HR people, and Finance as bookkeepers (a role by department). */
    static final VendorRules RULES = new VendorRules(null,
            new VendorRules.Roles(null, Map.of("Finance", "BUSINESS_BOOKKEEPER"), Map.of("Controller", "BUSINESS_ADMIN")),
            null, null, null, null, false);
    static final VendorRules CREATING_REFERENCES = new VendorRules(null, null, null, null, null, null, true);

    static final String NOT_IN_RAMP = " (create it in Ramp, or set ramp.createMissingReferences: true in the provisioning rules)";
    static final String SKIPPED = "[skipped] ";

    // ---- decide ----------------------------------------------------------------------------------

    static Stream<Row> decisions() {
        return Stream.of(
                // joiners: an invite (deferred task) with what Ramp has of their department, location and manager
                row("joiner: invite with role, department, location, manager and employee_id").person().noAccount()
                        .expect(VendorAction.CREATE, null).body("{'email':'priya.nair@example.com','first_name':'Priya',"
                                + "'last_name':'Nair','role':'BUSINESS_USER','department_id':'d-eng','location_id':'l-ber',"
                                + "'direct_manager_id':'u-jonas','employee_id':'E1003'}"),
                row("joiner in Finance: the role by department").person("department", "Finance").noAccount()
                        .expect(VendorAction.CREATE, null).body("{'email':'priya.nair@example.com','first_name':'Priya',"
                                + "'last_name':'Nair','role':'BUSINESS_BOOKKEEPER','department_id':'d-fin','location_id':'l-ber',"
                                + "'direct_manager_id':'u-jonas','employee_id':'E1003'}"),
                row("joiner with a title mapped: the role by title wins").person("department", "Finance", "title", "Controller")
                        .noAccount().expect(VendorAction.CREATE, null).body("{'email':'priya.nair@example.com',"
                                + "'first_name':'Priya','last_name':'Nair','role':'BUSINESS_ADMIN','department_id':'d-fin',"
                                + "'location_id':'l-ber','direct_manager_id':'u-jonas','employee_id':'E1003'}"),
                row("joiner without department, location or manager: only what HR has").person("department", null,
                        "location", null, "manager_email", null).noAccount().expect(VendorAction.CREATE, null)
                        .body("{'email':'priya.nair@example.com','first_name':'Priya','last_name':'Nair','role':'BUSINESS_USER',"
                                + "'employee_id':'E1003'}"),
                row("joiner in a department Ramp lacks: invited without it, noted as skipped").person("department", "Atlantis")
                        .noAccount().expect(VendorAction.CREATE, null)
                        .body("{'email':'priya.nair@example.com','first_name':'Priya','last_name':'Nair','role':'BUSINESS_USER',"
                                + "'location_id':'l-ber','direct_manager_id':'u-jonas','employee_id':'E1003'}")
                        .notes(SKIPPED + "department 'Atlantis' does not exist in Ramp: department not set" + NOT_IN_RAMP),
                row("joiner in a location Ramp lacks while creating references is on (its creation did not stick)")
                        .rules(CREATING_REFERENCES).person("location", "Atlantis").noAccount().expect(VendorAction.CREATE, null)
                        .body("{'email':'priya.nair@example.com','first_name':'Priya','last_name':'Nair','role':'BUSINESS_USER',"
                                + "'department_id':'d-eng','direct_manager_id':'u-jonas','employee_id':'E1003'}")
                        .notes(SKIPPED + "location 'Atlantis' does not exist in Ramp: location not set"),
                row("joiner whose manager has no Ramp account: invited without a manager, noted")
                        .person("manager_email", "nobody@example.com").noAccount().expect(VendorAction.CREATE, null)
                        .body("{'email':'priya.nair@example.com','first_name':'Priya','last_name':'Nair','role':'BUSINESS_USER',"
                                + "'department_id':'d-eng','location_id':'l-ber','employee_id':'E1003'}")
                        .notes("manager nobody@example.com has no Ramp account: direct manager not set"),
                row("joiner whose manager Ramp lists without an id: no manager, noted")
                        .person("manager_email", "no.id@example.com").noAccount().expect(VendorAction.CREATE, null)
                        .body("{'email':'priya.nair@example.com','first_name':'Priya','last_name':'Nair','role':'BUSINESS_USER',"
                                + "'department_id':'d-eng','location_id':'l-ber','employee_id':'E1003'}")
                        .notes("manager no.id@example.com has no Ramp account: direct manager not set"),
                row("joiner who is their own manager (the CEO): no manager, nothing noted")
                        .person("manager_email", "Priya.Nair@example.com").noAccount().expect(VendorAction.CREATE, null)
                        .body("{'email':'priya.nair@example.com','first_name':'Priya','last_name':'Nair','role':'BUSINESS_USER',"
                                + "'department_id':'d-eng','location_id':'l-ber','employee_id':'E1003'}"),
                row("a found user without an id is no account: a joiner").person().account("id", null)
                        .expect(VendorAction.CREATE, null).body("{'email':'priya.nair@example.com','first_name':'Priya',"
                                + "'last_name':'Nair','role':'BUSINESS_USER','department_id':'d-eng','location_id':'l-ber',"
                                + "'direct_manager_id':'u-jonas','employee_id':'E1003'}"),
                row("on leave keeps access: invited").person("status", "leave").noAccount()
                        .expect(VendorAction.CREATE, null).body("{'email':'priya.nair@example.com','first_name':'Priya',"
                                + "'last_name':'Nair','role':'BUSINESS_USER','department_id':'d-eng','location_id':'l-ber',"
                                + "'direct_manager_id':'u-jonas','employee_id':'E1003'}"),

                // people Ramp has: a PATCH of only what differs (never email, never status)
                row("unchanged: nothing to write").person().account().expect(VendorAction.NONE, Outcome.UNCHANGED),
                row("name change: first and last name").person("first_name", "Pri", "last_name", "Nair-Shah").account()
                        .expect(VendorAction.UPDATE, null).body("{'first_name':'Pri','last_name':'Nair-Shah'}")
                        .notes("changed: first name, last name"),
                row("a name HR does not have is left as Ramp has it").person("last_name", null).account("last_name", "Nair")
                        .expect(VendorAction.NONE, Outcome.UNCHANGED),
                row("role change: the rules' role for the new department").person("department", "Finance").account()
                        .expect(VendorAction.UPDATE, null).body("{'role':'BUSINESS_BOOKKEEPER','department_id':'d-fin'}")
                        .notes("changed: role BUSINESS_BOOKKEEPER, department Finance"),
                row("Ramp's owner: the role is never changed, and that is noted").person().account("role", "BUSINESS_OWNER")
                        .expect(VendorAction.NONE, Outcome.UNCHANGED)
                        .notes("role BUSINESS_OWNER left as is (Ramp's owner is never changed by hrsync)"),
                row("Ramp's owner with a new name: the name only").person("first_name", "Pri").account("role", "BUSINESS_OWNER")
                        .expect(VendorAction.UPDATE, null).body("{'first_name':'Pri'}")
                        .notes("role BUSINESS_OWNER left as is (Ramp's owner is never changed by hrsync)", "changed: first name"),
                row("department and location change: Ramp's ids").person("department", "Sales", "location", "London").account()
                        .expect(VendorAction.UPDATE, null).body("{'department_id':'d-sales','location_id':'l-lon'}")
                        .notes("changed: department Sales, location London"),
                row("department Ramp lacks on an update: left as it is, noted as skipped").person("department", "Atlantis")
                        .account().expect(VendorAction.NONE, Outcome.UNCHANGED)
                        .notes(SKIPPED + "department 'Atlantis' does not exist in Ramp: department not set" + NOT_IN_RAMP),
                row("manager change: the new manager's Ramp id").person("manager_email", "maya.chen@example.com").account()
                        .expect(VendorAction.UPDATE, null).body("{'direct_manager_id':'u-maya'}")
                        .notes("changed: manager maya.chen@example.com"),
                row("a manager email that finds the person's own Ramp user: no manager").person("manager_email",
                        "priya.old@example.com").account().expect(VendorAction.NONE, Outcome.UNCHANGED)
                        .notes("manager priya.old@example.com has no Ramp account: direct manager not set"),
                row("employee_id change").person("employee_id", "E2003").account().expect(VendorAction.UPDATE, null)
                        .body("{'employee_id':'E2003'}").notes("changed: employee_id"),
                row("email change: noted for an admin, never sent; the run knows the user under the HRIS email")
                        .person("email", "priya.shah@example.com", "last_name", "Shah").account()
                        .expect(VendorAction.UPDATE, null).body("{'last_name':'Shah'}").rampEmail("priya.nair@example.com")
                        .notes("email in the HRIS is priya.shah@example.com but priya.nair@example.com in Ramp;"
                                + " Ramp's API cannot change an email: change it in Ramp by hand", "changed: last name"),
                row("an email differing only in case is no change").person().account("email", "Priya.Nair@Example.com")
                        .expect(VendorAction.NONE, Outcome.UNCHANGED),
                row("invite expired: noted, nothing written").person().account("status", "INVITE_EXPIRED")
                        .expect(VendorAction.NONE, Outcome.UNCHANGED).notes("Ramp's invite expired: resend it from Ramp"),
                row("suspended: left suspended, a name change still written").person("first_name", "Pri")
                        .account("status", "USER_SUSPENDED").expect(VendorAction.UPDATE, null).body("{'first_name':'Pri'}")
                        .notes("suspended in Ramp: left suspended", "changed: first name"),

                // rehires: the deactivated user is reactivated, never invited again
                row("rehire: reactivated").person().account("status", "USER_INACTIVE")
                        .expect(VendorAction.REACTIVATE, null).notes("reactivated (rehire)"),
                row("rehire with changes: reactivated, then patched").person("department", "Sales", "manager_email",
                        "maya.chen@example.com").account("status", "USER_INACTIVE").expect(VendorAction.REACTIVATE, null)
                        .body("{'department_id':'d-sales','direct_manager_id':'u-maya'}")
                        .notes("reactivated (rehire); changed: department Sales, manager maya.chen@example.com"),

                // leavers: deactivated only when there is an active account and configuration allows it
                row("leaver without a Ramp account: skipped").person("status", "terminated").noAccount()
                        .expect(VendorAction.NONE, Outcome.SKIPPED).notes("terminated; no Ramp account to deactivate"),
                row("leaver whose found user has no id: skipped").person("status", "terminated").account("id", null)
                        .expect(VendorAction.NONE, Outcome.SKIPPED).notes("terminated; no Ramp account to deactivate"),
                row("leaver: deactivated").person("status", "terminated").account().expect(VendorAction.DEACTIVATE, null),
                row("leaver by end date (status still active): deactivated").person("end_date", "yesterday").account()
                        .expect(VendorAction.DEACTIVATE, null),
                row("leaver whose end date is tomorrow: still a colleague").person("end_date", "tomorrow").account()
                        .expect(VendorAction.NONE, Outcome.UNCHANGED),
                row("leaver already deactivated: unchanged").person("status", "terminated").account("status", "USER_INACTIVE")
                        .expect(VendorAction.NONE, Outcome.UNCHANGED).notes("already deactivated"),
                row("leaver, deactivation disabled by configuration: skipped, status left").person("status", "terminated")
                        .account().deactivation(false).expect(VendorAction.NONE, Outcome.SKIPPED)
                        .notes("deactivation disabled by configuration (hrsync.vendors.ramp.allow-deactivation=false);"
                                + " Ramp status USER_ACTIVE left as is"),
                row("leaver already deactivated, deactivation disabled: unchanged").person("status", "terminated")
                        .account("status", "USER_INACTIVE").deactivation(false).expect(VendorAction.NONE, Outcome.UNCHANGED)
                        .notes("already deactivated"),
                row("leaver under another email in Ramp: noted, deactivated; not re-keyed").person("status", "terminated",
                        "email", "priya.shah@example.com").account().expect(VendorAction.DEACTIVATE, null)
                        .notes("email in the HRIS is priya.shah@example.com but priya.nair@example.com in Ramp;"
                                + " Ramp's API cannot change an email: change it in Ramp by hand"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decide(Row row) throws Exception {
        RampDecision decision = new RampDecider(row.rules, row.allowDeactivation).decide(row.person, row.account, row.ramp);

        assertEquals(row.action, decision.action(), "action");
        assertEquals(row.outcome, decision.outcome(), "outcome");
        assertEquals(row.account == null || row.account.path("id").isNull() ? null : "u-priya", decision.userId(), "user id");
        Map<String, Object> body = new LinkedHashMap<>(decision.body());
        Object key = body.remove("idempotency_key");
        assertEquals(JSON.readTree(row.body), JSON.valueToTree(body), "body");
        assertEquals(JSON.writeValueAsString(JSON.readTree(row.body)), JSON.writeValueAsString(body), "the body's field order");
        assertEquals(decision.action() == VendorAction.CREATE ? expectedIdempotencyKey(decision.body()) : null, key,
                "idempotency key");
        assertFalse(body.containsKey("email") && decision.action() != VendorAction.CREATE, "email is never patched");
        assertFalse(body.containsKey("status"), "status is never patched");
        assertEquals(row.notes, decision.notes().stream().map(n -> (n.skipped() ? SKIPPED : "") + n.text()).toList(), "notes");
        assertEquals(row.rampEmail, decision.rampEmail(), "ramp email");
    }

    @Test
    void aLeaverIsDecidedWithoutAskingRampAnything() {
        FakeRamp ramp = new FakeRamp();
        for (String status : List.of("USER_ACTIVE", "USER_INACTIVE")) {
            new RampDecider(RULES, true).decide(Row.person(Map.of("status", "terminated")), Row.account(Map.of("status", status)),
                    ramp);
        }
        assertEquals(List.of(), ramp.asked);
    }

    @Test
    void anUpdateAsksForTheDepartmentLocationAndManagerOnce() {
        FakeRamp ramp = new FakeRamp();
        new RampDecider(RULES, true).decide(Row.person(Map.of()), Row.account(Map.of()), ramp);
        assertEquals(List.of("departments Engineering", "locations Berlin", "user jonas.weber@example.com"), ramp.asked);
    }

    // ---- idempotency key --------------------------------------------------------------------------

    @Test
    void theIdempotencyKeyIsTheSameForTheSameRequestAndDiffersForAnotherOne() {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("email", "priya.nair@example.com", "employee_id", "E1003",
                "first_name", "Priya", "role", "BUSINESS_USER"));
        String key = RampDecider.idempotencyKey(body);
        assertTrue(key.matches("hrsync-[0-9a-f]{32}"), key);
        body.put("idempotency_key", "hrsync-something-else");
        assertEquals(key, RampDecider.idempotencyKey(body), "an earlier key is not part of the request");
        body.put("department_id", "d-eng");
        assertFalse(key.equals(RampDecider.idempotencyKey(body)), "a corrected request must not get the failed task back");
        // the key of this request in every version of hrsync: a resumed invite after an upgrade finds its task
        assertEquals("hrsync-" + sha256Prefix("E1003\npriya.nair@example.com\ndepartment_id=d-eng\nemail=priya.nair@example.com"
                + "\nemployee_id=E1003\nfirst_name=Priya\nrole=BUSINESS_USER"), RampDecider.idempotencyKey(body));
    }

    // ---- missing references ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            // case | createMissingReferences | status | department | location | missing (kind:name, comma-separated)
            "references exist                     | true  | active     | Engineering | Berlin   | -",
            "department missing                   | true  | active     | Atlantis    | Berlin   | departments:Atlantis",
            "both missing, department first       | true  | active     | Atlantis    | Lemuria  | departments:Atlantis,locations:Lemuria",
            "case-insensitive as Ramp's lists are | true  | active     | engineering | BERLIN   | -",
            "no department or location in HR      | true  | active     | -           | -        | -",
            "creating references is off           | false | active     | Atlantis    | Lemuria  | -",
            "a leaver needs none                  | true  | terminated | Atlantis    | Lemuria  | -",
    })
    void missingReferences(String name, boolean create, String status, String department, String location, String missing) {
        VendorRules rules = new VendorRules(null, null, null, null, null, null, create);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", status);
        fields.put("department", department);
        fields.put("location", location);
        List<Map<String, String>> expected = new ArrayList<>();
        if (missing != null) {
            for (String reference : missing.split(",")) {
                expected.add(Map.of("kind", reference.split(":")[0], "name", reference.split(":")[1]));
            }
        }
        assertEquals(expected, new RampDecider(rules, true).missingReferences(Row.person(fields), new FakeRamp()));
    }

    // ---- deferred invite ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | status | polls | now | deadline | state
            "done                                      | SUCCESS     | 1 | 100  | 5000 | SUCCESS",
            "done after the deadline                   | SUCCESS     | 9 | 9000 | 5000 | SUCCESS",
            "failed                                    | ERROR       | 1 | 100  | 5000 | ERROR",
            "running                                   | STARTED     | 1 | 100  | 5000 | PENDING",
            "running, past the deadline, 2 polls       | IN_PROGRESS | 2 | 9000 | 5000 | PENDING",
            "running, past the deadline, 3 polls       | IN_PROGRESS | 3 | 9000 | 5000 | TIMEOUT",
            "running, at the deadline, 3 polls         | IN_PROGRESS | 3 | 5000 | 5000 | TIMEOUT",
            "running, before the deadline, many polls  | IN_PROGRESS | 9 | 4999 | 5000 | PENDING",
            "an unknown status is still running        | QUEUED      | 1 | 100  | 5000 | PENDING",
    })
    void aPollOfTheInviteTask(String name, String status, int polls, long now, long deadline, String state) {
        assertEquals(state, RampInviteTask.stateAfterPoll(status, polls, now, deadline));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | state | last poll's answer | outcome | user id | note
            "invited  | SUCCESS | {\"status\":\"SUCCESS\",\"data\":{\"user_id\":\"u-new\"}} | APPLIED | u-new | "
                    + "invited: INVITE_PENDING until they accept Ramp's invite",
            "success without a user | SUCCESS | {\"status\":\"SUCCESS\",\"data\":{}} | FAILED | | "
                    + "Ramp's invite task t-1 ended in SUCCESS: no user and no error given",
            "Ramp's error           | ERROR   | {\"status\":\"ERROR\",\"data\":{\"error\":\"A user with email x@example.com already exists\"}}"
                    + " | FAILED | | Ramp's invite task t-1 ended in ERROR: A user with email x@example.com already exists",
            "timed out              | TIMEOUT | {\"status\":\"IN_PROGRESS\"} | FAILED | | "
                    + "Ramp's invite task t-1 was still IN_PROGRESS after 5000 ms (hrsync.vendors.ramp.create-timeout-ms);"
                    + " the next run resumes the same task (same idempotency key)",
    })
    void theEndOfTheInviteTask(String name, String state, String answer, Outcome outcome, String userId, String note)
            throws Exception {
        RampInviteTask.End end = RampInviteTask.end("t-1", state, JSON.readTree(answer), JSON.readTree(answer).path("status")
                .asText(), 5000);
        assertEquals(new RampInviteTask.End(outcome, userId, note), end);
    }

    // ---- lookup answers ----------------------------------------------------------------------------

    @Test
    void aLookupAnswerGivesTheUserWithTheVeryEmailOrEmployeeIdOrNobody() {
        String answer = "{\"data\":[{\"id\":\"u1\",\"email\":\"other@example.com\",\"employee_id\":\"E9\"},"
                + "{\"id\":\"u2\",\"email\":\"Priya.Nair@example.com\",\"employee_id\":\"E1003\"}]}";
        assertEquals("u2", RampDecisions.userWithEmail(answer, "priya.nair@example.com").path("id").asText());
        assertEquals("u2", RampDecisions.userWithEmployeeId(answer, "E1003").path("id").asText());
        assertNull(RampDecisions.userWithEmail(answer, "nobody@example.com"));
        assertNull(RampDecisions.userWithEmployeeId(answer, "E1"));
        assertNull(RampDecisions.userWithEmail(answer, null), "no previous email: nobody");
        assertThrows(VendorRejectedException.class, () -> RampDecisions.userWithEmail("{\"users\":[]}", "priya.nair@example.com"));
    }

    // ---- notes on the row --------------------------------------------------------------------------

    @Test
    void notesGoOnTheRowInOrderAndASkippedOneMarksItIncomplete() {
        VendorResult result = new VendorResult();
        result.note("created department 'People Ops' in Ramp");
        new RampDecision(VendorAction.CREATE, null, null, Map.of(), List.of(new DecisionNote("location 'X' is gone", true),
                new DecisionNote("manager m@example.com has no Ramp account", false)), null).noteOn(result);
        assertEquals("created department 'People Ops' in Ramp; location 'X' is gone; manager m@example.com has no Ramp account",
                result.getMessage());
        assertTrue(result.incomplete());
        VendorResult plain = new VendorResult();
        new RampDecision(VendorAction.UPDATE, null, "u", Map.of(), List.of(new DecisionNote("changed: first name", false)),
                null).noteOn(plain);
        assertFalse(plain.incomplete());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    static Row row(String name) {
        return new Row(name);
    }

    static String expectedIdempotencyKey(Map<String, Object> body) {
        Map<String, Object> fields = new java.util.TreeMap<>(body);
        fields.remove("idempotency_key");
        StringBuilder text = new StringBuilder().append(body.get("employee_id")).append('\n').append(body.get("email"));
        fields.forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        return "hrsync-" + sha256Prefix(text.toString());
    }

    static String sha256Prefix(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ramp's departments, locations and users, as a run's lists have them; records what is asked. */
    static final class FakeRamp implements RampLookups {
        static final Map<String, String> DEPARTMENTS = Map.of("engineering", "d-eng", "sales", "d-sales", "finance", "d-fin");
        static final Map<String, String> LOCATIONS = Map.of("berlin", "l-ber", "london", "l-lon");
        static final Map<String, String> USERS = Map.of("jonas.weber@example.com", "u-jonas", "maya.chen@example.com", "u-maya",
                "priya.old@example.com", "u-priya", "no.id@example.com", "");
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<String> referenceId(String kind, String name) {
            asked.add(kind + " " + name);
            Map<String, String> ids = kind.equals(RampDirectory.DEPARTMENTS) ? DEPARTMENTS : LOCATIONS;
            return Optional.ofNullable(ids.get(name.toLowerCase(java.util.Locale.ROOT)));
        }

        @Override
        public Optional<String> userId(String email) {
            asked.add("user " + email);
            return Optional.ofNullable(USERS.get(email));
        }
    }

    /** One row of the decision table: Priya as HR has her (fields overridden), and as Ramp has her (or not). */
    static final class Row {
        final String name;
        Person person;
        JsonNode account;
        VendorRules rules = RULES;
        boolean allowDeactivation = true;
        final FakeRamp ramp = new FakeRamp();
        VendorAction action;
        Outcome outcome;
        String body = "{}";
        List<String> notes = List.of();
        String rampEmail;

        Row(String name) {
            this.name = name;
        }

        /** Priya with these fields (canonical column names) changed; null clears one. */
        Row person(String... fieldsAndValues) {
            this.person = person(pairs(fieldsAndValues));
            return this;
        }

        Row noAccount() {
            this.account = null;
            return this;
        }

        /** Priya's Ramp user, as HR has her, with these fields changed; null makes one null. */
        Row account(String... fieldsAndValues) {
            this.account = account(pairs(fieldsAndValues));
            return this;
        }

        Row rules(VendorRules rules) {
            this.rules = rules;
            return this;
        }

        Row deactivation(boolean allowed) {
            this.allowDeactivation = allowed;
            return this;
        }

        Row expect(VendorAction action, Outcome outcome) {
            this.action = action;
            this.outcome = outcome;
            return this;
        }

        /** The body without its idempotency key, quotes written as '. */
        Row body(String json) {
            this.body = json.replace('\'', '"');
            return this;
        }

        Row notes(String... notes) {
            this.notes = List.of(notes);
            return this;
        }

        Row rampEmail(String email) {
            this.rampEmail = email;
            return this;
        }

        static Person person(Map<String, String> changes) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("employee_id", "E1003");
            f.put("email", "priya.nair@example.com");
            f.put("first_name", "Priya");
            f.put("last_name", "Nair");
            f.put("department", "Engineering");
            f.put("title", null);
            f.put("manager_email", "jonas.weber@example.com");
            f.put("location", "Berlin");
            f.put("end_date", null);
            f.put("status", "active");
            f.putAll(changes);
            return new Person(f.get("employee_id"), f.get("email"), f.get("first_name"), f.get("last_name"), f.get("department"),
                    f.get("title"), f.get("manager_email"), f.get("location"), LocalDate.of(2020, 1, 1), date(f.get("end_date")),
                    PersonStatus.parse(f.get("status")).orElseThrow());
        }

        static JsonNode account(Map<String, String> changes) {
            ObjectNode user = JSON.createObjectNode().put("id", "u-priya").put("email", "priya.nair@example.com")
                    .put("first_name", "Priya").put("last_name", "Nair").put("role", "BUSINESS_USER").put("department_id", "d-eng")
                    .put("location_id", "l-ber").put("manager_id", "u-jonas").put("employee_id", "E1003")
                    .put("status", "USER_ACTIVE");
            changes.forEach(user::put);
            return user;
        }

        static LocalDate date(String value) {
            if (value == null) {
                return null;
            }
            return switch (value) {
                case "yesterday" -> LocalDate.now().minusDays(1);
                case "tomorrow" -> LocalDate.now().plusDays(1);
                default -> LocalDate.parse(value);
            };
        }

        static Map<String, String> pairs(String... fieldsAndValues) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                map.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
            }
            return map;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
