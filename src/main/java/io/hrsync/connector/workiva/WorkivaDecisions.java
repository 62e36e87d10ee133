package io.hrsync.connector.workiva;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
import io.hrsync.connector.PreviousEmail;
import io.hrsync.connector.LookupAnswers;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * What to do in Workiva for one person, and the request bodies for it. hrsync owns a user's given,
 * family and display name, and their email (after an HRIS email change the account is found under the
 * previous email and moved to the new one, with its username when that was the old email): an update
 * is a JSON Patch of {@code replace} operations on exactly the ones that differ (nothing differs,
 * nothing is sent). {@code status} is read-only over REST, so
 * suspension and reactivation go through the customer's SCIM endpoint. Users are never deleted.
 */
@ApplicationScoped
@Named("workivaDecisions")
public class WorkivaDecisions {

    static final String USER_ID = "workivaUserId";
    static final String PATCH = "workivaPatch";
    static final String ACTIVE = "workivaActive";
    static final String GROUP_ID = "workivaGroupId";
    private static final String VENDOR = WorkivaTokens.VENDOR;
    private static final String SCIM_PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final ProvisioningRules allRules;
    private final VendorRules rules;
    private final WorkivaDirectory directory;

    public WorkivaDecisions(ProvisioningRules rules, WorkivaDirectory directory) {
        this.allRules = rules;
        this.rules = rules.forVendor(VENDOR);
        this.directory = directory;
    }

    /** Query of the lookup by email. */
    public String findQuery(Exchange exchange) {
        return WorkivaDirectory.emailQuery(exchange.getProperty(ExchangeKeys.PERSON, Person.class).email());
    }

    /** Query of the lookup by the email the account was last applied under (the HRIS email changed since). */
    public String findByPreviousEmailQuery(Exchange exchange) {
        return WorkivaDirectory.emailQuery(PreviousEmail.of(exchange));
    }

    /** The lookup's answer ({data:[…]}) → the user with the person's email, or null. */
    public JsonNode firstUser(Exchange exchange) {
        return userWithEmail(exchange, exchange.getProperty(ExchangeKeys.PERSON, Person.class).email());
    }

    /** The previous-email lookup's answer ({data:[…]}) → the user with the previous email, or null. */
    public JsonNode firstUserByPreviousEmail(Exchange exchange) {
        return userWithEmail(exchange, PreviousEmail.of(exchange));
    }

    private static JsonNode userWithEmail(Exchange exchange, String email) {
        return LookupAnswers.withEmail(VendorHttp.readJson(exchange.getMessage().getBody(String.class)).path("data"), email)
                .orElse(null);
    }

    /** Decides the action; leaves the create body in the message, the patch and the SCIM change in properties. */
    public void decide(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        exchange.removeProperty(USER_ID);
        exchange.removeProperty(PATCH);
        exchange.removeProperty(ACTIVE);
        boolean exists = account != null && !account.isNull();
        if (exists) {
            remember(exchange, account, result);
        }
        if (!person.shouldHaveAccess()) {
            decideLeaver(exchange, account, result);
            return;
        }
        if (!exists) {
            result.setAction(VendorAction.CREATE);
        }
        groupIds(runId, person, result); // a group missing in Workiva is noted here, before anything is written
        if (exists) {
            decideExisting(exchange, person, account, result);
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("email", person.email());
            body.put("username", person.email());
            body.put("givenName", person.firstName());
            body.put("familyName", person.lastName());
            body.put("displayName", person.displayName());
            exchange.getMessage().setBody(body);
        }
    }

    private void decideLeaver(Exchange exchange, JsonNode account, VendorResult result) {
        if (account == null || account.isNull()) {
            result.setOutcome(Outcome.SKIPPED);
            result.note("terminated; no Workiva account to suspend");
        } else if (suspended(account)) {
            result.setOutcome(Outcome.UNCHANGED);
            result.note("already suspended");
        } else {
            result.setAction(VendorAction.DEACTIVATE);
            result.note("suspended (SCIM active=false); the account is kept");
            exchange.setProperty(ACTIVE, false);
        }
    }

