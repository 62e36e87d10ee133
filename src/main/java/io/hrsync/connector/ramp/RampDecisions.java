package io.hrsync.connector.ramp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hrsync.hris.Person;
import io.hrsync.queue.TaskWait;
import io.hrsync.queue.WorkItem;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.connector.ErrorSummary;
import io.hrsync.connector.PreviousEmail;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * What to do in Ramp for one person, and the request bodies for it (shared/vendors/ramp.md; the spec
 * wins over the guide). Creation is an invite through a deferred task; updates are a PATCH of only
 * the HR-owned fields that differ from the user Ramp has (never email, never status); leavers are
 * deactivated (guarded by {@code hrsync.vendors.ramp.allow-deactivation}); rehires are reactivated.
 * The decisions are {@link RampDecider}'s and {@link RampInviteTask}'s; this bean reads them from the
 * exchange and writes their results back.
 */
@ApplicationScoped
@Named("rampDecisions")
public class RampDecisions {

    static final String VENDOR = "ramp";
    static final String USER_ID = "rampUserId";
    static final String PATCH = "rampPatch";
    static final String MISSING_REFERENCES = "rampMissingReferences";
    static final String REFERENCE_KIND = "rampReferenceKind";
    static final String REFERENCE_NAME = "rampReferenceName";
    static final String TASK_ID = "rampTaskId";
    /** PENDING while the deferred task runs, then SUCCESS, ERROR or TIMEOUT. */
    static final String TASK_STATE = "rampTaskState";
    static final String TASK_LAST_STATUS = "rampTaskLastStatus";
    static final String TASK_DEADLINE = "rampTaskDeadline";
    static final String TASK_POLLS = "rampTaskPolls";
    static final String TASK_ANSWER = "rampTaskAnswer";
    /** How a work item notes the invite task it waits for: ramp-task|id|deadline ms|polls|notes so far. */
    static final String PENDING_TASK = "ramp-task";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RampDecider decider;
    private final RampDirectory directory;
    private final RampConfig config;

    @Inject
    public RampDecisions(ProvisioningRules rules, RampDirectory directory, RampConfig config) {
        this(rules.forVendor(VENDOR), directory, config);
    }

    public RampDecisions(VendorRules rules, RampDirectory directory, RampConfig config) {
        this.decider = new RampDecider(rules, config.allowDeactivation());
        this.directory = directory;
        this.config = config;
    }

    // ---- lookup ----------------------------------------------------------------------------------

    /** Query of the lookup by email (the person being provisioned). */
    public String findByEmailQuery(Exchange exchange) {
        return VendorHttp.query(Map.of("email", person(exchange).email(), "page_size", 2));
    }

    /** Query of the lookup by the email the account was last applied under (the HRIS email changed since). */
    public String findByPreviousEmailQuery(Exchange exchange) {
        return VendorHttp.query(Map.of("email", PreviousEmail.of(exchange), "page_size", 2));
    }

    /** Query of the last lookup, by employee_id: finds a user whose email changed in the HRIS. */
    public String findByEmployeeIdQuery(Exchange exchange) {
        return VendorHttp.query(Map.of("employee_id", person(exchange).employeeId(), "page_size", 2));
    }

    /** The lookup-by-email answer → the user with the person's email, or null. */
    public JsonNode firstUser(Exchange exchange) {
        return userWithEmail(exchange.getMessage().getBody(String.class), person(exchange).email());
    }

    /** The lookup-by-previous-email answer → the user with the previous email, or null. */
    public JsonNode firstUserByPreviousEmail(Exchange exchange) {
        return userWithEmail(exchange.getMessage().getBody(String.class), PreviousEmail.of(exchange));
    }

    /** The lookup-by-employee_id answer → the one user with the person's employee id, or null. */
    public JsonNode firstUserByEmployeeId(Exchange exchange) {
        return userWithEmployeeId(exchange.getMessage().getBody(String.class), person(exchange).employeeId());
    }

    /** A lookup's answer, as Ramp sent it ({@code {data:[…]}}) → the user with this very email, or null. */
    static JsonNode userWithEmail(String answer, String email) {
        return RampDirectory.withEmail(VendorHttp.readJson(answer), email).orElse(null);
    }

    /** A lookup's answer, as Ramp sent it → the one user with this employee_id, or null (two are an error). */
    static JsonNode userWithEmployeeId(String answer, String employeeId) {
        return RampDirectory.withEmployeeId(VendorHttp.readJson(answer), employeeId).orElse(null);
    }

