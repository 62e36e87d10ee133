package io.hrsync.connector.skilljar;

import io.hrsync.connector.DecisionNote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.connector.VendorRejectedException;
import io.hrsync.hris.Person;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * Decides what to do in Skilljar for one person, from the person, their membership in the configured
 * domain (or none) and what Skilljar has ({@link SkilljarLookups}), following the published spec where
 * the guide differs (shared/vendors/skilljar.md):
 * <ul>
 * <li>a joiner is added with the upsert {@code POST /v1/domains/{domain}/users};</li>
 * <li>a mover's name goes through {@code PATCH /v1/users/{id}}, only the fields that differ; after an HRIS
 * email change (the account found under the previous email) the email too;</li>
 * <li>a leaver's membership is set {@code active: false}; a rehire's back to {@code active: true}: never a
 * second account;</li>
 * <li>groups from {@code departmentGroups} are added when missing; courses from {@code departmentCourses}
 * are enrolled only on CREATE and REACTIVATE, once the membership is active, so a re-run of an
 * unchanged person writes nothing.</li>
 * </ul>
 * Who is in Skilljar's scope is decided before (the run's plan, or {@code VendorResults.begin} on a replay).
 */
public class SkilljarDecider {

    static final String VENDOR = "skilljar";

    private final VendorRules rules;
    private final String rulesFile;
    private final String domain;

    /** {@code rulesFile}: where the rules come from (named in notes); {@code domain}: {@code hrsync.vendors.skilljar.domain}. */
    public SkilljarDecider(VendorRules rules, String rulesFile, String domain) {
        this.rules = rules;
        this.rulesFile = rulesFile;
        this.domain = domain;
    }

    /** The id of the Skilljar user of a domain membership ({@code {user:{id,…}, active}}), or null when there is none. */
    public static String userId(JsonNode account) {
        return account != null && account.isObject() ? account.path("user").path("id").asText() : null;
    }

    /**
     * The action for the person and its bodies. {@code account}: their membership in the domain, or null.
     * A write leaves the outcome open (the route makes the calls); a decision without a write (unchanged,
     * skipped) has its outcome.
     */
    public SkilljarDecision decide(Person person, JsonNode account, SkilljarLookups skilljar) {
        String userId = userId(account);
        Draft draft = new Draft(userId);
        if (!person.shouldHaveAccess()) {
            decideLeaver(account, userId != null, draft);
            return draft.decision();
        }
        draft.groupIds = groupIds(person, skilljar, draft);
        if (userId == null) {
            draft.action = VendorAction.CREATE;
            draft.courseIds = courseIds(person, skilljar, draft);
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("email", person.email());
            user.put("first_name", firstName(person));
            user.put("last_name", lastName(person));
            draft.body.put("user", user);
            draft.body.put("active", true);
            return draft.decision();
        }
        Map<String, Object> changes = nameChanges(account.path("user"), person);
        String currentEmail = account.path("user").path("email").asText("");
        if (!currentEmail.equalsIgnoreCase(person.email())) {
            // the HRIS email changed: PATCH /v1/users/{id} moves the account to it
            changes.put("email", person.email());
            draft.formerEmail = currentEmail;
        }
        draft.userChanges = changes;
        if (!account.path("active").asBoolean(false)) {
            draft.action = VendorAction.REACTIVATE;
            draft.note("membership in " + domain + " reactivated");
            draft.courseIds = courseIds(person, skilljar, draft);
            draft.body.put("active", true);
        } else if (!changes.isEmpty()) {
            draft.action = VendorAction.UPDATE;
        } else {
            draft.outcome = Outcome.UNCHANGED;
        }
        return draft.decision();
    }

    private void decideLeaver(JsonNode account, boolean exists, Draft draft) {
        if (!exists) {
            draft.outcome = Outcome.SKIPPED;
            draft.note("terminated; no membership in Skilljar domain " + domain + " to deactivate");
        } else if (!account.path("active").asBoolean(false)) {
            draft.outcome = Outcome.UNCHANGED;
            draft.note("membership in " + domain + " already inactive");
        } else {
            draft.action = VendorAction.DEACTIVATE;
            draft.note("membership in " + domain + " deactivated");
            draft.body.put("active", false);
        }
    }

