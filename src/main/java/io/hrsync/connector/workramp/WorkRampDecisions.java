package io.hrsync.connector.workramp;

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
import io.hrsync.connector.LookupAnswers;
import io.hrsync.connector.PreviousEmail;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * The WorkRamp route's bean: reads the exchange, asks {@link WorkRampDecider} what to do for the
 * person, and leaves the answer where the route's steps find it (the request body in the message, the
 * account's id and pending attributes in properties, the action, outcome and notes in the result).
 */
@ApplicationScoped
@Named("workRampDecisions")
public class WorkRampDecisions {

    static final String USER_ID = "workrampUserId";
    static final String PENDING_ATTRIBUTES = "workrampPendingAttributes";

    private final WorkRampDecider decider;
    private final WorkRampDirectory directory;

    public WorkRampDecisions(ProvisioningRules rules, WorkRampDirectory directory) {
        this.decider = new WorkRampDecider(rules.forVendor("workramp"));
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

    /** Query of a lookup by email, deleted users included. */
    static String emailQuery(String email) {
        return VendorHttp.query(Map.of("email", email, "limit", 1, "includeDeleted", true));
    }

    /** The lookup's answer (a bare array) → the user with the person's email, or null. */
    public JsonNode firstUser(Exchange exchange) {
        return userWithEmail(exchange.getMessage().getBody(String.class), exchange.getProperty(ExchangeKeys.PERSON, Person.class).email());
    }

    /** The previous-email lookup's answer → the user with the previous email, or null. */
    public JsonNode firstUserByPreviousEmail(Exchange exchange) {
        return userWithEmail(exchange.getMessage().getBody(String.class), PreviousEmail.of(exchange));
    }

    /** A lookup's answer as WorkRamp sent it → the user with the email asked for, or null. */
    static JsonNode userWithEmail(String answer, String email) {
        return userWithEmail(VendorHttp.readJson(answer), email);
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

    /**
     * Decides the action ({@link WorkRampDecider#decide}) and leaves the request body in the message,
     * the account's id and a joiner's pending custom attributes in properties.
     */
    public void decide(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        // an account moving to the person's new email: the run's directory knows it under that email from now
        // on (their reports' manager lookups find it there), as before this decision's own lookups
        WorkRampDecider.movedFrom(person, account).ifPresent(previous -> {
            directory.forgetUser(runId, previous);
            directory.rememberUser(runId, person.email(), account);
        });
        WorkRampDecision decision = decider.decide(person, account, directory.tenant(runId));
        if (decision.userId() != null) {
            result.setVendorUserId(decision.vendorUserId());
            exchange.setProperty(USER_ID, decision.userId());
        }
        result.decided(decision.action(), decision.outcome());
        decision.skipped().forEach(result::skipped);
        decision.notes().forEach(result::note);
        if (!decision.pendingAttributes().isEmpty()) {
            exchange.setProperty(PENDING_ATTRIBUTES, decision.pendingAttributes());
        }
        if (decision.body() != null) {
            exchange.getMessage().setBody(decision.body());
        }
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
            exchange.getMessage().setBody(WorkRampDecider.pendingAttributesBody(attributes));
        }
    }

    /** Group ids the person should be in but is not yet (only for people who keep access). */
    public List<Integer> missingGroups(Exchange exchange) {
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        WorkRampDecider.GroupIds missing = decider.missingGroups(person, exchange.getProperty(USER_ID, Integer.class),
                result.getAction(), directory.tenant(runId));
        missing.skipped().forEach(result::skipped);
        return missing.ids();
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
        result.note("added to group " + WorkRampDecider.groupName(directory.groups(runId), groupId));
    }

    /** Body of the group membership call. */
    public Map<String, Object> membership(Exchange exchange) {
        return WorkRampDecider.membershipBody(exchange.getProperty(USER_ID, Integer.class));
    }
}
