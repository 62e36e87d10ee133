package io.hrsync.connector.skilljar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * Skilljar's decisions as tables, without Camel: a person (Amara, in Customer Success, with one field
 * changed per row) and her membership in the academy domain (or none) → the action, the outcome of a
 * decision without a write, the membership body, the user fields to PATCH, the groups and courses, and
 * the row's notes (shared/vendors/skilljar.md: the membership is the account, deactivation is
 * {@code active: false} on it, groups by id, enrolment only for joiners and rehires with an active membership).
 */
class SkilljarDecisionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String RULES_FILE = "config/provisioning-rules.yaml";
    static final String DOMAIN = "academy.example.com";
    static final VendorRules RULES = new VendorRules(null, null,
            Map.of("Customer Success", List.of("Customer Facing"), "Sales", List.of("Customer Facing", "Sales Team")),
            Map.of("Customer Success", List.of("Product Fundamentals", "Support Playbook"),
                    "Sales", List.of("Product Fundamentals", "Sales Deck"),
                    "Support", List.of("Twice Published")),
            null, null, null);
    static final String SKIPPED = "[skipped] ";

    // ---- decide ----------------------------------------------------------------------------------

    static Stream<Row> decisions() {
        return Stream.of(
                // joiners: added to the domain (an upsert by email), their groups and courses with them
                row("joiner: added to the domain, active, with her group and courses").person().noAccount()
                        .expect(VendorAction.CREATE, null)
                        .body("{'user':{'email':'amara.okafor@example.com','first_name':'Amara','last_name':'Okafor'},'active':true}")
                        .groups("g-cf").courses("pc-pf", "pc-sp"),
                row("joiner without a first name: an empty one (Skilljar wants text)").person("first_name", null).noAccount()
                        .expect(VendorAction.CREATE, null)
                        .body("{'user':{'email':'amara.okafor@example.com','first_name':'','last_name':'Okafor'},'active':true}")
                        .groups("g-cf").courses("pc-pf", "pc-sp"),
                row("joiner whose group and course Skilljar lacks: the rest, both noted as skipped").person("department", "Sales")
                        .noAccount().expect(VendorAction.CREATE, null)
                        .body("{'user':{'email':'amara.okafor@example.com','first_name':'Amara','last_name':'Okafor'},'active':true}")
                        .groups("g-cf").courses("pc-pf")
                        .notes(SKIPPED + "group 'Sales Team' (mapped from department 'Sales' in " + RULES_FILE
                                + ") does not exist in Skilljar: membership skipped",
                                SKIPPED + "course 'Sales Deck' (mapped from department 'Sales' in " + RULES_FILE
                                        + ") is not published to Skilljar domain " + DOMAIN + ": enrolment skipped"),
                row("joiner whose course is published twice: not enrolled in either, noted").person("department", "Support")
                        .noAccount().expect(VendorAction.CREATE, null)
                        .body("{'user':{'email':'amara.okafor@example.com','first_name':'Amara','last_name':'Okafor'},'active':true}")
                        .notes(SKIPPED + "course title 'Twice Published' is published 2 times to Skilljar domain " + DOMAIN
                                + " ([pc-tp1, pc-tp2]): cannot tell which to enrol in; enrolment skipped"),
                row("joiner in a department without groups or courses").person("department", "Finance").noAccount()
                        .expect(VendorAction.CREATE, null)
                        .body("{'user':{'email':'amara.okafor@example.com','first_name':'Amara','last_name':'Okafor'},'active':true}"),
                row("a lookup that found no object is no membership: a joiner").person().account(JSON.nullNode())
                        .expect(VendorAction.CREATE, null)
                        .body("{'user':{'email':'amara.okafor@example.com','first_name':'Amara','last_name':'Okafor'},'active':true}")
                        .groups("g-cf").courses("pc-pf", "pc-sp"),
                row("on leave keeps access: a joiner all the same").person("status", "leave").noAccount()
                        .expect(VendorAction.CREATE, null)
                        .body("{'user':{'email':'amara.okafor@example.com','first_name':'Amara','last_name':'Okafor'},'active':true}")
                        .groups("g-cf").courses("pc-pf", "pc-sp"),

                // members: only the user fields that differ; groups checked, never enrolled again
                row("unchanged: nothing to write (a missing group is still added), no courses").person().account()
                        .expect(VendorAction.NONE, Outcome.UNCHANGED).groups("g-cf"),
                row("last name change: PATCH of last_name only").person("last_name", "Okafor-Ade").account()
                        .expect(VendorAction.UPDATE, null).userChanges("{'last_name':'Okafor-Ade'}").groups("g-cf"),
                row("first and last name change").person("first_name", "Ama", "last_name", "Ade").account()
                        .expect(VendorAction.UPDATE, null).userChanges("{'first_name':'Ama','last_name':'Ade'}").groups("g-cf"),
                row("a name HR does not have is blanked in Skilljar").person("last_name", null).account()
                        .expect(VendorAction.UPDATE, null).userChanges("{'last_name':''}").groups("g-cf"),
                row("HRIS email change: the account is moved to the new email").person("email", "amara.ade@example.com")
                        .account().expect(VendorAction.UPDATE, null).userChanges("{'email':'amara.ade@example.com'}")
                        .formerEmail("amara.okafor@example.com").groups("g-cf"),
                row("email and name change: names first, then the email").person("email", "amara.ade@example.com",
                        "last_name", "Ade").account().expect(VendorAction.UPDATE, null)
                        .userChanges("{'last_name':'Ade','email':'amara.ade@example.com'}").formerEmail("amara.okafor@example.com")
                        .groups("g-cf"),
                row("an email differing only in case is no change").person().account("email", "Amara.Okafor@Example.com")
                        .expect(VendorAction.NONE, Outcome.UNCHANGED).groups("g-cf"),
                row("department change: the new department's groups, no courses (not a joiner)").person("department", "Sales")
                        .account().expect(VendorAction.NONE, Outcome.UNCHANGED).groups("g-cf")
                        .notes(SKIPPED + "group 'Sales Team' (mapped from department 'Sales' in " + RULES_FILE
                                + ") does not exist in Skilljar: membership skipped"),

                // rehires: the same membership back, active, and the joiner's courses
                row("rehire: membership reactivated, courses again").person().account("active", false)
                        .expect(VendorAction.REACTIVATE, null).body("{'active':true}").groups("g-cf").courses("pc-pf", "pc-sp")
                        .notes("membership in " + DOMAIN + " reactivated"),
                row("a membership without 'active' counts as inactive: reactivated").person().account("active", null)
                        .expect(VendorAction.REACTIVATE, null).body("{'active':true}").groups("g-cf").courses("pc-pf", "pc-sp")
                        .notes("membership in " + DOMAIN + " reactivated"),
                row("rehire with a new name: reactivated and renamed").person("last_name", "Ade").account("active", false)
                        .expect(VendorAction.REACTIVATE, null).body("{'active':true}").userChanges("{'last_name':'Ade'}")
                        .groups("g-cf").courses("pc-pf", "pc-sp").notes("membership in " + DOMAIN + " reactivated"),
                row("rehire in Sales: the notes in the order things are decided").person("department", "Sales")
                        .account("active", false).expect(VendorAction.REACTIVATE, null).body("{'active':true}")
                        .groups("g-cf").courses("pc-pf")
                        .notes(SKIPPED + "group 'Sales Team' (mapped from department 'Sales' in " + RULES_FILE
                                + ") does not exist in Skilljar: membership skipped",
                                "membership in " + DOMAIN + " reactivated",
                                SKIPPED + "course 'Sales Deck' (mapped from department 'Sales' in " + RULES_FILE
                                        + ") is not published to Skilljar domain " + DOMAIN + ": enrolment skipped"),

                // leavers: the membership set inactive, never deleted; no groups, no courses
                row("leaver without a membership: skipped").person("status", "terminated").noAccount()
                        .expect(VendorAction.NONE, Outcome.SKIPPED)
                        .notes("terminated; no membership in Skilljar domain " + DOMAIN + " to deactivate"),
                row("leaver: membership deactivated").person("status", "terminated").account()
                        .expect(VendorAction.DEACTIVATE, null).body("{'active':false}")
                        .notes("membership in " + DOMAIN + " deactivated"),
                row("leaver by end date (status still active): deactivated").person("end_date", "yesterday").account()
                        .expect(VendorAction.DEACTIVATE, null).body("{'active':false}")
                        .notes("membership in " + DOMAIN + " deactivated"),
                row("leaver already inactive: unchanged").person("status", "terminated").account("active", false)
                        .expect(VendorAction.NONE, Outcome.UNCHANGED).notes("membership in " + DOMAIN + " already inactive"),
                row("leaver under another email, with another name: deactivated, nothing else").person("status", "terminated",
                        "email", "amara.ade@example.com", "last_name", "Ade").account()
                        .expect(VendorAction.DEACTIVATE, null).body("{'active':false}")
                        .notes("membership in " + DOMAIN + " deactivated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decide(Row row) throws Exception {
        SkilljarDecision decision = new SkilljarDecider(RULES, RULES_FILE, DOMAIN).decide(row.person, row.account, row.skilljar);

        assertEquals(row.action, decision.action(), "action");
        assertEquals(row.outcome, decision.outcome(), "outcome");
        assertEquals(row.account == null || !row.account.isObject() ? null : "u-amara", decision.userId(), "user id");
        assertEquals(row.body, JSON.writeValueAsString(decision.body()), "membership body");
        assertEquals(row.userChanges, JSON.writeValueAsString(decision.userChanges()), "user changes");
        assertEquals(row.formerEmail, decision.formerEmail(), "former email");
        assertEquals(row.groups, decision.groupIds(), "group ids");
        assertEquals(row.courses, decision.courseIds(), "course ids");
        assertEquals(row.notes, decision.notes().stream().map(n -> (n.skipped() ? SKIPPED : "") + n.text()).toList(), "notes");
    }

    @Test
    void onlyJoinersAndRehiresHaveTheirCoursesLookedUpAndLeaversNothingAtAll() {
        SkilljarDecider decider = new SkilljarDecider(RULES, RULES_FILE, DOMAIN);
        FakeSkilljar skilljar = new FakeSkilljar();
        decider.decide(Row.person(Map.of("last_name", "Ade")), Row.account(Map.of()), skilljar);
        assertEquals(List.of("groups"), skilljar.asked, "a mover");
        skilljar.asked.clear();
        decider.decide(Row.person(Map.of()), Row.account(Map.of("active", false)), skilljar);
        assertEquals(List.of("groups", "courses"), skilljar.asked, "a rehire");
        skilljar.asked.clear();
        decider.decide(Row.person(Map.of("status", "terminated")), Row.account(Map.of()), skilljar);
        decider.decide(Row.person(Map.of("status", "terminated")), null, skilljar);
        assertEquals(List.of(), skilljar.asked, "leavers");
    }

    // ---- after the membership write ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            // case | status | user id | wanted | missing
            "in neither group                 | active     | u-new   | g-cf,g-st | g-cf,g-st",
            "already in one                   | active     | u-amara | g-cf,g-st | g-st",
            "in both                          | active     | u-both  | g-cf,g-st | -",
            "no groups wanted                 | active     | u-new   | ''        | -",
            "no account (the create failed)   | active     | -       | g-cf      | -",
            "a leaver is added to none        | terminated | u-new   | g-cf      | -",
    })
    void missingGroups(String name, String status, String userId, String wanted, String missing) {
        List<String> groups = wanted.isEmpty() ? List.of() : List.of(wanted.split(","));
        assertEquals(missing == null ? List.of() : List.of(missing.split(",")), SkilljarDecider.missingGroups(
                Row.person(Map.of("status", status)), userId, groups, new FakeSkilljar()));
    }

    @Test
    void noGroupsDecidedMeansNoneMissing() {
        assertEquals(List.of(), SkilljarDecider.missingGroups(Row.person(Map.of()), "u-new", null, new FakeSkilljar()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            // case | action | user id | wanted | active member | to enrol | asked
            "joiner: every course                       | CREATE     | u-new   | pc-pf,pc-sp | true  | pc-pf,pc-sp | member",
            "rehire: the course no longer enrolled only | REACTIVATE | u-amara | pc-pf,pc-sp | true  | pc-sp       | member,enrolments u-amara",
            "rehire still enrolled in all: none         | REACTIVATE | u-both  | pc-pf,pc-sp | true  | -           | member,enrolments u-both",
            "a mover is never enrolled                  | UPDATE     | u-amara | pc-pf       | true  | -           | -",
            "an unchanged person is never enrolled      | NONE       | u-amara | pc-pf       | true  | -           | -",
            "no courses: nothing asked                  | CREATE     | u-new   | -           | false | -           | -",
            "no user id: nothing asked                  | CREATE     | -       | pc-pf       | false | -           | -",
    })
    void coursesToEnrol(String name, VendorAction action, String userId, String wanted, boolean active, String toEnrol,
            String asked) {
        FakeSkilljar skilljar = new FakeSkilljar();
        skilljar.activeMember = active;
        List<String> courses = wanted == null ? List.of() : List.of(wanted.split(","));
        assertEquals(toEnrol == null ? List.of() : List.of(toEnrol.split(",")),
                new SkilljarDecider(RULES, RULES_FILE, DOMAIN).coursesToEnrol(Row.person(Map.of()), action, userId, courses, skilljar));
        assertEquals(asked == null ? List.of() : List.of(asked.split(",")), skilljar.asked);
    }

    @Test
    void enrolmentNeedsAnActiveMembership() {
        FakeSkilljar skilljar = new FakeSkilljar();
        skilljar.activeMember = false;
        VendorRejectedException refused = assertThrows(VendorRejectedException.class, () -> new SkilljarDecider(RULES,
                RULES_FILE, DOMAIN).coursesToEnrol(Row.person(Map.of()), VendorAction.CREATE, "u-new", List.of("pc-pf"), skilljar));
        assertEquals("membership in Skilljar domain " + DOMAIN + " is not active: courses cannot be enrolled", refused.getMessage()
                .substring(refused.getMessage().indexOf("membership")));
    }

    @Test
    void theBodiesOfAGroupMembershipAndAnEnrolment() throws Exception {
        assertEquals("{\"user\":{\"id\":\"u-1\"}}", JSON.writeValueAsString(SkilljarDecider.membershipBody("u-1")));
        assertEquals("{\"user\":{\"id\":\"u-1\"},\"active\":true}", JSON.writeValueAsString(SkilljarDecider.enrolmentBody("u-1")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "a name                       | last_name             | -                        | changed: last_name",
            "both names                   | first_name,last_name  | -                        | changed: first_name, last_name",
            "the email, and where it was  | last_name,email       | amara.okafor@example.com | changed: last_name, email (was amara.okafor@example.com)",
            "a former email, not changed  | last_name             | amara.okafor@example.com | changed: last_name",
    })
    void theNoteAfterAUserChange(String name, String fields, String formerEmail, String note) {
        assertEquals(note, SkilljarDecider.changedNote(List.of(fields.split(",")), formerEmail));
    }

    @Test
    void groupsAndCoursesAreNamedByWhatTheRunsListsCallThem() {
        FakeSkilljar skilljar = new FakeSkilljar();
        assertEquals("Customer Facing", SkilljarDecider.groupName(skilljar.groups(), "g-cf"));
        assertEquals("g-gone", SkilljarDecider.groupName(skilljar.groups(), "g-gone"));
        assertEquals("Support Playbook", SkilljarDecider.courseTitle(skilljar.courses(), "pc-sp"));
        assertEquals("Twice Published", SkilljarDecider.courseTitle(skilljar.courses(), "pc-tp2"));
        assertEquals("pc-gone", SkilljarDecider.courseTitle(skilljar.courses(), "pc-gone"));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    static Row row(String name) {
        return new Row(name);
    }

    /** The academy: its groups and published courses, who is in which group, and who is enrolled in what. */
    static final class FakeSkilljar implements SkilljarLookups {
        final List<String> asked = new ArrayList<>();
        boolean activeMember = true;

        @Override
        public Map<String, String> groups() {
            asked.add("groups");
            return Map.of("Customer Facing", "g-cf", "Support Crew", "g-sc", "Sales Team (old)", "g-old");
        }

        @Override
        public Map<String, List<String>> courses() {
            asked.add("courses");
            return Map.of("Product Fundamentals", List.of("pc-pf"), "Support Playbook", List.of("pc-sp"),
                    "Twice Published", List.of("pc-tp1", "pc-tp2"));
        }

        @Override
        public Set<String> members(String groupId) {
            return groupId.equals("g-cf") ? Set.of("u-amara", "u-both") : groupId.equals("g-st") ? Set.of("u-both") : Set.of();
        }

        @Override
        public boolean activeMember(String email) {
            asked.add("member");
            return activeMember;
        }

        @Override
        public Set<String> activeEnrolments(String userId) {
            asked.add("enrolments " + userId);
            return userId.equals("u-both") ? Set.of("pc-pf", "pc-sp") : Set.of("pc-pf");
        }
    }

    /** One row of the decision table: Amara as HR has her (fields overridden), and her membership (or none). */
    static final class Row {
        final String name;
        Person person;
        JsonNode account;
        final FakeSkilljar skilljar = new FakeSkilljar();
        VendorAction action;
        Outcome outcome;
        String body = "{}";
        String userChanges = "{}";
        String formerEmail;
        List<String> groups = List.of();
        List<String> courses = List.of();
        List<String> notes = List.of();

        Row(String name) {
            this.name = name;
        }

        /** Amara with these fields (canonical column names) changed; null clears one. */
        Row person(String... fieldsAndValues) {
            Map<String, String> changes = new LinkedHashMap<>();
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                changes.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
            }
            this.person = person(changes);
            return this;
        }

        Row noAccount() {
            this.account = null;
            return this;
        }

        Row account(JsonNode account) {
            this.account = account;
            return this;
        }

        /** Amara's active membership, as HR has her; {@code email} changes her user's email, {@code active} the membership. */
        Row account() {
            return account(account(Map.of()));
        }

        Row account(String field, Object value) {
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put(field, value);
            return account(account(changes));
        }

        Row expect(VendorAction action, Outcome outcome) {
            this.action = action;
            this.outcome = outcome;
            return this;
        }

        Row body(String json) {
            this.body = json.replace('\'', '"');
            return this;
        }

        Row userChanges(String json) {
            this.userChanges = json.replace('\'', '"');
            return this;
        }

        Row formerEmail(String email) {
            this.formerEmail = email;
            return this;
        }

        Row groups(String... ids) {
            this.groups = List.of(ids);
            return this;
        }

        Row courses(String... ids) {
            this.courses = List.of(ids);
            return this;
        }

        Row notes(String... notes) {
            this.notes = List.of(notes);
            return this;
        }

        static Person person(Map<String, String> changes) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("employee_id", "E1001");
            f.put("email", "amara.okafor@example.com");
            f.put("first_name", "Amara");
            f.put("last_name", "Okafor");
            f.put("department", "Customer Success");
            f.put("location", "Lagos");
            f.put("end_date", null);
            f.put("status", "active");
            f.putAll(changes);
            LocalDate endDate = f.get("end_date") == null ? null
                    : f.get("end_date").equals("yesterday") ? LocalDate.now().minusDays(1) : LocalDate.parse(f.get("end_date"));
            return new Person(f.get("employee_id"), f.get("email"), f.get("first_name"), f.get("last_name"), f.get("department"),
                    "CSM", null, f.get("location"), LocalDate.of(2021, 3, 1), endDate, PersonStatus.parse(f.get("status")).orElseThrow());
        }

        /** {@code {user:{id,email,first_name,last_name}, active}}: a null value leaves the field out. */
        static JsonNode account(Map<String, Object> changes) {
            ObjectNode user = JSON.createObjectNode().put("id", "u-amara").put("email", "amara.okafor@example.com")
                    .put("first_name", "Amara").put("last_name", "Okafor");
            ObjectNode membership = JSON.createObjectNode();
            membership.set("user", user);
            membership.put("active", true);
            changes.forEach((field, value) -> {
                if (field.equals("active")) {
                    if (value == null) {
                        membership.remove("active");
                    } else {
                        membership.put("active", (Boolean) value);
                    }
                } else {
                    user.put(field, (String) value);
                }
            });
            return membership;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