    /** first_name/last_name that differ from the user Skilljar has (PATCH /v1/users/{id} is partial). */
    public static Map<String, Object> nameChanges(JsonNode user, Person person) {
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!Objects.equals(user.path("first_name").asText(""), firstName(person))) {
            changes.put("first_name", firstName(person));
        }
        if (!Objects.equals(user.path("last_name").asText(""), lastName(person))) {
            changes.put("last_name", lastName(person));
        }
        return changes;
    }

    private static String firstName(Person person) {
        return person.firstName() == null ? "" : person.firstName();
    }

    private static String lastName(Person person) {
        return person.lastName() == null ? "" : person.lastName();
    }

    /**
     * Ids of the person's groups that exist in Skilljar; a group the rules name but Skilljar lacks
     * (reported once by the rules preflight) is left out and noted: the membership is still created.
     */
    private List<String> groupIds(Person person, SkilljarLookups skilljar, Draft draft) {
        List<String> names = rules.groupsFor(person);
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, String> groups = skilljar.groups();
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            String id = groups.get(name);
            if (id == null) {
                draft.skipped("group '" + name + "' (mapped from department '" + person.department() + "' in "
                        + rulesFile + ") does not exist in Skilljar: membership skipped");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Ids of the person's courses published exactly once to the domain; a title that is not published,
     * or published more than once (which one?), is left out and noted (the rules preflight reported it
     * once): the membership is still created and the other courses enrolled.
     */
    private List<String> courseIds(Person person, SkilljarLookups skilljar, Draft draft) {
        List<String> titles = rules.coursesFor(person);
        if (titles.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> courses = skilljar.courses();
        List<String> ids = new ArrayList<>();
        for (String title : titles) {
            List<String> found = courses.getOrDefault(title, List.of());
            if (found.isEmpty()) {
                draft.skipped("course '" + title + "' (mapped from department '" + person.department() + "' in "
                        + rulesFile + ") is not published to Skilljar domain " + domain + ": enrolment skipped");
            } else if (found.size() > 1) {
                draft.skipped("course title '" + title + "' is published " + found.size() + " times to Skilljar domain "
                        + domain + " (" + found + "): cannot tell which to enrol in; enrolment skipped");
            } else {
                ids.add(found.get(0));
            }
        }
        return ids;
    }

    // ---- after the membership write ----------------------------------------------------------------

    /** Group ids the person should be in but is not yet (only for people who keep access and have an account). */
    public static List<String> missingGroups(Person person, String userId, List<String> wanted, SkilljarLookups skilljar) {
        if (!person.shouldHaveAccess() || userId == null || wanted == null) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        for (String groupId : wanted) {
            if (!skilljar.members(groupId).contains(userId)) {
                missing.add(groupId);
            }
        }
        return missing;
    }

    /**
     * Published courses to enrol a joiner or rehire in, once the domain membership is active (enrolment
     * needs it: an inactive one fails the row); a rehire's courses still actively enrolled are left
     * alone. Nobody else is enrolled, so a re-run writes nothing.
     *
     * @param action the row's action so far
     * @param wanted the decision's course ids
     */
    public List<String> coursesToEnrol(Person person, VendorAction action, String userId, List<String> wanted,
            SkilljarLookups skilljar) {
        if (wanted == null || wanted.isEmpty() || userId == null
                || (action != VendorAction.CREATE && action != VendorAction.REACTIVATE)) {
            return List.of();
        }
        if (!skilljar.activeMember(person.email())) {
            throw new VendorRejectedException(VENDOR, 0, "membership in Skilljar domain " + domain
                    + " is not active: courses cannot be enrolled");
        }
        if (action == VendorAction.CREATE) {
            return wanted;
        }
        Set<String> enrolled = skilljar.activeEnrolments(userId);
        return wanted.stream().filter(id -> !enrolled.contains(id)).toList();
    }

    /** Body of {@code POST /v1/groups/{id}/users}. */
    public static Map<String, Object> membershipBody(String userId) {
        return Map.of("user", Map.of("id", userId));
    }

    /** Body of {@code POST /v1/domains/{domain}/published-courses/{id}/enrollments}. */
    public static Map<String, Object> enrolmentBody(String userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", Map.of("id", userId));
        body.put("active", true);
        return body;
    }

    /** The note after {@code PATCH /v1/users/{id}}: the fields written, and the email the account had. */
    public static String changedNote(Collection<String> fields, String formerEmail) {
        return "changed: " + String.join(", ", fields)
                + (formerEmail != null && fields.contains("email") ? " (was " + formerEmail + ")" : "");
    }

    /** A group's name by its id (the id itself when the run's list has no such group). */
    public static String groupName(Map<String, String> groups, String groupId) {
        return groups.entrySet().stream().filter(e -> e.getValue().equals(groupId)).map(Map.Entry::getKey).findFirst()
                .orElse(groupId);
    }

    /** A published course's title by its id (the id itself when the run's list has no such course). */
    public static String courseTitle(Map<String, List<String>> courses, String courseId) {
        return courses.entrySet().stream().filter(e -> e.getValue().contains(courseId)).map(Map.Entry::getKey).findFirst()
                .orElse(courseId);
    }

    /** A decision being made. */
    private static final class Draft {
        final String userId;
        VendorAction action = VendorAction.NONE;
        Outcome outcome;
        final Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> userChanges = Map.of();
        String formerEmail;
        List<String> groupIds = List.of();
        List<String> courseIds = List.of();
        final List<DecisionNote> notes = new ArrayList<>();

        Draft(String userId) {
            this.userId = userId;
        }

        void note(String text) {
            notes.add(new DecisionNote(text, false));
        }

        void skipped(String text) {
            notes.add(new DecisionNote(text, true));
        }

        SkilljarDecision decision() {
            return new SkilljarDecision(action, outcome, userId, body, userChanges, formerEmail, groupIds, courseIds, notes);
        }
    }
}
