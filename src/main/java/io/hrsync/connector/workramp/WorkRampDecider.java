package io.hrsync.connector.workramp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.hris.Person;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * What to do in WorkRamp for one person, from the person, their account (null for none) and what the
 * run knows of the tenant; plain Java, no Camel ({@link WorkRampDecisions} applies it to the exchange).
 * Updates are read-merge-write: the full core (email, name, isAdmin, isDeleted) is sent with the
 * HR-owned fields merged into the account's current values; custom attributes always go through
 * {@code update_custom_attributes} (merge), never {@code custom_attributes}, which replaces the map and
 * loses the attributes hrsync does not own.
 */
public final class WorkRampDecider {

    private final VendorRules rules;

    public WorkRampDecider(VendorRules rules) {
        this.rules = rules;
    }

    /** Group ids of the rules' groups that exist in WorkRamp, and the groups left out because they do not. */
    public record GroupIds(List<Integer> ids, List<String> skipped) {
    }

    public WorkRampDecision decide(Person person, JsonNode account, WorkRampTenant tenant) {
        if (!exists(account)) {
            return person.shouldHaveAccess() ? create(person, tenant) : nothing(null, Outcome.SKIPPED,
                    "terminated; no WorkRamp account to deactivate");
        }
        if (!person.shouldHaveAccess()) {
            return account.path("isDeleted").asBoolean() ? nothing(account, Outcome.UNCHANGED, "already deactivated")
                    : deactivate(person, account);
        }
        return update(person, account, tenant);
    }

    /**
     * The email the account moves away from: the person keeps access and the account found is under
     * another email than the HRIS has today (found under the previous one). The update moves it to
     * today's email, and the run then knows it under that one.
     */
    public static Optional<String> movedFrom(Person person, JsonNode account) {
        if (!exists(account) || !person.shouldHaveAccess()) {
            return Optional.empty();
        }
        String currentEmail = account.path("email").asText("");
        return currentEmail.equalsIgnoreCase(person.email()) ? Optional.empty() : Optional.of(currentEmail);
    }

    private WorkRampDecision deactivate(Person person, JsonNode account) {
        Map<String, Object> body = core(account, person);
        body.put("isDeleted", true);
        return decision(VendorAction.DEACTIVATE, null, account, body, Map.of(), List.of(), List.of());
    }

    private WorkRampDecision create(Person person, WorkRampTenant tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", person.email());
        body.put("name", person.displayName());
        body.put("isAdmin", false);
        GroupIds groups = groupIds(person, tenant);
        if (!groups.ids().isEmpty()) {
            body.put("groups", groups.ids());
        }
        List<String> notes = new ArrayList<>();
        manager(person, tenant, notes).ifPresent(m -> body.put("managers", List.of(m.path("id").asInt())));
        return decision(VendorAction.CREATE, null, null, body, desiredAttributes(person), groups.skipped(), notes);
    }

    private WorkRampDecision update(Person person, JsonNode account, WorkRampTenant tenant) {
        int id = account.path("id").asInt();
        boolean reactivate = account.path("isDeleted").asBoolean();
        Map<String, Object> body = core(account, person);
        List<String> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<String> movedFrom = movedFrom(person, account);
        movedFrom.ifPresent(previous -> changes.add("email (was " + previous + ")"));
        if (!Objects.equals(account.path("name").asText(null), person.displayName())) {
            changes.add("name");
        }
        Map<String, String> current = tenant.attributes(id);
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
        Optional<JsonNode> manager = manager(person, tenant, notes);
        if (manager.isPresent() && !reportsTo(manager.get(), id)) {
            body.put("managerEmails", List.of(person.managerEmail()));
            body.put("overwriteManagerEmails", true);
            changes.add("manager");
        }
        if (reactivate) {
            movedFrom.ifPresent(previous -> notes.add("changed: email (was " + previous + ")"));
            body.put("isDeleted", false);
            return decision(VendorAction.REACTIVATE, null, account, body, Map.of(), List.of(), notes);
        }
        if (!changes.isEmpty()) {
            notes.add("changed: " + String.join(", ", changes));
            return decision(VendorAction.UPDATE, null, account, body, Map.of(), List.of(), notes);
        }
        return decision(VendorAction.NONE, Outcome.UNCHANGED, account, null, Map.of(), List.of(), notes);
    }

    /**
     * Group ids the person should be in but is not yet, for a person who keeps access and has an
     * account ({@code userId}). A user just created got their groups with the create: none is missing,
     * and no member list is read.
     */
    public GroupIds missingGroups(Person person, Integer userId, VendorAction action, WorkRampTenant tenant) {
        if (!person.shouldHaveAccess() || userId == null) {
            return new GroupIds(List.of(), List.of());
        }
        GroupIds groups = groupIds(person, tenant);
        List<Integer> missing = new ArrayList<>();
        for (int groupId : groups.ids()) {
            if (action != VendorAction.CREATE && !tenant.members(groupId).contains(userId)) {
                missing.add(groupId);
            }
        }
        return new GroupIds(missing, groups.skipped());
    }

    /** Body of the update after a create: the joiner's custom attributes, merged (never the replacing custom_attributes). */
    public static Map<String, Object> pendingAttributesBody(Map<String, String> attributes) {
        return Map.of("update_custom_attributes", attributes);
    }

    /** Body of the group membership call. */
    public static Map<String, Object> membershipBody(int userId) {
        return Map.of("userId", userId);
    }

    /** A group's name for the notes, its id when the run does not know it. */
    public static String groupName(Map<String, Integer> groups, int groupId) {
        return groups.entrySet().stream().filter(e -> e.getValue() == groupId)
                .map(Map.Entry::getKey).findFirst().orElse(String.valueOf(groupId));
    }

    /** The current core fields with the HR-owned ones merged in: never a partial replacement. */
    private static Map<String, Object> core(JsonNode account, Person person) {
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

    private static Optional<JsonNode> manager(Person person, WorkRampTenant tenant, List<String> notes) {
        if (person.managerEmail() == null) {
            return Optional.empty();
        }
        Optional<JsonNode> manager = tenant.user(person.managerEmail());
        if (manager.isEmpty()) {
            notes.add("manager " + person.managerEmail() + " has no WorkRamp account yet");
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
    private GroupIds groupIds(Person person, WorkRampTenant tenant) {
        List<String> names = rules.groupsFor(person);
        if (names.isEmpty()) {
            return new GroupIds(List.of(), List.of());
        }
        Map<String, Integer> groups = tenant.groups();
        List<Integer> ids = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : names) {
            Integer id = groups.get(name);
            if (id == null) {
                skipped.add("group '" + name + "' (mapped from department '" + person.department()
                        + "') does not exist in WorkRamp: membership skipped");
            } else {
                ids.add(id);
            }
        }
        return new GroupIds(ids, skipped);
    }

    private static boolean exists(JsonNode account) {
        return account != null && !account.isNull();
    }

    private static WorkRampDecision nothing(JsonNode account, Outcome outcome, String note) {
        return decision(VendorAction.NONE, outcome, account, null, Map.of(), List.of(), List.of(note));
    }

    private static WorkRampDecision decision(VendorAction action, Outcome outcome, JsonNode account, Map<String, Object> body,
            Map<String, String> pendingAttributes, List<String> skipped, List<String> notes) {
        return new WorkRampDecision(action, outcome, exists(account) ? account.path("id").asInt() : null,
                exists(account) ? account.path("id").asText() : null,
                body == null ? null : Collections.unmodifiableMap(body), Collections.unmodifiableMap(pendingAttributes),
                List.copyOf(skipped), List.copyOf(notes));
    }
}
