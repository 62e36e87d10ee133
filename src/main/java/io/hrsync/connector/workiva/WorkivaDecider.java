package io.hrsync.connector.workiva;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.hris.Person;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * What to do in Workiva for one person, from the person, their account (null for none) and the
 * workspace as the run knows it; plain Java, no Camel ({@link WorkivaDecisions} applies it to the
 * exchange). hrsync owns a user's given, family and display name, and their email (after an HRIS email
 * change the account is found under the previous email and moved to the new one, with its username
 * when that was the old email): an update is a JSON Patch of {@code replace} operations on exactly the
 * ones that differ (nothing differs, nothing is sent). {@code status} is read-only over REST, so
 * suspension and reactivation go through the customer's SCIM endpoint. Users are never deleted.
 */
public final class WorkivaDecider {

    private static final String SCIM_PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final VendorRules rules;
    private final Path rulesFile;

    /** {@code rulesFile}: where the rules come from, named in the note of a group Workiva lacks. */
    public WorkivaDecider(VendorRules rules, Path rulesFile) {
        this.rules = rules;
        this.rulesFile = rulesFile;
    }

    /** Group ids of the rules' groups that exist in the workspace, and the groups left out because they do not. */
    public record GroupIds(List<String> ids, List<String> skipped) {
    }

