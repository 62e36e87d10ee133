package io.hrsync.connector.workramp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.connector.LookupAnswers;
import io.hrsync.connector.PreviousEmail;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * What to do in WorkRamp for one person, and the request bodies for it. Updates are
 * read-merge-write: the current user is read, the HR-owned fields are merged in, and the full core
 * (email, name, isAdmin, isDeleted) is written back; custom attributes always go through
 * {@code update_custom_attributes} (merge), never {@code custom_attributes} (which replaces the map
 * and loses attributes hrsync does not own).
 */
@ApplicationScoped
@Named("workRampDecisions")
public class WorkRampDecisions {

    static final String USER_ID = "workrampUserId";
    static final String PENDING_ATTRIBUTES = "workrampPendingAttributes";

    private final VendorRules rules;
    private final WorkRampDirectory directory;

    public WorkRampDecisions(ProvisioningRules rules, WorkRampDirectory directory) {
        this.rules = rules.forVendor("workramp");
        this.directory = directory;
    }

    /** Query of the lookup by email: deleted users included, so a rehire is reactivated, not duplicated. */
    public String findQuery(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        return emailQuery(person.email());
    }

    /** Query of the lookup by the email the account was last applied under (the HRIS email changed since). */
    public String findByPreviousEmailQuery(Exchange exchange) {
        return emailQuery(PreviousEmail.of(exchange));
    }

    private static String emailQuery(String email) {
        return VendorHttp.query(Map.of("email", email, "limit", 1, "includeDeleted", true));
    }

    /** The lookup's answer (a bare array) → the user with the person's email, or null. */
    public JsonNode firstUser(Exchange exchange) {
        return userWithEmail(VendorHttp.readJson(exchange.getMessage().getBody(String.class)),
                exchange.getProperty(ExchangeKeys.PERSON, Person.class).email());
    }

    /** The previous-email lookup's answer → the user with the previous email, or null. */
    public JsonNode firstUserByPreviousEmail(Exchange exchange) {
        return userWithEmail(VendorHttp.readJson(exchange.getMessage().getBody(String.class)), PreviousEmail.of(exchange));
    }

    /**
     * The user of a lookup answer that really has the email asked for: a WorkRamp that ignored the
     * filter (and answered with the first users of the tenant) finds nobody, rather than the wrong account.
     */
    static JsonNode userWithEmail(JsonNode users, String email) {
        if (!users.isArray()) {
            throw new VendorRejectedException("workramp", 0, "the user lookup's answer is not a JSON array");
        }
        return LookupAnswers.withEmail(users, email).orElse(null);
    }

    /** Decides the action and leaves the request body in the message. */
    public void decide(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        if (account != null && !account.isNull()) {
            result.setVendorUserId(account.path("id").asText());
            exchange.setProperty(USER_ID, account.path("id").asInt());
        }
        if (!person.shouldHaveAccess()) {
            decideLeaver(exchange, person, account, result);
        } else if (account == null || account.isNull()) {
            decideCreate(exchange, person, runId, result);
        } else {
            decideUpdate(exchange, person, runId, account, result);
        }
    }

    private void decideLeaver(Exchange exchange, Person person, JsonNode account, VendorResult result) {
        if (account == null || account.isNull()) {
            result.setOutcome(Outcome.SKIPPED);
            result.note("terminated; no WorkRamp account to deactivate");
        } else if (account.path("isDeleted").asBoolean()) {
            result.setOutcome(Outcome.UNCHANGED);
            result.note("already deactivated");
        } else {
            result.setAction(VendorAction.DEACTIVATE);
            Map<String, Object> body = core(account, person);
            body.put("isDeleted", true);
            exchange.getMessage().setBody(body);
        }
    }

    private void decideCreate(Exchange exchange, Person person, String runId, VendorResult result) {
        result.setAction(VendorAction.CREATE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", person.email());
        body.put("name", person.displayName());
        body.put("isAdmin", false);
        List<Integer> groups = groupIds(runId, person, result);
        if (!groups.isEmpty()) {
            body.put("groups", groups);
        }
        manager(runId, person, result).ifPresent(m -> body.put("managers", List.of(m.path("id").asInt())));
        Map<String, String> attributes = desiredAttributes(person);
        if (!attributes.isEmpty()) {
            exchange.setProperty(PENDING_ATTRIBUTES, attributes);
        }
        exchange.getMessage().setBody(body);
    }

    private void decideUpdate(Exchange exchange, Person person, String runId, JsonNode account, VendorResult result) {
        int id = account.path("id").asInt();
        boolean reactivate = account.path("isDeleted").asBoolean();
        Map<String, Object> body = core(account, person);
        List<String> changes = new ArrayList<>();
        String currentEmail = account.path("email").asText("");
        if (!currentEmail.equalsIgnoreCase(person.email())) {
            // the HRIS email changed: the update moves the account to it (core() carries the new email)
            changes.add("email (was " + currentEmail + ")");
            directory.forgetUser(runId, currentEmail);
            directory.rememberUser(runId, person.email(), account);
        }
        if (!Objects.equals(account.path("name").asText(null), person.displayName())) {
            changes.add("name");
        }
        Map<String, String> current = directory.attributes(runId, id);
        Map<String, String> changedAttributes = new LinkedHashMap<>();
        desiredAttributes(person).forEach((name, value) -> {
            if (!Objects.equals(current.get(name), value)) {
                changedAttributes.put(name, value);
            }
        });
        if (!changedAttributes.isEmpty()) {
            body.put("update_custom_attributes", changedAttributes);
            changes.add("attributes " + changedAttributes.keySet());
        }
        Optional<JsonNode> manager = manager(runId, person, result);
        if (manager.isPresent() && !reportsTo(manager.get(), id)) {
            body.put("managerEmails", List.of(person.managerEmail()));
            body.put("overwriteManagerEmails", true);
            changes.add("manager");
        }
        if (reactivate) {
            result.setAction(VendorAction.REACTIVATE);
            if (!currentEmail.equalsIgnoreCase(person.email())) {
                result.note("changed: email (was " + currentEmail + ")");
            }
            body.put("isDeleted", false);
            exchange.getMessage().setBody(body);
        } else if (!changes.isEmpty()) {
            result.setAction(VendorAction.UPDATE);
            result.note("changed: " + String.join(", ", changes));
            exchange.getMessage().setBody(body);
        } else {
            result.setOutcome(Outcome.UNCHANGED);
        }
    }

    /** The current core fields with the HR-owned ones merged in: never a partial replacement. */
    private Map<String, Object> core(JsonNode account, Person person) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", person.email());
        body.put("name", person.displayName());
        body.put("isAdmin", account.path("isAdmin").asBoolean(false));
        body.put("isDeleted", account.path("isDeleted").asBoolean(false));
        return body;
    }

