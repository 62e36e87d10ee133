package io.hrsync.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.Person;
import io.hrsync.plan.PersonDecisions;
import io.hrsync.plan.PlanCalendar;
import io.hrsync.plan.PlannedChange;
import io.hrsync.plan.SafetyGuards;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.NewWorkItem;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.state.AccountState;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.state.PersonState;
import io.hrsync.state.StateStore;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRegistry;

/**
 * Relays stored Ramp events (routes/ramp-webhooks.camel.yaml) to the other vendors, through the same
 * change detection, guards, work queue and result files as a night. The HRIS stays the source of
 * truth: an event only brings forward what it says about a person the HRIS has accepted.
 * <ul>
 * <li>The Ramp user is fetched ({@code GET /developer/v1/users/{id}}: the event carries only its id)
 * and its <em>current</em> status decides, so an older event arriving late never regresses anything:
 * a leave is relayed only while Ramp still has the user inactive, a join or move never while it does.</li>
 * <li>A leave deactivates the accounts hrsync manages in the other vendors (protected accounts and
 * switched-off deactivations refused as at night); the next night leaves them so while the person's
 * HRIS row is unchanged (a rehire, a changed row, decides again).</li>
 * <li>A join or move provisions the person in the other vendors from the HRIS data, at once rather
 * than next night; Ramp's own fields (name, email) are never copied to the other vendors.</li>
 * <li>A person the HRIS has not accepted, an unknown event type, a user Ramp no longer has: the event
 * is acknowledged and recorded IGNORED with why.</li>
 * </ul>
 */
@ApplicationScoped
@Named("rampEventRelay")
public class RampEventRelay {

    private static final Logger LOG = Logger.getLogger(RampEventRelay.class);
    static final String VERIFICATION = "webhooks.verification";
    static final String PLAN = "hrsyncEventRelay";
    /** The exchange property holding the event being relayed ({@link WebhookEvents.Event}). */
    public static final String EVENT = "hrsyncEvent";
    private static final String RAMP = "ramp";

    private final WebhookEvents events;
    private final HrsyncConfig.WebhookEndpoint config;
    private final StateStore state;
    private final PersonDecisions decisions;
    private final PlanCalendar calendar;
    private final VendorRegistry vendors;
    private final VendorHttp ramp;
    private final SafetyGuards guards;
    private final WorkQueue queue;

    public RampEventRelay(WebhookEvents events, HrsyncConfig config, StateStore state, PersonDecisions decisions,
            PlanCalendar calendar, VendorRegistry vendors, ProducerTemplate template, SafetyGuards guards, WorkQueue queue) {
        this.guards = guards;
        this.queue = queue;
        this.events = events;
        this.config = config.webhooks().ramp();
        this.state = state;
        this.decisions = decisions;
        this.calendar = calendar;
        this.vendors = vendors;
        this.ramp = new VendorHttp(template, RAMP);
    }

    /** What one user event becomes: the person (as the HRIS has them) and a change per other vendor. */
    public record Relay(String eventId, Person person, String snapshot, List<PlannedChange> changes) {

        /** The relay run's work items. */
        public List<NewWorkItem> items(String runId) {
            List<NewWorkItem> items = new ArrayList<>();
            for (PlannedChange c : changes) {
                items.add(c.callsVendor() ? NewWorkItem.queued(runId, person.employeeId(), person.email(), 0, null, snapshot, c)
                        : NewWorkItem.decided(runId, person.employeeId(), person.email(), 0, snapshot, c));
            }
            return items;
        }
    }

    /** Stored events waiting for the relay, oldest first. */
    public List<WebhookEvents.Event> waiting() {
        return events.waiting(20);
    }

    /** Whether the exchange's event is a subscription's verification (answered by confirming its challenge). */
    public boolean isVerification(Exchange exchange) {
        return VERIFICATION.equals(event(exchange).type());
    }

