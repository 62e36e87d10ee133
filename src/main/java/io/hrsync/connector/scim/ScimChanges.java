package io.hrsync.connector.scim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hrsync.hris.Person;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * The decision for one person in one SCIM app, from typed values only: the person, their account
 * (null: none), the attribute values hrsync owns ({@link ScimAttributes#desired}, with the manager's
 * id when it is known), the ids of the groups the rules give them, and how this app is written to.
 * No Camel, no I/O: {@code ScimChangesTest} is its specification.
 */
public final class ScimChanges {

    /**
     * How the app is written to: PATCH (the server supports it) or PUT (read-merge-write), and
     * whether a leaver is deleted (only when configured) rather than deactivated.
     */
    public record Writing(String vendor, boolean patch, boolean deleteLeavers) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScimChanges() {
    }

    public static ScimDecision decide(Person person, JsonNode account, Map<String, String> desired, List<String> groupIds,
            Writing writing) {
        boolean exists = account != null && !account.isNull() && !account.isMissingNode();
        String userId = exists ? account.path("id").asText(null) : null;
        if (!person.shouldHaveAccess()) {
            return leaver(account, exists, userId, writing);
        }
        if (!exists) {
            ObjectNode resource = ScimAttributes.write(NODES.objectNode(), desired);
            resource.put("active", true);
            return new ScimDecision(VendorAction.CREATE, null, null, "POST", resource, List.of(), groupIds);
        }
        List<String> groupsToJoin = groupIds.stream().filter(id -> !memberOf(account, id)).toList();
        List<String> changed = ScimAttributes.changed(account, desired);
        boolean reactivate = !active(account);
        if (changed.isEmpty() && !reactivate) {
            return ScimDecision.none(Outcome.UNCHANGED, userId, null, groupsToJoin);
        }
        List<String> notes = changed.isEmpty() ? List.of() : List.of("changed: " + describe(account, changed));
        VendorAction action = reactivate ? VendorAction.REACTIVATE : VendorAction.UPDATE;
        if (writing.patch()) {
            List<Map<String, Object>> operations = new ArrayList<>();
            changed.forEach(path -> operations.add(ScimAttributes.operation(account, path, desired.get(path))));
            if (reactivate) {
                operations.add(ScimAttributes.op("replace", "active", true));
            }
            return new ScimDecision(action, null, userId, "PATCH", patchOp(operations), notes, groupsToJoin);
        }
        ObjectNode merged = ScimAttributes.write(writable(account), desired);
        merged.put("active", true);
        return new ScimDecision(action, null, userId, "PUT", merged, notes, groupsToJoin);
    }

    private static ScimDecision leaver(JsonNode account, boolean exists, String userId, Writing writing) {
        if (!exists) {
            return ScimDecision.none(Outcome.SKIPPED, null, "terminated; no " + writing.vendor() + " account to deactivate", List.of());
        }
        if (!active(account) && !writing.deleteLeavers()) {
            return ScimDecision.none(Outcome.UNCHANGED, userId, "already deactivated", List.of());
        }
        if (writing.deleteLeavers()) {
            return new ScimDecision(VendorAction.DEACTIVATE, null, userId, "DELETE", null,
                    List.of("deleted (hrsync.vendors." + writing.vendor() + ".leaver-action=delete)"), List.of());
        }
        if (writing.patch()) {
            return new ScimDecision(VendorAction.DEACTIVATE, null, userId, "PATCH",
                    patchOp(List.of(ScimAttributes.op("replace", "active", false))), List.of(), List.of());
        }
        ObjectNode merged = writable(account);
        merged.put("active", false);
        return new ScimDecision(VendorAction.DEACTIVATE, null, userId, "PUT", merged, List.of(), List.of());
    }

    /** A PatchOp message (RFC 7644 §3.5.2). */
    static Map<String, Object> patchOp(List<Map<String, Object>> operations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(ScimSchemas.PATCH_OP));
        body.put("Operations", operations);
        return body;
    }

    /** The PatchOp that adds one member to a group. */
    public static Map<String, Object> membership(String userId) {
        return patchOp(List.of(ScimAttributes.op("add", "members", List.of(Map.of("value", userId)))));
    }

    /** Whether SCIM says the account is active (an absent {@code active} is taken as active, RFC 7643 §4.1.1). */
    static boolean active(JsonNode account) {
        JsonNode active = account.path("active");
        return active.isMissingNode() || active.isNull() || active.asBoolean(true);
    }

    private static boolean memberOf(JsonNode account, String groupId) {
        for (JsonNode group : account.path("groups")) {
            if (groupId.equals(group.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The account as a PUT body: read-only attributes (id, meta, groups) left out, everything else kept. */
    private static ObjectNode writable(JsonNode account) {
        ObjectNode copy = account.deepCopy();
        copy.remove(List.of("id", "meta", "groups"));
        return copy;
    }

    private static String describe(JsonNode account, List<String> changed) {
        List<String> parts = new ArrayList<>();
        for (Iterator<String> it = changed.iterator(); it.hasNext();) {
            String path = it.next();
            parts.add(ScimAttributes.USER_NAME.equals(path) ? "userName (was " + ScimAttributes.read(account, path) + ")" : path);
        }
        return String.join(", ", parts);
    }
}