    public WorkivaDecision decide(Person person, JsonNode account, WorkivaWorkspace workspace) {
        boolean exists = account != null && !account.isNull();
        if (!person.shouldHaveAccess()) {
            if (!exists) {
                return nothing(null, Outcome.SKIPPED, List.of("terminated; no Workiva account to suspend"));
            }
            if (suspended(account)) {
                return nothing(account, Outcome.UNCHANGED, List.of("already suspended"));
            }
            return decision(VendorAction.DEACTIVATE, null, account, null, List.of(), List.of(),
                    List.of("suspended (SCIM active=false); the account is kept"));
        }
        // a group missing in Workiva is noted here, before anything is written
        List<String> skipped = groupIds(person, workspace).skipped();
        if (exists) {
            return existing(person, account, skipped, List.of());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", person.email());
        body.put("username", person.email());
        body.put("givenName", person.firstName());
        body.put("familyName", person.lastName());
        body.put("displayName", person.displayName());
        return decision(VendorAction.CREATE, null, null, body, List.of(), skipped, List.of());
    }

    /**
     * The create answered 409 and the lookup found the user with the person's email after all: the
     * person goes on as an update of that user.
     */
    public WorkivaDecision continueAsUpdate(Person person, JsonNode existing) {
        return existing(person, existing, List.of(), List.of("already in Workiva (create answered 409), continued as an update"));
    }

    private WorkivaDecision existing(Person person, JsonNode account, List<String> skipped, List<String> notesBefore) {
        List<Map<String, String>> patch = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        String currentEmail = account.path("email").asText("");
        if (!currentEmail.equalsIgnoreCase(person.email())) {
            // the HRIS email changed: the account moves to it, and so does a username that was the old email
            patch.add(replace("email", person.email()));
            changed.add("email (was " + currentEmail + ")");
            if (currentEmail.equalsIgnoreCase(account.path("username").asText(""))) {
                patch.add(replace("username", person.email()));
                changed.add("username");
            }
        }
        replaceIfDifferent(account, "givenName", person.firstName(), patch, changed);
        replaceIfDifferent(account, "familyName", person.lastName(), patch, changed);
        replaceIfDifferent(account, "displayName", person.displayName(), patch, changed);
        List<String> notes = new ArrayList<>(notesBefore);
        if (suspended(account)) {
            notes.add("suspended account reactivated" + (changed.isEmpty() ? "" : "; changed: " + String.join(", ", changed)));
            return decision(VendorAction.REACTIVATE, null, account, null, patch, skipped, notes);
        }
        if (!patch.isEmpty()) {
            notes.add("changed: " + String.join(", ", changed));
            return decision(VendorAction.UPDATE, null, account, null, patch, skipped, notes);
        }
        return decision(VendorAction.NONE, Outcome.UNCHANGED, account, null, patch, skipped, notes);
    }

    /**
     * Ids of the groups the person should be in but is not yet, for a person who keeps access and has
     * an account ({@code userId}). A user created just now is in no group yet: every group is missing,
     * and no member list is read.
     */
    public GroupIds missingGroups(Person person, String userId, VendorAction action, WorkivaWorkspace workspace) {
        if (!person.shouldHaveAccess() || userId == null) {
            return new GroupIds(List.of(), List.of());
        }
        boolean created = action == VendorAction.CREATE;
        GroupIds groups = groupIds(person, workspace);
        List<String> missing = new ArrayList<>();
        for (String groupId : groups.ids()) {
            if (created || !workspace.members(groupId).contains(userId)) {
                missing.add(groupId);
            }
        }
        return new GroupIds(missing, groups.skipped());
    }

    /** Body of the SCIM PATCH that suspends ({@code active:false}) or reactivates ({@code active:true}) the user. */
    public static Map<String, Object> scimActiveBody(boolean active) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "replace");
        op.put("path", "active");
        op.put("value", active);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(SCIM_PATCH_OP));
        body.put("Operations", List.of(op));
        return body;
    }

    /** Body of the membership change: add the user, remove nobody. */
    public static Map<String, Object> membershipBody(String userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("toAdd", List.of(userId));
        body.put("toRemove", List.of());
        return body;
    }

    /** A group's name for the notes, its id when the run does not know it. */
    public static String groupName(Map<String, String> groups, String groupId) {
        return groups.entrySet().stream().filter(e -> e.getValue().equals(groupId))
                .map(Map.Entry::getKey).findFirst().orElse(groupId);
    }

    /**
     * Ids of the person's department's groups that exist in Workiva; a group the rules name but the
     * workspace lacks (reported once by the rules preflight) is left out and noted, and the account
     * is still created or updated in the groups that exist.
     */
    private GroupIds groupIds(Person person, WorkivaWorkspace workspace) {
        List<String> names = rules.groupsFor(person);
        if (names.isEmpty()) {
            return new GroupIds(List.of(), List.of());
        }
        Map<String, String> groups = workspace.groups();
        List<String> ids = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : names) {
            String id = groups.get(name);
            if (id == null) {
                skipped.add("group '" + name + "' (mapped from department '" + person.department() + "' in "
                        + rulesFile + ") does not exist in Workiva workspace " + workspace.id()
                        + ": membership skipped");
            } else {
                ids.add(id);
            }
        }
        return new GroupIds(ids, skipped);
    }

    private static void replaceIfDifferent(JsonNode account, String field, String wanted, List<Map<String, String>> patch,
            List<String> changed) {
        if (wanted != null && !Objects.equals(account.path(field).asText(null), wanted)) {
            patch.add(replace(field, wanted));
            changed.add(field);
        }
    }

    private static Map<String, String> replace(String field, String value) {
        Map<String, String> op = new LinkedHashMap<>();
        op.put("op", "replace");
        op.put("path", "/" + field);
        op.put("value", value);
        return op;
    }

    private static boolean suspended(JsonNode account) {
        return "suspended".equalsIgnoreCase(account.path("status").asText(""));
    }

    private static WorkivaDecision nothing(JsonNode account, Outcome outcome, List<String> notes) {
        return decision(VendorAction.NONE, outcome, account, null, List.of(), List.of(), notes);
    }

    private static WorkivaDecision decision(VendorAction action, Outcome outcome, JsonNode account, Map<String, Object> createBody,
            List<Map<String, String>> patch, List<String> skipped, List<String> notes) {
        return new WorkivaDecision(action, outcome, account == null ? null : account.path("id").asText(),
                createBody == null ? null : Collections.unmodifiableMap(createBody), List.copyOf(patch), List.copyOf(skipped),
                List.copyOf(notes));
    }
}