    private static WebhookEvents.Event event(Exchange exchange) {
        return exchange.getProperty(EVENT, WebhookEvents.Event.class);
    }

    /** Confirms a new subscription's challenge at Ramp, so the subscription becomes active. */
    public void verify(Exchange exchange) {
        WebhookEvents.Event event = event(exchange);
        JsonNode json = VendorHttp.readJson(event.body());
        String challenge = firstText(json.path("challenge"), json.path("object").path("challenge"), json.path("data").path("challenge"));
        String webhookId = firstText(json.path("object").path("id"), json.path("webhook_id"));
        if (challenge == null || webhookId == null) {
            events.finish(event.id(), "IGNORED", "a verification event without a challenge or a subscription id");
            return;
        }
        ramp.call("POST", "/developer/v1/webhooks/" + webhookId + "/verify", null, Map.of("challenge", challenge), null);
        events.finish(event.id(), "RELAYED", "subscription " + webhookId + " verified");
        LOG.infof("Ramp webhook subscription %s verified (event %s)", webhookId, event.id());
    }

    /**
     * The relay of a user event, or null when it is not relayed (then recorded IGNORED, with why). Sets
     * the exchange property the relay run's steps read.
     */
    public Relay plan(Exchange exchange) {
        WebhookEvents.Event event = event(exchange);
        Optional<String> ignored = Optional.empty();
        Relay relay = null;
        try {
            relay = decide(event);
            if (!WebhookEvents.RELEASED.equals(event.status())) {
                List<String> burst = burstViolations(relay);
                if (!burst.isEmpty()) {
                    String why = String.join("; ", burst) + " within " + config.burstWindowMinutes() + " minutes of Ramp events "
                            + "(hrsync.webhooks.ramp.burst-window-minutes). Its deactivations wait: review, then release the "
                            + "held events with -Dhrsync.webhooks.ramp.release-held=true";
                    events.finish(event.id(), WebhookEvents.HELD, why);
                    LOG.warnf("Ramp event %s (%s) held: %s", event.id(), event.type(), why);
                    return null;
                }
            }
        } catch (Ignored why) {
            ignored = Optional.of(why.getMessage());
        }
        if (ignored.isPresent()) {
            events.finish(event.id(), "IGNORED", ignored.get());
            LOG.infof("Ramp event %s (%s) not relayed: %s", event.id(), event.type(), ignored.get());
            return null;
        }
        exchange.setProperty(PLAN, relay);
        return relay;
    }

    /**
     * The burst guard: the deactivations this event would make, with those Ramp events made in the
     * rolling window, held against the same per-vendor thresholds as a night's (SafetyGuards).
     */
    private List<String> burstViolations(Relay relay) {
        List<String> violations = new ArrayList<>();
        java.time.Instant since = java.time.Instant.now().minus(java.time.Duration.ofMinutes(config.burstWindowMinutes()));
        Map<String, Long> managed = state.activeAccountCounts();
        for (PlannedChange c : relay.changes()) {
            if (c.callsVendor() && c.action() == io.hrsync.run.VendorAction.DEACTIVATE) {
                long recent = queue.deactivationsSince(AccountState.EVENT_RUN, c.vendor(), since);
                violations.addAll(guards.thresholdViolations(c.vendor(),
                        Map.of(io.hrsync.run.VendorAction.DEACTIVATE, recent + 1),
                        SafetyGuards.Base.managed(managed.getOrDefault(c.vendor(), 0L))));
            }
        }
        return violations;
    }

    /** At startup with hrsync.webhooks.ramp.release-held=true: the held events are relayed past the burst guard. */
    public void releaseHeld() {
        int released = events.releaseHeld();
        LOG.infof("%d held Ramp event(s) released: relayed past the burst guard", released);
    }

    /** The items of the relay run opened for the exchange's event. */
    public List<NewWorkItem> items(Exchange exchange) {
        return exchange.getProperty(PLAN, Relay.class).items(exchange.getProperty(ExchangeKeys.RUN_ID, String.class));
    }