    // ---- references ------------------------------------------------------------------------------

    /**
     * Departments and locations the person needs that Ramp does not have, to be created first — only
     * when the rules say {@code createMissingReferences: true}; otherwise the decision leaves them out.
     */
    public List<Map<String, String>> missingReferences(Exchange exchange) {
        return decider.missingReferences(person(exchange), directory.lookups(runId(exchange)));
    }

    /** Body of the creation of the missing reference at the loop's index. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> referenceBody(Exchange exchange) {
        List<Map<String, String>> missing = exchange.getProperty(MISSING_REFERENCES, List.class);
        Map<String, String> reference = missing.get(exchange.getProperty(Exchange.LOOP_INDEX, 0, Integer.class));
        exchange.setProperty(REFERENCE_KIND, reference.get("kind"));
        exchange.setProperty(REFERENCE_NAME, reference.get("name"));
        return Map.of("name", reference.get("name"));
    }

    /**
     * After creating a department or location: its id is used from now on in this run. Ramp refuses
     * a name that exists (400 "already exists"): another worker created it meanwhile, or an earlier
     * attempt did and its answer was lost. Then the list is read again and the existing one is used;
     * any other refusal fails the row.
     */
    public void referenceCreated(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        int status = VendorHttp.status(exchange);
        String kind = exchange.getProperty(REFERENCE_KIND, String.class);
        String name = exchange.getProperty(REFERENCE_NAME, String.class);
        String runId = runId(exchange);
        if (status >= 200 && status < 300) {
            JsonNode created = VendorHttp.readJson(body);
            String id = created.path("id").asText("");
            if (id.isBlank()) {
                throw new VendorRejectedException(VENDOR, status,
                        "Ramp created " + RampDecider.singular(kind) + " '" + name + "' without an id");
            }
            directory.remember(runId, kind, name, id);
            result(exchange).note("created " + RampDecider.singular(kind) + " '" + name + "' in Ramp");
            return;
        }
        if (body != null && body.contains("already exists")) {
            directory.forgetReferences(runId, kind);
            if (directory.referenceId(runId, kind, name).isPresent()) {
                return; // it exists now: the person is written with it
            }
        }
        String summary = exchange.getProperty(ErrorSummary.TEXT, String.class);
        throw new VendorRejectedException(VENDOR, status,
                summary != null ? summary : ErrorSummary.safe(RampAnswers.errorText(body)));
    }

    // ---- decision --------------------------------------------------------------------------------

    /**
     * Decides the action ({@link RampDecider#decide}). A write leaves the outcome open (the route makes
     * the call); a decision without a write (unchanged, skipped) sets the outcome here.
     */
    public void decide(Exchange exchange) {
        Person person = person(exchange);
        String runId = runId(exchange);
        VendorResult result = result(exchange);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        exchange.removeProperty(PATCH);
        exchange.removeProperty(USER_ID);
        // before deciding: a failed lookup of a department or manager still records whose account the row is about
        String userId = RampDecider.userId(account);
        if (userId != null) {
            result.setVendorUserId(userId);
            exchange.setProperty(USER_ID, userId);
        }
        RampDecision decision = decider.decide(person, account, directory.lookups(runId));
        result.decided(decision.action(), decision.outcome());
        decision.noteOn(result);
        if (decision.rampEmail() != null && runId != null) {
            // the user is known under the HRIS email from now on (their reports name it as their manager's)
            directory.forgetUser(runId, decision.rampEmail());
            directory.rememberUser(runId, person.email(), account);
        }
        if (decision.action() == VendorAction.CREATE) {
            exchange.getMessage().setBody(decision.body());
        } else if (!decision.body().isEmpty()) {
            exchange.setProperty(PATCH, decision.body());
        }
    }

    // ---- create: deferred task -------------------------------------------------------------------

    /** After POST /users/deferred: the task to poll, and its deadline. */
    public void taskStarted(Exchange exchange) {
        JsonNode answer = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        int status = VendorHttp.status(exchange);
        String taskId = answer.path("id").asText("");
        if (taskId.isBlank()) {
            throw new VendorRejectedException(VENDOR, status, "Ramp accepted the invite without a task id");
        }
        result(exchange).setHttpStatus(status);
        exchange.setProperty(TASK_ID, taskId);
        exchange.setProperty(TASK_STATE, RampInviteTask.PENDING);
        exchange.setProperty(TASK_DEADLINE, System.currentTimeMillis() + config.createTimeoutMs());
    }