    private Map<String, String> desiredAttributes(Person person) {
        Map<String, String> attributes = new LinkedHashMap<>();
        rules.customAttributes().forEach((name, field) -> {
            String value = person.field(field);
            if (value != null) {
                attributes.put(name, value);
            }
        });
        return attributes;
    }

    private Optional<JsonNode> manager(String runId, Person person, VendorResult result) {
        if (person.managerEmail() == null) {
            return Optional.empty();
        }
        Optional<JsonNode> manager = directory.manager(runId, person.managerEmail());
        if (manager.isEmpty()) {
            result.note("manager " + person.managerEmail() + " has no WorkRamp account yet");
        }
        return manager;
    }

    private static boolean reportsTo(JsonNode manager, int userId) {
        for (JsonNode report : manager.path("directReports")) {
            if (report.path("id").asInt() == userId) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ids of the person's groups that exist in WorkRamp. A group the rules name but WorkRamp lacks (the
     * rules preflight reported it once for the run) is left out and noted: the account is still
     * created or updated, in the groups that exist, and no call is spent on a membership that cannot
     * succeed (WorkRamp refuses a create naming an unknown group id).
     */
    private List<Integer> groupIds(String runId, Person person, VendorResult result) {
        List<String> names = rules.groupsFor(person);
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> groups = directory.groups(runId);
        List<Integer> ids = new ArrayList<>();
        for (String name : names) {
            Integer id = groups.get(name);
            if (id == null) {
                result.skipped("group '" + name + "' (mapped from department '" + person.department()
                        + "') does not exist in WorkRamp: membership skipped");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    /** After a create: the new user's id, and the custom attributes still to write. */
    public void created(Exchange exchange) {
        JsonNode user = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        result.setVendorUserId(user.path("id").asText());
        result.setOutcome(Outcome.APPLIED);
        exchange.setProperty(USER_ID, user.path("id").asInt());
        directory.rememberUser(exchange.getProperty(ExchangeKeys.RUN_ID, String.class),
                exchange.getProperty(ExchangeKeys.PERSON, Person.class).email(), user);
        @SuppressWarnings("unchecked")
        Map<String, String> attributes = exchange.getProperty(PENDING_ATTRIBUTES, Map.class);
        if (attributes != null) {
            exchange.getMessage().setBody(Map.of("update_custom_attributes", attributes));
        }
    }

    /** Group ids the person should be in but is not yet (only for people who keep access). */
    public List<Integer> missingGroups(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        Integer userId = exchange.getProperty(USER_ID, Integer.class);
        if (!person.shouldHaveAccess() || userId == null) {
            return List.of();
        }
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        List<Integer> missing = new ArrayList<>();
        for (int groupId : groupIds(runId, person, result)) {
            if (result.getAction() != VendorAction.CREATE && !directory.members(runId, groupId).contains(userId)) {
                missing.add(groupId);
            }
        }
        return missing;
    }

    /** After adding the user to a group. */
    public void joinedGroup(Exchange exchange) {
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        int groupId = exchange.getProperty("workrampGroupId", Integer.class);
        directory.members(runId, groupId).add(exchange.getProperty(USER_ID, Integer.class));
        if (result.getAction() == VendorAction.NONE) {
            result.setAction(VendorAction.UPDATE);
        }
        result.setOutcome(Outcome.APPLIED);
        String name = directory.groups(runId).entrySet().stream().filter(e -> e.getValue() == groupId)
                .map(Map.Entry::getKey).findFirst().orElse(String.valueOf(groupId));
        result.note("added to group " + name);
    }

    /** Body of the group membership call. */
    public Map<String, Object> membership(Exchange exchange) {
        return Map.of("userId", exchange.getProperty(USER_ID, Integer.class));
    }
}
