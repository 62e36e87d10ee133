package io.hrsync.connector.skilljar;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * A group or course the rules name that Skilljar does not have is left out and noted (the rules
 * preflight reports it once for the run): the person still gets the rest. The decisions are
 * {@link SkilljarDecider}'s; this bean reads them from the exchange and writes their results back.
 */
@ApplicationScoped
@Named("skilljarDecisions")
public class SkilljarDecisions {

    static final String VENDOR = SkilljarDecider.VENDOR;
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

    /** Decides the action ({@link SkilljarDecider#decide}) and leaves the request body (if any) in the message. */
    public void decide(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        // before deciding: a failed read of the groups or courses still records whose account the row is about
        String userId = SkilljarDecider.userId(account);
        if (userId != null) {
            result.setVendorUserId(userId);
            exchange.setProperty(USER_ID, userId);
        }
        SkilljarDecision decision = decider().decide(person, account, directory.lookups(runId));
        result.decided(decision.action(), decision.outcome());
        decision.noteOn(result);
        exchange.setProperty(GROUP_IDS, decision.groupIds());
        exchange.setProperty(COURSE_IDS, decision.courseIds());
        exchange.removeProperty(FORMER_EMAIL);
        if (decision.formerEmail() != null) {
            exchange.setProperty(FORMER_EMAIL, decision.formerEmail());
        }
        if (!decision.userChanges().isEmpty()) {
            exchange.setProperty(USER_CHANGES, decision.userChanges());
        }
        if (!decision.body().isEmpty()) {
            exchange.getMessage().setBody(decision.body());
        }
    }

    private SkilljarDecider decider() {
        return new SkilljarDecider(rules, String.valueOf(rulesFile), domain());
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
        Map<String, Object> names = SkilljarDecider.nameChanges(domainUser.path("user"), person);
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
        result.note(SkilljarDecider.changedNote(names.keySet(), formerEmail));
        exchange.removeProperty(USER_CHANGES);
        exchange.removeProperty(FORMER_EMAIL);
    }

    /** Group ids the person should be in but is not yet (only for people who keep access). */
    public List<String> missingGroups(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<String> wanted = exchange.getProperty(GROUP_IDS, List.class);
        return SkilljarDecider.missingGroups(exchange.getProperty(ExchangeKeys.PERSON, Person.class),
                exchange.getProperty(USER_ID, String.class), wanted,
                directory.lookups(exchange.getProperty(ExchangeKeys.RUN_ID, String.class)));
    }

    /** Body of the group membership call. */
    public Map<String, Object> membership(Exchange exchange) {
        return SkilljarDecider.membershipBody(exchange.getProperty(USER_ID, String.class));
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
        result.note("added to group " + SkilljarDecider.groupName(directory.groups(runId), groupId));
    }

    /**
     * Published courses to enrol a joiner or rehire in, once the domain membership is active
     * ({@link SkilljarDecider#coursesToEnrol}).
     */
    public List<String> coursesToEnrol(Exchange exchange) {
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        @SuppressWarnings("unchecked")
        List<String> wanted = exchange.getProperty(COURSE_IDS, List.class);
        return decider().coursesToEnrol(exchange.getProperty(ExchangeKeys.PERSON, Person.class), result.getAction(),
                exchange.getProperty(USER_ID, String.class), wanted,
                directory.lookups(exchange.getProperty(ExchangeKeys.RUN_ID, String.class)));
    }

    /** Body of the enrolment call. */
    public Map<String, Object> enrolment(Exchange exchange) {
        return SkilljarDecider.enrolmentBody(exchange.getProperty(USER_ID, String.class));
    }

    /** After an enrolment. */
    public void enrolled(Exchange exchange) {
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        String courseId = exchange.getProperty(COURSE_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        result.setOutcome(Outcome.APPLIED);
        result.note("enrolled in " + SkilljarDecider.courseTitle(directory.courses(runId), courseId));
    }

    private static ObjectNode answer(Exchange exchange) {
        JsonNode answer = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        if (!answer.isObject()) {
            throw new VendorRejectedException(VENDOR, VendorHttp.status(exchange), "the answer is not a domain user object");
        }
        return (ObjectNode) answer;
    }
}
