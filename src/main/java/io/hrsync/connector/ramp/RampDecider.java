package io.hrsync.connector.ramp;

import io.hrsync.connector.DecisionNote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.hris.Person;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * Decides what to do in Ramp for one person, from the person, the Ramp user found for them (or none)
 * and what Ramp has ({@link RampLookups}); the spec wins over the guide (shared/vendors/ramp.md).
 * Creation is an invite (a deferred task, with an idempotency key); updates are a PATCH of only the
 * HR-owned fields that differ (never email, never status, never the owner's role); leavers are
 * deactivated only when configuration allows it (it cancels their cards); rehires are reactivated.
 */
public class RampDecider {

    static final String INACTIVE = "USER_INACTIVE";

    private final VendorRules rules;
    private final boolean allowDeactivation;

    /** {@code allowDeactivation}: {@code hrsync.vendors.ramp.allow-deactivation}. */
    public RampDecider(VendorRules rules, boolean allowDeactivation) {
        this.rules = rules;
        this.allowDeactivation = allowDeactivation;
    }

    /** The id of the Ramp user a lookup found, or null when it found none (or a user without an id). */
    public static String userId(JsonNode account) {
        return account != null && account.hasNonNull("id") ? account.path("id").asText() : null;
    }

    /**
     * Departments and locations the person needs that Ramp does not have, to be created first — only
     * when the rules say {@code createMissingReferences: true}; otherwise they are left out of the
     * person's write (and noted) by {@link #decide}.
     */
    public List<Map<String, String>> missingReferences(Person person, RampLookups ramp) {
        if (!person.shouldHaveAccess() || !rules.createMissingReferences()) {
            return List.of();
        }
        List<Map<String, String>> missing = new ArrayList<>();
        if (person.department() != null && ramp.referenceId(RampDirectory.DEPARTMENTS, person.department()).isEmpty()) {
            missing.add(Map.of("kind", RampDirectory.DEPARTMENTS, "name", person.department()));
        }
        if (person.location() != null && ramp.referenceId(RampDirectory.LOCATIONS, person.location()).isEmpty()) {
            missing.add(Map.of("kind", RampDirectory.LOCATIONS, "name", person.location()));
        }
        return missing;
    }

    /**
     * The action for the person and its body. {@code account}: the Ramp user the lookup found, or null.
     * A write leaves the outcome open (the route makes the call); a decision without a write
     * (unchanged, skipped) has its outcome.
     */
    public RampDecision decide(Person person, JsonNode account, RampLookups ramp) {
        String userId = userId(account);
        Draft draft = new Draft(userId);
        if (!person.shouldHaveAccess()) {
            decideLeaver(person, userId == null ? null : account, draft);
        } else if (userId == null) {
            decideCreate(person, ramp, draft);
        } else {
            decideUpdate(person, account, ramp, draft);
        }
        return draft.decision();
    }

    private void decideLeaver(Person person, JsonNode account, Draft draft) {
        if (account == null) {
            draft.outcome = Outcome.SKIPPED;
            draft.note("terminated; no Ramp account to deactivate");
            return;
        }
        noteEmailChange(person, account, draft);
        String status = text(account, "status");
        if (INACTIVE.equals(status)) {
            draft.outcome = Outcome.UNCHANGED;
            draft.note("already deactivated");
        } else if (!allowDeactivation) {
            draft.outcome = Outcome.SKIPPED;
            draft.note("deactivation disabled by configuration (hrsync.vendors.ramp.allow-deactivation=false); Ramp status "
                    + status + " left as is");
        } else {
            draft.action = VendorAction.DEACTIVATE;
        }
    }

    private void decideCreate(Person person, RampLookups ramp, Draft draft) {
        draft.action = VendorAction.CREATE;
        Map<String, Object> body = draft.body;
        body.put("email", person.email());
        body.put("first_name", person.firstName());
        body.put("last_name", person.lastName());
        body.put("role", rules.roleFor(person, RampConnector.DEFAULT_ROLE));
        if (person.department() != null) {
            referenceId(ramp, RampDirectory.DEPARTMENTS, person.department(), draft).ifPresent(id -> body.put("department_id", id));
        }
        if (person.location() != null) {
            referenceId(ramp, RampDirectory.LOCATIONS, person.location(), draft).ifPresent(id -> body.put("location_id", id));
        }
        manager(ramp, person, null, draft).ifPresent(id -> body.put("direct_manager_id", id));
        body.put("employee_id", person.employeeId());
        body.put("idempotency_key", idempotencyKey(body));
    }

    private void decideUpdate(Person person, JsonNode account, RampLookups ramp, Draft draft) {
        String userId = draft.userId;
        String status = text(account, "status");
        Map<String, Object> patch = draft.body;
        List<String> changes = new ArrayList<>();
        change(patch, changes, "first_name", text(account, "first_name"), person.firstName(), "first name");
        change(patch, changes, "last_name", text(account, "last_name"), person.lastName(), "last name");
        String role = rules.roleFor(person, RampConnector.DEFAULT_ROLE);
        if (RampConnector.OWNER.equals(text(account, "role"))) {
            if (!RampConnector.OWNER.equals(role)) {
                draft.note("role BUSINESS_OWNER left as is (Ramp's owner is never changed by hrsync)");
            }
        } else {
            change(patch, changes, "role", text(account, "role"), role, "role " + role);
        }
        if (person.department() != null) {
            referenceId(ramp, RampDirectory.DEPARTMENTS, person.department(), draft).ifPresent(id -> change(patch, changes,
                    "department_id", text(account, "department_id"), id, "department " + person.department()));
        }
        if (person.location() != null) {
            referenceId(ramp, RampDirectory.LOCATIONS, person.location(), draft).ifPresent(id -> change(patch, changes,
                    "location_id", text(account, "location_id"), id, "location " + person.location()));
        }
        manager(ramp, person, userId, draft).ifPresent(id -> change(patch, changes, "direct_manager_id",
                text(account, "manager_id"), id, "manager " + person.managerEmail()));
        change(patch, changes, "employee_id", text(account, "employee_id"), person.employeeId(), "employee_id");
        if (noteEmailChange(person, account, draft)) {
            draft.rampEmail = text(account, "email");
        }
        if ("INVITE_EXPIRED".equals(status)) {
            draft.note("Ramp's invite expired: resend it from Ramp");
        } else if ("USER_SUSPENDED".equals(status)) {
            draft.note("suspended in Ramp: left suspended");
        }
        if (INACTIVE.equals(status)) {
            draft.action = VendorAction.REACTIVATE;
            draft.note("reactivated (rehire)" + (changes.isEmpty() ? "" : "; changed: " + String.join(", ", changes)));
        } else if (!patch.isEmpty()) {
            draft.action = VendorAction.UPDATE;
            draft.note("changed: " + String.join(", ", changes));
        } else {
            draft.outcome = Outcome.UNCHANGED;
        }
    }

    /**
     * Ramp's API cannot change an email: the other fields are updated on the existing user (never a
     * second invite) and the difference is noted for a Ramp admin to change by hand. True when they differ.
     */
    private static boolean noteEmailChange(Person person, JsonNode account, Draft draft) {
        String current = text(account, "email");
        if (current != null && !current.equalsIgnoreCase(person.email())) {
            draft.note("email in the HRIS is " + person.email() + " but " + current
                    + " in Ramp; Ramp's API cannot change an email: change it in Ramp by hand");
            return true;
        }
        return false;
    }

    private static void change(Map<String, Object> patch, List<String> changes, String field, String current,
            String wanted, String label) {
        if (wanted != null && !Objects.equals(current, wanted)) {
            patch.put(field, wanted);
            changes.add(label);
        }
    }

    /**
     * The id of a department or location by name. One Ramp does not have (and hrsync may not create:
     * {@code createMissingReferences} is off; the rules preflight reported it once for the run) is left
     * out of the invite or the update and noted: both fields are optional in Ramp's create and update,
     * so the person still gets their account, and no call is spent on a write Ramp would refuse.
     */
    private Optional<String> referenceId(RampLookups ramp, String kind, String name, Draft draft) {
        Optional<String> id = ramp.referenceId(kind, name);
        if (id.isEmpty()) {
            draft.skipped(singular(kind) + " '" + name + "' does not exist in Ramp: " + singular(kind) + " not set"
                    + (rules.createMissingReferences() ? "" : " (create it in Ramp, or set ramp.createMissingReferences: true"
                            + " in the provisioning rules)"));
        }
        return id;
    }

    /** The manager's Ramp user id, resolved from their email; empty (noted) when they have no Ramp account. */
    private static Optional<String> manager(RampLookups ramp, Person person, String userId, Draft draft) {
        if (person.managerEmail() == null || person.managerEmail().equalsIgnoreCase(person.email())) {
            return Optional.empty();
        }
        Optional<String> id = ramp.userId(person.managerEmail()).filter(m -> !m.isEmpty() && !m.equals(userId));
        if (id.isEmpty()) {
            draft.note("manager " + person.managerEmail() + " has no Ramp account: direct manager not set");
        }
        return id;
    }

    /**
     * Same person and same request → same key, so a retried or resumed invite returns Ramp's existing
     * task instead of inviting twice. The key covers the whole request (employee_id and email first),
     * so a corrected request (say, after a task failed on a missing department) is not answered with
     * the old failed task.
     */
    static String idempotencyKey(Map<String, Object> body) {
        TreeMap<String, Object> fields = new TreeMap<>(body);
        fields.remove("idempotency_key");
        StringBuilder text = new StringBuilder().append(body.get("employee_id")).append('\n').append(body.get("email"));
        fields.forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "hrsync-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String singular(String kind) {
        return kind.equals(RampDirectory.DEPARTMENTS) ? "department" : "location";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /** A decision being made. */
    private static final class Draft {
        final String userId;
        VendorAction action = VendorAction.NONE;
        Outcome outcome;
        final Map<String, Object> body = new LinkedHashMap<>();
        final List<DecisionNote> notes = new ArrayList<>();
        String rampEmail;

        Draft(String userId) {
            this.userId = userId;
        }

        void note(String text) {
            notes.add(new DecisionNote(text, false));
        }

        void skipped(String text) {
            notes.add(new DecisionNote(text, true));
        }

        RampDecision decision() {
            return new RampDecision(action, outcome, userId, body, notes, rampEmail);
        }
    }
}