    private void decideExisting(Exchange exchange, Person person, JsonNode account, VendorResult result) {
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
        if (!patch.isEmpty()) {
            exchange.setProperty(PATCH, patch);
        }
        if (suspended(account)) {
            result.setAction(VendorAction.REACTIVATE);
            exchange.setProperty(ACTIVE, true);
            result.note("suspended account reactivated" + (changed.isEmpty() ? "" : "; changed: " + String.join(", ", changed)));
        } else if (!patch.isEmpty()) {
            result.setAction(VendorAction.UPDATE);
            result.note("changed: " + String.join(", ", changed));
        } else {
            result.setOutcome(Outcome.UNCHANGED);
        }
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

    private static void remember(Exchange exchange, JsonNode account, VendorResult result) {
        result.setVendorUserId(account.path("id").asText());
        exchange.setProperty(USER_ID, account.path("id").asText());
    }

    /**
     * After the create: the new user's id. A 409 (the email is taken) means the user exists after all:
     * it is looked up and the person goes on as an update; only a conflict on something else fails the row.
     */
    public void created(Exchange exchange) {
        exchange.removeProperty(io.hrsync.connector.VendorResponses.ACCEPT_STATUS);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        int status = VendorHttp.status(exchange);
        String body = exchange.getMessage().getBody(String.class);
        if (status == 409) {
            Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
            String conflict = WorkivaErrors.summary(body);
            JsonNode existing = directory.findUser(person.email()).orElseThrow(() -> new VendorRejectedException(VENDOR, 409,
                    conflict + "; and no Workiva user has the email " + person.email()));
            exchange.setProperty(ExchangeKeys.ACCOUNT, existing);
            remember(exchange, existing, result);
            result.setAction(VendorAction.NONE);
            result.note("already in Workiva (create answered 409), continued as an update");
            decideExisting(exchange, person, existing, result);
            return;
        }
        JsonNode user = VendorHttp.readJson(body);
        result.setVendorUserId(user.path("id").asText());
        result.setOutcome(Outcome.APPLIED);
        result.setHttpStatus(status);
        exchange.setProperty(USER_ID, user.path("id").asText());
    }

    /** Body of the SCIM PATCH that suspends ({@code active:false}) or reactivates ({@code active:true}) the user. */
    public Map<String, Object> scimActive(Exchange exchange) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "replace");
        op.put("path", "active");
        op.put("value", exchange.getProperty(ACTIVE, Boolean.class));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(SCIM_PATCH_OP));
        body.put("Operations", List.of(op));
        return body;
    }

    /** Ids of the groups the person should be in but is not yet (only for people who keep access). */
    public List<String> missingGroups(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String userId = exchange.getProperty(USER_ID, String.class);
        if (!person.shouldHaveAccess() || userId == null) {
            return List.of();
        }
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        boolean created = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class).getAction() == VendorAction.CREATE;
        List<String> missing = new ArrayList<>();
        for (String groupId : groupIds(runId, person, exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class))) {
            // a user created just now is in no group yet: no need to read the member list
            if (created || !directory.members(runId, groupId).contains(userId)) {
                missing.add(groupId);
            }
        }
        return missing;
    }

    /** Body of the membership change: add the user, remove nobody. */
    public Map<String, Object> membership(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("toAdd", List.of(exchange.getProperty(USER_ID, String.class)));
        body.put("toRemove", List.of());
        return body;
    }

    /** After adding the user to a group. */
    public void joinedGroup(Exchange exchange) {
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        String groupId = exchange.getProperty(GROUP_ID, String.class);
        directory.members(runId, groupId).add(exchange.getProperty(USER_ID, String.class));
        if (result.getAction() == VendorAction.NONE) {
            result.setAction(VendorAction.UPDATE);
        }
        result.setOutcome(Outcome.APPLIED);
        if (result.getHttpStatus() == null) {
            result.setHttpStatus(VendorHttp.status(exchange));
        }
        String name = directory.groups(runId).entrySet().stream().filter(e -> e.getValue().equals(groupId))
                .map(Map.Entry::getKey).findFirst().orElse(groupId);
        result.note("added to group " + name);
    }

    /**
     * Ids of the person's department's groups that exist in Workiva; a group the rules name but the
     * workspace lacks (reported once by the rules preflight) is left out and noted, and the account
     * is still created or updated in the groups that exist.
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
                        + allRules.file() + ") does not exist in Workiva workspace " + directory.workspaceId()
                        + ": membership skipped");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }
}
