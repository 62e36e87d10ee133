package io.hrsync.connector.workiva;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.connector.PreviousEmail;
import io.hrsync.connector.LookupAnswers;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * The Workiva route's bean: reads the exchange, asks {@link WorkivaDecider} what to do for the person,
 * and leaves the answer where the route's steps find it (the create body in the message, the user id,
 * the JSON Patch and the SCIM change in properties, the action, outcome and notes in the result).
 */
@ApplicationScoped
@Named("workivaDecisions")
public class WorkivaDecisions {

    static final String USER_ID = "workivaUserId";
    static final String PATCH = "workivaPatch";
    static final String ACTIVE = "workivaActive";
    static final String GROUP_ID = "workivaGroupId";
    private static final String VENDOR = WorkivaTokens.VENDOR;

    private final WorkivaDecider decider;
    private final WorkivaDirectory directory;

    public WorkivaDecisions(ProvisioningRules rules, WorkivaDirectory directory) {
        this.decider = new WorkivaDecider(rules.forVendor(VENDOR), rules.file());
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
        return userWithEmail(exchange.getMessage().getBody(String.class), exchange.getProperty(ExchangeKeys.PERSON, Person.class).email());
    }

    /** The previous-email lookup's answer ({data:[…]}) → the user with the previous email, or null. */
    public JsonNode firstUserByPreviousEmail(Exchange exchange) {
        return userWithEmail(exchange.getMessage().getBody(String.class), PreviousEmail.of(exchange));
    }

    /** A lookup's answer ({data:[…]}) as Workiva sent it → the user with the email asked for, or null. */
    static JsonNode userWithEmail(String answer, String email) {
        return LookupAnswers.withEmail(VendorHttp.readJson(answer).path("data"), email).orElse(null);
    }

    /**
     * Decides the action ({@link WorkivaDecider#decide}); leaves the create body in the message, the
     * patch and the SCIM change in properties.
     */
    public void decide(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        exchange.removeProperty(USER_ID);
        exchange.removeProperty(PATCH);
        exchange.removeProperty(ACTIVE);
        apply(exchange, decider.decide(person, account, directory.workspace(runId)), result);
    }

    private static void apply(Exchange exchange, WorkivaDecision decision, VendorResult result) {
        if (decision.userId() != null) {
            result.setVendorUserId(decision.userId());
            exchange.setProperty(USER_ID, decision.userId());
        }
        result.decided(decision.action(), decision.outcome());
        decision.skipped().forEach(result::skipped);
        decision.notes().forEach(result::note);
        if (!decision.patch().isEmpty()) {
            exchange.setProperty(PATCH, decision.patch());
        }
        if (decision.scimActive() != null) {
            exchange.setProperty(ACTIVE, decision.scimActive());
        }
        if (decision.createBody() != null) {
            exchange.getMessage().setBody(decision.createBody());
        }
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
            result.setAction(VendorAction.NONE);
            apply(exchange, decider.continueAsUpdate(person, existing), result);
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
        return WorkivaDecider.scimActiveBody(exchange.getProperty(ACTIVE, Boolean.class));
    }

    /** Ids of the groups the person should be in but is not yet (only for people who keep access). */
    public List<String> missingGroups(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        WorkivaDecider.GroupIds missing = decider.missingGroups(person, exchange.getProperty(USER_ID, String.class),
                result.getAction(), directory.workspace(runId));
        missing.skipped().forEach(result::skipped);
        return missing.ids();
    }

    /** Body of the membership change: add the user, remove nobody. */
    public Map<String, Object> membership(Exchange exchange) {
        return WorkivaDecider.membershipBody(exchange.getProperty(USER_ID, String.class));
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
        result.note("added to group " + WorkivaDecider.groupName(directory.groups(runId), groupId));
    }
}
