package io.hrsync.connector.skilljar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.connector.PreviousEmail;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * What to do in Skilljar for one person, and the request bodies for it (shared/vendors/skilljar.md,
 * following the published spec where the guide differs):
 * <ul>
 * <li>the account is the person's membership in the configured domain, found in the run's one scan;</li>
 * <li>a joiner is added with the upsert {@code POST /v1/domains/{domain}/users} (which keeps an existing
 * user's name, so a differing name is then written with {@code PATCH /v1/users/{id}});</li>
 * <li>a mover's name goes through {@code PATCH /v1/users/{id}}, only the fields that differ; after an HRIS
 * email change (the account found under the previous email) the email too;</li>
 * <li>a leaver's membership is set {@code active: false}; a rehire's back to {@code active: true}
 * ({@code PATCH /v1/domains/{domain}/users/{id}}, action REACTIVATE): never a second account;</li>
 * <li>groups from {@code departmentGroups} are added when missing; courses from
 * {@code departmentCourses} are enrolled only on CREATE and REACTIVATE, once the membership is active,
 * so a re-run of an unchanged person writes nothing.</li>
 * </ul>
 * Group and course names that do not exist in Skilljar fail the row before anything is written.
 */
@ApplicationScoped
@Named("skilljarDecisions")
public class SkilljarDecisions {

    static final String VENDOR = "skilljar";
    static final String USER_ID = "skilljarUserId";
    /** The user fields to PATCH (first_name, last_name; email after an HRIS email change). */
    static final String USER_CHANGES = "skilljarUserChanges";
    /** The email the account had in Skilljar before this exchange moved it to the HRIS email. */
    static final String FORMER_EMAIL = "skilljarFormerEmail";
    static final String GROUP_IDS = "skilljarGroupIds";
    static final String COURSE_IDS = "skilljarCourseIds";
    static final String GROUP_ID = "skilljarGroupId";
    static final String COURSE_ID = "skilljarCourseId";

    private final VendorRules rules;
    private final java.nio.file.Path rulesFile;
    private final SkilljarDirectory directory;
    private final SkilljarConfig config;

    public SkilljarDecisions(ProvisioningRules rules, SkilljarDirectory directory, SkilljarConfig config) {
        this.rules = rules.forVendor(VENDOR);
        this.rulesFile = rules.file();
        this.directory = directory;
        this.config = config;
    }

    /**
     * The person's domain membership from the run's scan, or null: after an HRIS email change under the
     * previous email first (the account has not been moved yet), then under the current one.
     */
    public JsonNode findUser(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        String previous = PreviousEmail.of(exchange);
        Optional<ObjectNode> found = previous == null ? Optional.empty() : directory.domainUser(runId, previous);
        return found.or(() -> directory.domainUser(runId, person.email())).orElse(null);
    }

    /** Decides the action and leaves the request body (if any) in the message. */
    public void decide(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        boolean exists = account != null && account.isObject();
        if (exists) {
            String id = account.path("user").path("id").asText();
            result.setVendorUserId(id);
            exchange.setProperty(USER_ID, id);
        }
        if (!person.shouldHaveAccess()) {
            decideLeaver(exchange, account, exists, result);
            return;
        }
        exchange.setProperty(GROUP_IDS, groupIds(runId, person, result));
        if (!exists) {
            result.setAction(VendorAction.CREATE);
            exchange.setProperty(COURSE_IDS, courseIds(runId, person, result));
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("email", person.email());
            user.put("first_name", firstName(person));
            user.put("last_name", lastName(person));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user", user);
            body.put("active", true);
            exchange.getMessage().setBody(body);
            return;
        }
        exchange.removeProperty(FORMER_EMAIL);
        Map<String, Object> names = nameChanges(account.path("user"), person);
        String currentEmail = account.path("user").path("email").asText("");
        if (!currentEmail.equalsIgnoreCase(person.email())) {
            // the HRIS email changed: PATCH /v1/users/{id} moves the account to it
            names.put("email", person.email());
            exchange.setProperty(FORMER_EMAIL, currentEmail);
        }
        if (!names.isEmpty()) {
            exchange.setProperty(USER_CHANGES, names);
        }
        if (!account.path("active").asBoolean(false)) {
            result.setAction(VendorAction.REACTIVATE);
            result.note("membership in " + domain() + " reactivated");
            exchange.setProperty(COURSE_IDS, courseIds(runId, person, result));
            exchange.getMessage().setBody(Map.of("active", true));
        } else if (!names.isEmpty()) {
            result.setAction(VendorAction.UPDATE);
        } else {
            result.setOutcome(Outcome.UNCHANGED);
        }
    }

    private void decideLeaver(Exchange exchange, JsonNode account, boolean exists, VendorResult result) {
        if (!exists) {
            result.setOutcome(Outcome.SKIPPED);
            result.note("terminated; no membership in Skilljar domain " + domain() + " to deactivate");
        } else if (!account.path("active").asBoolean(false)) {
            result.setOutcome(Outcome.UNCHANGED);
            result.note("membership in " + domain() + " already inactive");
        } else {
            result.setAction(VendorAction.DEACTIVATE);
            result.note("membership in " + domain() + " deactivated");
            exchange.getMessage().setBody(Map.of("active", false));
        }
    }

    /** first_name/last_name that differ from the account (PATCH /v1/users/{id} is partial). */
    private static Map<String, Object> nameChanges(JsonNode user, Person person) {
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
    private List<String> groupIds(String runId, Person person, VendorResult result) {
        List<String> names = rules.groupsFor(person);
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, String> groups = directory.groups(runId);
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            String id = groups.get(name);
            if (id == null) {
                result.skipped("group '" + name + "' (mapped from department '" + person.department() + "' in "
                        + rulesFile() + ") does not exist in Skilljar: membership skipped");
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
    private List<String> courseIds(String runId, Person person, VendorResult result) {
        List<String> titles = rules.coursesFor(person);
        if (titles.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> courses = directory.courses(runId);
        List<String> ids = new ArrayList<>();
        for (String title : titles) {
            List<String> found = courses.getOrDefault(title, List.of());
            if (found.isEmpty()) {
                result.skipped("course '" + title + "' (mapped from department '" + person.department() + "' in "
                        + rulesFile() + ") is not published to Skilljar domain " + domain() + ": enrolment skipped");
            } else if (found.size() > 1) {
                result.skipped("course title '" + title + "' is published " + found.size() + " times to Skilljar domain "
                        + domain() + " (" + found + "): cannot tell which to enrol in; enrolment skipped");
            } else {
                ids.add(found.get(0));
            }
        }
        return ids;
    }

    private String rulesFile() {
        return String.valueOf(rulesFile);
    }

    private String domain() {
        return config.domain().orElseThrow();
    }

    // ---- after each write ----------------------------------------------------------------------

    /**
     * After the upsert: the user's id, the membership remembered for the run, and the name still to
     * write when the upsert found an existing user (it keeps their name).
     */
    public void created(Exchange exchange) {
        ObjectNode domainUser = answer(exchange);
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        String id = domainUser.path("user").path("id").asText("");
        if (id.isEmpty()) {
            throw new VendorRejectedException(VENDOR, VendorHttp.status(exchange), "the create answer has no user id");
        }
        result.setVendorUserId(id);
        result.setHttpStatus(VendorHttp.status(exchange));
        result.setOutcome(Outcome.APPLIED);
        exchange.setProperty(USER_ID, id);
        directory.remember(runId, domainUser);
        Map<String, Object> names = nameChanges(domainUser.path("user"), person);
        if (!names.isEmpty()) {
            exchange.setProperty(USER_CHANGES, names);
            result.note("existing Skilljar user added to " + domain());
        }
    }

    /** After a deactivation or reactivation of the domain membership. */
    public void membershipChanged(Exchange exchange) {
        ObjectNode domainUser = answer(exchange);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        result.setHttpStatus(VendorHttp.status(exchange));
        result.setOutcome(Outcome.APPLIED);
        if (domainUser.path("user").path("email").isTextual()) {
            directory.remember(runId, domainUser);
        }
    }

    /** Body of the name update. */
    public Map<String, Object> nameBody(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> names = exchange.getProperty(USER_CHANGES, Map.class);
        return names;
    }

    /**
     * After the user update: the run's copy of the membership follows (after an email change it is known
     * under the new email only, so neither email finds a stale entry).
     */
    public void renamed(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> names = exchange.getProperty(USER_CHANGES, Map.class);
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        String formerEmail = exchange.getProperty(FORMER_EMAIL, String.class);
        if (formerEmail != null && names.containsKey("email")) {
            directory.moveEmail(runId, formerEmail, person.email());
        }
        directory.domainUser(runId, person.email()).ifPresent(known -> {
            ObjectNode user = (ObjectNode) known.path("user");
            names.forEach((field, value) -> user.put(field, String.valueOf(value)));
        });
        if (result.getAction() == VendorAction.NONE) {
            result.setAction(VendorAction.UPDATE);
        }
        if (result.getHttpStatus() == null) {
            result.setHttpStatus(VendorHttp.status(exchange));
        }
        result.setOutcome(Outcome.APPLIED);
        result.note("changed: " + String.join(", ", names.keySet())
                + (formerEmail != null && names.containsKey("email") ? " (was " + formerEmail + ")" : ""));
        exchange.removeProperty(USER_CHANGES);
        exchange.removeProperty(FORMER_EMAIL);
    }

    /** Group ids the person should be in but is not yet (only for people who keep access). */
    public List<String> missingGroups(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String userId = exchange.getProperty(USER_ID, String.class);
        @SuppressWarnings("unchecked")
        List<String> wanted = exchange.getProperty(GROUP_IDS, List.class);
        if (!person.shouldHaveAccess() || userId == null || wanted == null) {
            return List.of();
        }
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        List<String> missing = new ArrayList<>();
        for (String groupId : wanted) {
            if (!directory.members(runId, groupId).contains(userId)) {
                missing.add(groupId);
            }
        }
        return missing;
    }

    /** Body of the group membership call. */
    public Map<String, Object> membership(Exchange exchange) {
        return Map.of("user", Map.of("id", exchange.getProperty(USER_ID, String.class)));
    }

    /** After adding the user to a group. */
    public void joinedGroup(Exchange exchange) {
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        String groupId = exchange.getProperty(GROUP_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        directory.members(runId, groupId).add(exchange.getProperty(USER_ID, String.class));
        if (result.getAction() == VendorAction.NONE) {
            result.setAction(VendorAction.UPDATE);
        }
        if (result.getHttpStatus() == null) {
            result.setHttpStatus(VendorHttp.status(exchange));
        }
        result.setOutcome(Outcome.APPLIED);
        String name = directory.groups(runId).entrySet().stream().filter(e -> e.getValue().equals(groupId))
                .map(Map.Entry::getKey).findFirst().orElse(groupId);
        result.note("added to group " + name);
    }

    /**
     * Published courses to enrol a joiner or rehire in, once the domain membership is active; a rehire's
     * courses still actively enrolled are left alone. Nobody else is enrolled, so a re-run writes nothing.
     */
    public List<String> coursesToEnrol(Exchange exchange) {
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        @SuppressWarnings("unchecked")
        List<String> wanted = exchange.getProperty(COURSE_IDS, List.class);
        String userId = exchange.getProperty(USER_ID, String.class);
        if (wanted == null || wanted.isEmpty() || userId == null
                || (result.getAction() != VendorAction.CREATE && result.getAction() != VendorAction.REACTIVATE)) {
            return List.of();
        }
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        boolean active = directory.domainUser(runId, person.email()).map(u -> u.path("active").asBoolean(false)).orElse(false);
        if (!active) {
            throw new VendorRejectedException(VENDOR, 0, "membership in Skilljar domain " + domain()
                    + " is not active: courses cannot be enrolled");
        }
        if (result.getAction() == VendorAction.CREATE) {
            return wanted;
        }
        Set<String> enrolled = directory.activeEnrolments(userId);
        return wanted.stream().filter(id -> !enrolled.contains(id)).toList();
    }

    /** Body of the enrolment call. */
    public Map<String, Object> enrolment(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", Map.of("id", exchange.getProperty(USER_ID, String.class)));
        body.put("active", true);
        return body;
    }

    /** After an enrolment. */
    public void enrolled(Exchange exchange) {
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        String courseId = exchange.getProperty(COURSE_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        result.setOutcome(Outcome.APPLIED);
        String title = directory.courses(runId).entrySet().stream().filter(e -> e.getValue().contains(courseId))
                .map(Map.Entry::getKey).findFirst().orElse(courseId);
        result.note("enrolled in " + title);
    }

    private static ObjectNode answer(Exchange exchange) {
        JsonNode answer = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        if (!answer.isObject()) {
            throw new VendorRejectedException(VENDOR, VendorHttp.status(exchange), "the answer is not a domain user object");
        }
        return (ObjectNode) answer;
    }
}