    /** The relay run ended: the event is RELAYED (its run named), or FAILED with the cause. */
    public void relayed(Exchange exchange) {
        WebhookEvents.Event event = event(exchange);
        events.finish(event.id(), "RELAYED", "run " + exchange.getProperty(ExchangeKeys.RUN_ID, String.class) + ": "
                + exchange.getProperty("hrsyncRunStatus", String.class));
    }

    public void failed(Exchange exchange) {
        WebhookEvents.Event event = event(exchange);
        LOG.warnf("Ramp event %s (%s) failed: %s", event.id(), event.type(),
                String.valueOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        events.finish(event.id(), "FAILED", error == null ? "failed" : error.getMessage());
    }

    private Relay decide(WebhookEvents.Event event) {
        String type = event.type();
        boolean leave = config.leaveEvents().contains(type);
        boolean provision = config.joinEvents().contains(type) || config.moveEvents().contains(type);
        if (!leave && !provision) {
            throw new Ignored("event type " + type + " is not relayed (hrsync.webhooks.ramp.join-events, move-events, leave-events)");
        }
        if (event.objectId() == null || event.objectId().isBlank()) {
            throw new Ignored("the event names no user (object.id)");
        }
        JsonNode user = ramp.call("GET", "/developer/v1/users/" + event.objectId(), null, null, "404");
        if (!event.objectId().equals(user.path("id").asText())) {
            throw new Ignored("Ramp has no user " + event.objectId() + " (any more)");
        }
        PersonState accepted = acceptedPerson(user)
                .orElseThrow(() -> new Ignored("the Ramp user is not in the accepted HRIS data: the HRIS decides who has accounts"));
        Person person = accepted.person();
        String snapshot = PersonSnapshots.toJson(person);
        String status = user.path("status").asText("");
        boolean inactiveInRamp = "USER_INACTIVE".equals(status);
        PersonDecisions.Pass pass = decisions.pass(calendar.today());
        Map<String, Map<String, AccountState>> accounts = state.accountsOf(List.of(person.employeeId()));
        List<PlannedChange> changes = new ArrayList<>();
        for (VendorConnector vendor : vendors.enabled()) {
            if (vendor.name().equals(RAMP)) {
                continue;
            }
            AccountState applied = accounts.getOrDefault(vendor.name(), Map.of()).get(person.employeeId());
            if (leave) {
                if (!inactiveInRamp) {
                    throw new Ignored("Ramp has the user " + status + " now (a later event undid it, or it arrived late): "
                            + "no deactivation relayed");
                }
                pass.leaveByEvent(person, snapshot, vendor.name(), applied, "deactivated in Ramp (event " + event.id() + ")")
                        .ifPresent(changes::add);
            } else {
                if (inactiveInRamp) {
                    throw new Ignored("Ramp has the user inactive now: a " + type + " arriving after it reactivates nothing");
                }
                if (!person.shouldHaveAccessOn(pass.today())) {
                    throw new Ignored("the HRIS says " + person.email() + " left: the HRIS wins");
                }
                pass.inVendor(person, snapshot, vendor.name(), applied).ifPresent(changes::add);
            }
        }
        return new Relay(event.id(), person, snapshot, List.copyOf(changes));
    }

    /** The person as the HRIS last had them: by the employee id Ramp keeps, else by email. */
    private Optional<PersonState> acceptedPerson(JsonNode user) {
        String employeeId = user.path("employee_id").asText("");
        if (!employeeId.isBlank()) {
            Optional<PersonState> byId = state.person(employeeId);
            if (byId.isPresent()) {
                return byId;
            }
        }
        String email = user.path("email").asText("");
        return email.isBlank() ? Optional.empty() : state.personByEmail(Person.normaliseEmail(email));
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isValueNode() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    /** An event that is acknowledged and not relayed. */
    private static final class Ignored extends RuntimeException {
        Ignored(String why) {
            super(why, null, false, false);
        }
    }
}
