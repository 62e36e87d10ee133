package io.hrsync.connector.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.connector.VendorDirectories;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;
import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;

/**
 * The SCIM routes' steps that decide and read answers, each bound from the YAML with typed
 * arguments: the references a decision needs (the manager's id, the groups' ids) are resolved
 * here, the decision itself is {@link ScimChanges#decide} (pure), and every answer is checked
 * before it is believed.
 */
@ApplicationScoped
@Named("scimDecisions")
public class ScimDecisions {

    private final ScimConnectors targets;
    private final ScimServiceProviders serviceProviders;
    private final ScimGroups groups;
    private final VendorDirectories directories;
    private final ProvisioningRules rules;
    private final ProducerTemplate template;

    public ScimDecisions(ScimConnectors targets, ScimServiceProviders serviceProviders, ScimGroups groups,
            VendorDirectories directories, ProvisioningRules rules, ProducerTemplate template) {
        this.targets = targets;
        this.serviceProviders = serviceProviders;
        this.groups = groups;
        this.directories = directories;
        this.rules = rules;
        this.template = template;
    }

    /** The decision for the person, recorded on their result (action, or the outcome without a write; notes). */
    public ScimDecision decide(String vendor, String runId, Person person, JsonNode account, VendorResult result) {
        VendorRules vendorRules = rules.forVendor(vendor);
        Map<String, String> desired = new LinkedHashMap<>(ScimAttributes.desired(person, vendorRules.customAttributes()));
        List<String> groupIds = List.of();
        if (person.shouldHaveAccess()) {
            manager(vendor, runId, person, result).ifPresent(id -> desired.put(ScimAttributes.MANAGER, id.isEmpty() ? null : id));
            groupIds = groupIds(vendor, runId, vendorRules.groupsFor(person), person, result);
        }
        ScimChanges.Writing writing = new ScimChanges.Writing(vendor, serviceProviders.patch(vendor),
                targets.target(vendor).deletesLeavers());
        ScimDecision decision = ScimChanges.decide(person, account, desired, groupIds, writing);
        if (decision.userId() != null) {
            result.setVendorUserId(decision.userId());
        }
        result.setAction(decision.action());
        if (decision.action() == VendorAction.NONE) {
            result.setOutcome(decision.outcome());
        }
        decision.notes().forEach(result::note);
        return decision;
    }

    /**
     * The manager's SCIM id: empty string when the HRIS names no manager (the reference is removed),
     * absent when the manager has no account in the app yet (left as it is, noted).
     */
    private Optional<String> manager(String vendor, String runId, Person person, VendorResult result) {
        if (person.managerEmail() == null) {
            return Optional.of("");
        }
        Optional<JsonNode> manager = directories.user(runId, vendor, person.managerEmail(), () -> Optional.ofNullable(
                ScimAccounts.userNamed(vendor, new VendorHttp(template, vendor).getRaw("/Users",
                        ScimAccounts.userNameQuery(person.managerEmail())), person.managerEmail())));
        if (manager.isEmpty()) {
            result.note("manager " + person.managerEmail() + " has no " + vendor + " account yet");
        }
        return manager.map(m -> m.path("id").asText());
    }

    private List<String> groupIds(String vendor, String runId, List<String> names, Person person, VendorResult result) {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, String> byName = groups.ids(runId, targets.target(vendor));
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            String id = byName.get(name);
            if (id == null) {
                result.skipped("group '" + name + "' (mapped from department '" + person.department() + "') does not exist in "
                        + vendor + ": membership skipped");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The query of the lookup by userName. */
    public String userNameQuery(String userName) {
        return ScimAccounts.userNameQuery(userName);
    }

    /** The lookup's answer → the user with that userName, or null. */
    public JsonNode userNamed(String vendor, String answer, String userName) {
        return ScimAccounts.userNamed(vendor, answer, userName);
    }

    /**
     * After POST /Users: the new user's id, checked (the answer is a User with an id and the userName
     * sent); null after a 409 (the userName is taken: the route looks the user up and updates it).
     */
    public String created(String vendor, String runId, Person person, VendorResult result, int status, String answer) {
        if (status == 409) {
            result.note("already existed (409 uniqueness): updated instead");
            return null;
        }
        JsonNode user = VendorHttp.readJson(answer);
        String id = user.path("id").asText("");
        if (id.isBlank() || !person.email().equalsIgnoreCase(user.path("userName").asText())) {
            throw new VendorRejectedException(vendor, status, "the create answer is not the user sent (no id, or another userName)");
        }
        result.setVendorUserId(id);
        result.setOutcome(Outcome.APPLIED);
        result.setHttpStatus(status);
        directories.remember(runId, vendor, person.email(), user);
        return id;
    }

    /** After PATCH, PUT or DELETE of /Users/{id}: checked (a returned resource is that user, in the state asked for), then APPLIED. */
    public void written(String vendor, ScimDecision decision, VendorResult result, int status, String answer) {
        if (answer != null && !answer.isBlank() && !"DELETE".equals(decision.httpMethod())) {
            JsonNode user = VendorHttp.readJson(answer);
            if (!decision.userId().equals(user.path("id").asText())) {
                throw new VendorRejectedException(vendor, status, "the answer to " + decision.httpMethod() + " /Users/"
                        + decision.userId() + " is another resource");
            }
            boolean wantActive = decision.action() != VendorAction.DEACTIVATE;
            if (user.has("active") && user.path("active").asBoolean() != wantActive) {
                throw new VendorRejectedException(vendor, status, "the user is still " + (wantActive ? "inactive" : "active")
                        + " after " + decision.httpMethod());
            }
        }
        result.setOutcome(Outcome.APPLIED);
        result.setHttpStatus(status);
    }

    /** After adding the user to a group (PATCH /Groups/{id}). */
    public void joinedGroup(String vendor, String runId, String groupId, VendorResult result) {
        if (result.getAction() == VendorAction.NONE) {
            result.setAction(VendorAction.UPDATE);
        }
        result.setOutcome(Outcome.APPLIED);
        String name = groups.ids(runId, targets.target(vendor)).entrySet().stream().filter(e -> e.getValue().equals(groupId))
                .map(Map.Entry::getKey).findFirst().orElse(groupId);
        result.note("added to group " + name);
    }

    /** The PatchOp adding the user to a group. */
    public Map<String, Object> membership(String userId) {
        return ScimChanges.membership(userId);
    }
}