    /** After one poll of the task: PENDING until SUCCESS or ERROR, or TIMEOUT once the deadline passed. */
    public void taskPolled(Exchange exchange) {
        JsonNode task = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        String status = task.path("status").asText("");
        exchange.setProperty(TASK_LAST_STATUS, status);
        exchange.setProperty(TASK_ANSWER, task);
        int polls = exchange.getProperty(TASK_POLLS, 0, Integer.class) + 1;
        exchange.setProperty(TASK_POLLS, polls);
        exchange.setProperty(TASK_STATE, RampInviteTask.stateAfterPoll(status, polls, System.currentTimeMillis(),
                exchange.getProperty(TASK_DEADLINE, 0L, Long.class)));
    }

    /**
     * The task is still running after a poll: the work item waits in the queue for the next poll
     * (hrsync.vendors.ramp.create-poll-interval-ms) instead of holding one of Ramp's delivery slots;
     * its next attempt resumes here ({@link #resumeTask}) without a lookup or a second invite.
     */
    public void waitForTask(Exchange exchange) {
        String notes = result(exchange).getMessage();
        String token = String.join("|", PENDING_TASK, exchange.getProperty(TASK_ID, String.class),
                String.valueOf(exchange.getProperty(TASK_DEADLINE, 0L, Long.class)),
                String.valueOf(exchange.getProperty(TASK_POLLS, 0, Integer.class)),
                notes == null ? "" : notes.length() > 3000 ? notes.substring(0, 3000) + "…" : notes);
        exchange.setProperty(ExchangeKeys.TASK_WAIT, new TaskWait(token, Duration.ofMillis(config.createPollIntervalMs())));
    }

    /** Whether this attempt of the work item resumes an invite task an earlier attempt started. */
    public boolean resumesTask(Exchange exchange) {
        WorkItem item = exchange.getProperty(ExchangeKeys.WORK_ITEM, WorkItem.class);
        return item != null && item.pendingTask() != null && item.pendingTask().startsWith(PENDING_TASK + "|");
    }

    /** The invite task an earlier attempt started, its deadline and polls so far: the next step polls it. */
    public void resumeTask(Exchange exchange) {
        String[] task = exchange.getProperty(ExchangeKeys.WORK_ITEM, WorkItem.class).pendingTask().split("\\|", 5);
        exchange.setProperty(TASK_ID, task[1]);
        exchange.setProperty(TASK_DEADLINE, Long.parseLong(task[2]));
        exchange.setProperty(TASK_POLLS, Integer.parseInt(task[3]));
        exchange.setProperty(TASK_STATE, RampInviteTask.PENDING);
        result(exchange).setAction(VendorAction.CREATE);
        if (task.length > 4 && !task[4].isEmpty()) {
            result(exchange).note(task[4]); // what the attempt that invited did before (e.g. created a department)
        }
    }

    /** After the polling: the new user's id (INVITE_PENDING), or why the invite failed ({@link RampInviteTask#end}). */
    public void created(Exchange exchange) {
        VendorResult result = result(exchange);
        Person person = person(exchange);
        RampInviteTask.End end = RampInviteTask.end(exchange.getProperty(TASK_ID, String.class),
                exchange.getProperty(TASK_STATE, String.class), exchange.getProperty(TASK_ANSWER, JsonNode.class),
                exchange.getProperty(TASK_LAST_STATUS, "STARTED", String.class), config.createTimeoutMs());
        if (end.outcome() == Outcome.APPLIED) {
            result.setVendorUserId(end.userId());
            result.setOutcome(Outcome.APPLIED);
            result.note(end.note());
            ObjectNode user = JSON.createObjectNode().put("id", end.userId()).put("email", person.email()).put("status", "INVITE_PENDING");
            directory.rememberUser(runId(exchange), person.email(), user);
        } else {
            result.setOutcome(Outcome.FAILED);
            result.setHttpStatus(null); // the calls succeeded; the task failed or is still running
            result.note(end.note());
        }
    }

    // ---- after the writes ------------------------------------------------------------------------

    /** After a deactivation. */
    public void deactivated(Exchange exchange) {
        result(exchange).setOutcome(Outcome.APPLIED);
        result(exchange).setHttpStatus(VendorHttp.status(exchange));
        result(exchange).note("deactivated (Ramp cancels the user's cards)");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Person person(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.PERSON, Person.class);
    }

    private static String runId(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
    }

    private static VendorResult result(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
    }
}
