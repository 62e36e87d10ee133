package io.hrsync.connector.ramp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

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
    /**
     * A task is given up only after this many polls as well as the timeout: a poll can wait at
     * hrsync's own Ramp rate gate (180 calls / 10 s) for seconds, and that wait is not Ramp being slow
     * (measured: with 40 joiners the 30th invite's second poll waited 5 s at the gate and timed out).
     */
    static final int MIN_POLLS_BEFORE_TIMEOUT = 3;
    static final String TASK_ANSWER = "rampTaskAnswer";
    /** How a work item notes the invite task it waits for: ramp-task|id|deadline ms|polls|notes so far. */
    static final String PENDING_TASK = "ramp-task";

    static final String INACTIVE = "USER_INACTIVE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VendorRules rules;
    private final RampDirectory directory;
    private final RampConfig config;

    @Inject
    public RampDecisions(ProvisioningRules rules, RampDirectory directory, RampConfig config) {
        this(rules.forVendor(VENDOR), directory, config);
    }

    public RampDecisions(VendorRules rules, RampDirectory directory, RampConfig config) {
        this.rules = rules;
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
        return RampDirectory.withEmail(VendorHttp.readJson(exchange.getMessage().getBody(String.class)), person(exchange).email())
                .orElse(null);
    }

    /** The lookup-by-previous-email answer → the user with the previous email, or null. */
    public JsonNode firstUserByPreviousEmail(Exchange exchange) {
        return RampDirectory.withEmail(VendorHttp.readJson(exchange.getMessage().getBody(String.class)), PreviousEmail.of(exchange))
                .orElse(null);
    }

    /** The lookup-by-employee_id answer → the one user with the person's employee id, or null. */
    public JsonNode firstUserByEmployeeId(Exchange exchange) {
        return RampDirectory.withEmployeeId(VendorHttp.readJson(exchange.getMessage().getBody(String.class)),
                person(exchange).employeeId()).orElse(null);
    }

    // ---- references ------------------------------------------------------------------------------

    /**
     * Departments and locations the person needs that Ramp does not have, to be created first — only
     * when the rules say {@code createMissingReferences: true}; otherwise the decision fails the row.
     */
    public List<Map<String, String>> missingReferences(Exchange exchange) {
        Person person = person(exchange);
        if (!person.shouldHaveAccess() || !rules.createMissingReferences()) {
            return List.of();
        }
        String runId = runId(exchange);
        List<Map<String, String>> missing = new ArrayList<>();
        if (person.department() != null && directory.referenceId(runId, RampDirectory.DEPARTMENTS, person.department()).isEmpty()) {
            missing.add(Map.of("kind", RampDirectory.DEPARTMENTS, "name", person.department()));
        }
        if (person.location() != null && directory.referenceId(runId, RampDirectory.LOCATIONS, person.location()).isEmpty()) {
            missing.add(Map.of("kind", RampDirectory.LOCATIONS, "name", person.location()));
        }
        return missing;
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
                throw new VendorRejectedException(VENDOR, status, "Ramp created " + singular(kind) + " '" + name + "' without an id");
            }
            directory.remember(runId, kind, name, id);
            result(exchange).note("created " + singular(kind) + " '" + name + "' in Ramp");
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
     * Decides the action. A write leaves the outcome open (the route makes the call); a decision
     * without a write (unchanged, skipped, failed) sets the outcome here.
     */
    public void decide(Exchange exchange) {
        Person person = person(exchange);
        String runId = runId(exchange);
        VendorResult result = result(exchange);
        JsonNode account = exchange.getProperty(ExchangeKeys.ACCOUNT, JsonNode.class);
        exchange.removeProperty(PATCH);
        exchange.removeProperty(USER_ID);
        boolean exists = account != null && account.hasNonNull("id");
        if (exists) {
            result.setVendorUserId(account.path("id").asText());
            exchange.setProperty(USER_ID, account.path("id").asText());
        }
        if (!person.shouldHaveAccess()) {
            decideLeaver(person, exists ? account : null, result);
        } else if (!exists) {
            decideCreate(exchange, person, runId, result);
        } else {
            decideUpdate(exchange, person, runId, account, result);
        }
    }

    private void decideLeaver(Person person, JsonNode account, VendorResult result) {
        if (account == null) {
            result.setOutcome(Outcome.SKIPPED);
            result.note("terminated; no Ramp account to deactivate");
            return;
        }
        noteEmailChange(person, account, null, result);
        String status = text(account, "status");
        if (INACTIVE.equals(status)) {
            result.setOutcome(Outcome.UNCHANGED);
            result.note("already deactivated");
        } else if (!config.allowDeactivation()) {
            result.setOutcome(Outcome.SKIPPED);
            result.note("deactivation disabled by configuration (hrsync.vendors.ramp.allow-deactivation=false); Ramp status "
                    + status + " left as is");
        } else {
            result.setAction(VendorAction.DEACTIVATE);
        }
    }

    private void decideCreate(Exchange exchange, Person person, String runId, VendorResult result) {
        result.setAction(VendorAction.CREATE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", person.email());
        body.put("first_name", person.firstName());
        body.put("last_name", person.lastName());
        body.put("role", rules.roleFor(person, RampConnector.DEFAULT_ROLE));
        if (person.department() != null) {
            referenceId(runId, RampDirectory.DEPARTMENTS, person.department(), result).ifPresent(id -> body.put("department_id", id));
        }
        if (person.location() != null) {
            referenceId(runId, RampDirectory.LOCATIONS, person.location(), result).ifPresent(id -> body.put("location_id", id));
        }
        manager(runId, person, null, result).ifPresent(id -> body.put("direct_manager_id", id));
        body.put("employee_id", person.employeeId());
        body.put("idempotency_key", idempotencyKey(body));
        exchange.getMessage().setBody(body);
    }

    private void decideUpdate(Exchange exchange, Person person, String runId, JsonNode account, VendorResult result) {
        String userId = account.path("id").asText();
        String status = text(account, "status");
        Map<String, Object> patch = new LinkedHashMap<>();
        List<String> changes = new ArrayList<>();
        change(patch, changes, "first_name", text(account, "first_name"), person.firstName(), "first name");
        change(patch, changes, "last_name", text(account, "last_name"), person.lastName(), "last name");
        String role = rules.roleFor(person, RampConnector.DEFAULT_ROLE);
        if (RampConnector.OWNER.equals(text(account, "role"))) {
            if (!RampConnector.OWNER.equals(role)) {
                result.note("role BUSINESS_OWNER left as is (Ramp's owner is never changed by hrsync)");
            }
        } else {
            change(patch, changes, "role", text(account, "role"), role, "role " + role);
        }
        if (person.department() != null) {
            referenceId(runId, RampDirectory.DEPARTMENTS, person.department(), result).ifPresent(id -> change(patch, changes,
                    "department_id", text(account, "department_id"), id, "department " + person.department()));
        }
        if (person.location() != null) {
            referenceId(runId, RampDirectory.LOCATIONS, person.location(), result).ifPresent(id -> change(patch, changes,
                    "location_id", text(account, "location_id"), id, "location " + person.location()));
        }
        manager(runId, person, userId, result).ifPresent(id -> change(patch, changes, "direct_manager_id",
                text(account, "manager_id"), id, "manager " + person.managerEmail()));
        change(patch, changes, "employee_id", text(account, "employee_id"), person.employeeId(), "employee_id");
        noteEmailChange(person, account, runId, result);
        if ("INVITE_EXPIRED".equals(status)) {
            result.note("Ramp's invite expired: resend it from Ramp");
        } else if ("USER_SUSPENDED".equals(status)) {
            result.note("suspended in Ramp: left suspended");
        }
        if (!patch.isEmpty()) {
            exchange.setProperty(PATCH, patch);
        }
        if (INACTIVE.equals(status)) {
            result.setAction(VendorAction.REACTIVATE);
            result.note("reactivated (rehire)" + (changes.isEmpty() ? "" : "; changed: " + String.join(", ", changes)));
        } else if (!patch.isEmpty()) {
            result.setAction(VendorAction.UPDATE);
            result.note("changed: " + String.join(", ", changes));
        } else {
            result.setOutcome(Outcome.UNCHANGED);
        }
    }

    /**
     * Ramp's API cannot change an email: the other fields are updated on the existing user (never a
     * second invite) and the difference is noted for a Ramp admin to change by hand. For the rest of the
     * run the user is also known under the new email (their reports name it as their manager's).
     */
    private void noteEmailChange(Person person, JsonNode account, String runId, VendorResult result) {
        String current = text(account, "email");
        if (current != null && !current.equalsIgnoreCase(person.email())) {
            result.note("email in the HRIS is " + person.email() + " but " + current
                    + " in Ramp; Ramp's API cannot change an email: change it in Ramp by hand");
            if (runId != null) {
                directory.forgetUser(runId, current);
                directory.rememberUser(runId, person.email(), account);
            }
        }
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
    private Optional<String> referenceId(String runId, String kind, String name, VendorResult result) {
        Optional<String> id = directory.referenceId(runId, kind, name);
        if (id.isEmpty()) {
            result.skipped(singular(kind) + " '" + name + "' does not exist in Ramp: " + singular(kind) + " not set"
                    + (rules.createMissingReferences() ? "" : " (create it in Ramp, or set ramp.createMissingReferences: true"
                            + " in the provisioning rules)"));
        }
        return id;
    }

    /** The manager's Ramp user id, resolved from their email; empty (noted) when they have no Ramp account. */
    private Optional<String> manager(String runId, Person person, String userId, VendorResult result) {
        if (person.managerEmail() == null || person.managerEmail().equalsIgnoreCase(person.email())) {
            return Optional.empty();
        }
        Optional<String> id = directory.user(runId, person.managerEmail()).map(m -> m.path("id").asText())
                .filter(m -> !m.isEmpty() && !m.equals(userId));
        if (id.isEmpty()) {
            result.note("manager " + person.managerEmail() + " has no Ramp account: direct manager not set");
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
        exchange.setProperty(TASK_STATE, "PENDING");
        exchange.setProperty(TASK_DEADLINE, System.currentTimeMillis() + config.createTimeoutMs());
    }

    /** After one poll of the task: PENDING until SUCCESS or ERROR, or TIMEOUT once the deadline passed. */
    public void taskPolled(Exchange exchange) {
        JsonNode task = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        String status = task.path("status").asText("");
        exchange.setProperty(TASK_LAST_STATUS, status);
        exchange.setProperty(TASK_ANSWER, task);
        if (status.equals("SUCCESS") || status.equals("ERROR")) {
            exchange.setProperty(TASK_STATE, status);
        }
        int polls = exchange.getProperty(TASK_POLLS, 0, Integer.class) + 1;
        exchange.setProperty(TASK_POLLS, polls);
        if (!status.equals("SUCCESS") && !status.equals("ERROR") && polls >= MIN_POLLS_BEFORE_TIMEOUT
                && System.currentTimeMillis() >= exchange.getProperty(TASK_DEADLINE, 0L, Long.class)) {
            exchange.setProperty(TASK_STATE, "TIMEOUT");
        }
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
        exchange.setProperty(TASK_STATE, "PENDING");
        result(exchange).setAction(VendorAction.CREATE);
        if (task.length > 4 && !task[4].isEmpty()) {
            result(exchange).note(task[4]); // what the attempt that invited did before (e.g. created a department)
        }
    }

    /** After the polling: the new user's id (INVITE_PENDING), or why the invite failed. */
    public void created(Exchange exchange) {
        VendorResult result = result(exchange);
        Person person = person(exchange);
        String taskId = exchange.getProperty(TASK_ID, String.class);
        JsonNode task = exchange.getProperty(TASK_ANSWER, JsonNode.class);
        String state = exchange.getProperty(TASK_STATE, String.class);
        if ("SUCCESS".equals(state) && task.path("data").hasNonNull("user_id")) {
            String userId = task.path("data").path("user_id").asText();
            result.setVendorUserId(userId);
            result.setOutcome(Outcome.APPLIED);
            result.note("invited: INVITE_PENDING until they accept Ramp's invite");
            ObjectNode user = JSON.createObjectNode().put("id", userId).put("email", person.email()).put("status", "INVITE_PENDING");
            directory.rememberUser(runId(exchange), person.email(), user);
        } else if ("ERROR".equals(state) || "SUCCESS".equals(state)) {
            result.setOutcome(Outcome.FAILED);
            result.setHttpStatus(null); // the calls succeeded; the task failed
            result.note("Ramp's invite task " + taskId + " ended in " + state + ": "
                    + task.path("data").path("error").asText("no user and no error given"));
        } else {
            result.setOutcome(Outcome.FAILED);
            result.setHttpStatus(null);
            result.note("Ramp's invite task " + taskId + " was still " + exchange.getProperty(TASK_LAST_STATUS, "STARTED", String.class)
                    + " after " + config.createTimeoutMs() + " ms (hrsync.vendors.ramp.create-timeout-ms); the next run"
                    + " resumes the same task (same idempotency key)");
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static String singular(String kind) {
        return kind.equals(RampDirectory.DEPARTMENTS) ? "department" : "location";
    }
}
