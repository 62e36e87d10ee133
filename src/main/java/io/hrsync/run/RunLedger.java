package io.hrsync.run;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.config.SecretRedactor;
import io.hrsync.delivery.DeadLetters;
import io.hrsync.delivery.VendorCalls;
import io.hrsync.hris.HrisFileRejectedException;
import io.hrsync.hris.HrisRow;
import io.hrsync.hris.Person;
import io.hrsync.plan.AppliedStates;
import io.hrsync.plan.PlannedChange;
import io.hrsync.plan.RunPlan;
import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.connector.VendorCallException;
import io.hrsync.connector.VendorDirectories;
import io.hrsync.connector.VendorLookupCache;
import io.hrsync.state.AccountState;
import io.hrsync.connector.VendorRegistry;

/**
 * The single writer of outcomes. Routes call it to open a run, record each rejected row and each
 * person×vendor outcome, and close the run; result files are rendered from what it recorded.
 */
@ApplicationScoped
@Named("runLedger")
public class RunLedger {

    private static final Logger LOG = Logger.getLogger(RunLedger.class);
    private static final String RECORDING_FAILED = "hrsyncRecordingFailed";
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final HrsyncConfig config;
    private final VendorRegistry vendors;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final VendorLookupCache lookups;
    private final VendorDirectories directories;
    private final AppliedStates appliedStates;
    private final WorkQueue queue;
    private final VendorCalls calls;
    private final Map<String, Map<String, Map<String, Long>>> callsAtStart = new ConcurrentHashMap<>();
    private final Map<String, String> recordingFailures = new ConcurrentHashMap<>();
    private final OutcomeRecording recording;
    private volatile Run lastFinished;
    private final io.hrsync.ops.HrsyncMetrics metrics;

    public RunLedger(HrsyncConfig config, VendorRegistry vendors, VendorLookupCache lookups, AppliedStates appliedStates,
            WorkQueue queue, VendorCalls calls, VendorDirectories directories, io.hrsync.ops.HrsyncMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.calls = calls;
        this.config = config;
        this.vendors = vendors;
        this.lookups = lookups;
        this.directories = directories;
        this.appliedStates = appliedStates;
        this.recording = new OutcomeRecording(config.delivery().maxRedeliveries() + 1, config.delivery().initialBackoffMs(),
                config.delivery().maxBackoffMs());
    }

    /** Starts a run for the input file in the exchange body (downloaded locally), noting its path. */
    public void open(Exchange exchange) {
        Path input = exchange.getMessage().getBody(File.class).toPath();
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, input.getFileName().toString(), String.class);
        Run run = start(exchange, "", name, sha256(input),
                exchange.getProperty(ExchangeKeys.APPROVED_PLAN) != null ? "apply-approved-plan" : config.mode().name());
        exchange.setProperty(ExchangeKeys.INPUT_PATH, input);
        LOG.infof("run %s started for %s (%s)", run.id(), name, run.dir());
    }

    /** Starts a replay run: its "input" is the dead-letter store, its outcomes the replayed letters. */
    public void openReplay(Exchange exchange) {
        Run run = start(exchange, "replay-", "dead-letters", "", "replay");
        LOG.infof("replay run %s started (%s)", run.id(), run.dir());
    }

    /** Starts the run that relays one vendor event (its id carries {@link io.hrsync.state.AccountState#EVENT_RUN}). */
    public void openEvent(Exchange exchange) {
        String eventId = exchange.getProperty(io.hrsync.webhook.RampEventRelay.EVENT, io.hrsync.webhook.WebhookEvents.Event.class).id();
        Run run = start(exchange, AccountState.EVENT_RUN.substring(1), "ramp-event " + eventId, "", "webhook");
        LOG.infof("webhook run %s started for Ramp event %s (%s)", run.id(), eventId, run.dir());
    }

    /** A new run with an id that sorts by start time, registered for the exchange. */
    private Run start(Exchange exchange, String kind, String input, String sha256, String mode) {
        String id = ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID) + "-" + kind
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Run run = new Run(id, config.results().dir().resolve(id), input, sha256, mode, vendors.enabledNames(), metrics::outcome);
        runs.put(id, run);
        callsAtStart.put(id, calls.snapshot());
        exchange.setProperty(ExchangeKeys.RUN_ID, id);
        io.hrsync.ops.LogContext.run(id);
        return run;
    }

    /** A replay run's letters are re-planned: summary.json's "plan" says how. */
    public void replayPlanned(String runId, Map<String, Object> summary) {
        open(runId).ifPresent(run -> run.plan(summary));
    }

    /** A line of a replay run for a letter that stays in its own run (superseded): counted and written at once. */
    public void recordReplayLine(String runId, ActionRecord record) {
        open(runId).ifPresent(run -> run.action(record));
    }

    /** A replay run delivers this many dead letters: one outcome is expected for each. */
    public void expectReplays(String runId, int letters) {
        open(runId).ifPresent(run -> run.replays(letters));
    }

    public Run run(Exchange exchange) {
        String id = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        Run run = id == null ? null : runs.get(id);
        if (run == null) {
            throw new IllegalStateException("no open run for exchange (run id " + id + ")");
        }
        return run;
    }

    /** When an open run started. */
    public Optional<java.time.Instant> startedAt(String runId) {
        return open(runId).map(Run::startedAt);
    }

    /** The input file's SHA-256 of an open run. */
    public String inputSha256(String runId) {
        return open(runId).map(Run::inputSha256).orElse(null);
    }

    /**
     * An outcome reached without the vendor route: kept from an interrupted run by the run resuming it,
     * or decided by the plan. Counted; its line is written from the item.
     */
    public void countFinished(String runId, ActionRecord record) {
        open(runId).ifPresent(run -> run.count(record));
    }

    /** The run resumed an interrupted one (summary.json says how). */
    public void resumed(String runId, String interruptedRun, long finishedKept, long unfinishedContinued, long cancelled) {
        open(runId).ifPresent(run -> run.resumed(interruptedRun, finishedKept, unfinishedContinued, cancelled));
    }

    private Optional<Run> open(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** Each row of the file, as the planning pass reads it: a valid one is counted, a rejected one recorded. */
    public void recordRow(Run run, HrisRow row) {
        metrics.row(row.isValid());
        if (row.isValid()) {
            run.validRow();
        } else {
            run.rejectedRow(row.row(), row.employeeId(), row.email(), row.column(), row.reason());
        }
    }

    /** Records the outcome a vendor route reached (once per person×vendor exchange). */
    public void recordVendorResult(Exchange exchange) {
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        if (result == null) {
            result = new VendorResult();
        }
        if (result.getOutcome() == null) {
            result.setOutcome(Outcome.UNCHANGED);
        }
        record(exchange, result);
    }

    /** Records a business failure (a 4xx the vendor will keep answering): not retried. */
    public void recordFailure(Exchange exchange) {
        recordError(exchange, Outcome.FAILED, "failed", "");
    }

    /** Records that retries were exhausted and the exchange went to the dead-letter store. */
    public void recordDeadLetter(Exchange exchange) {
        String deadLetterId = exchange.getProperty(DeadLetters.ID, String.class);
        recordError(exchange, Outcome.DEAD_LETTERED, "delivery failed", " (dead letter: " + deadLetterId + ")");
    }

    /** The error the handler caught becomes the outcome's message (and HTTP status, when the vendor answered). */
    private void recordError(Exchange exchange, Outcome outcome, String fallback, String suffix) {
        VendorResult result = resultOf(exchange);
        result.setOutcome(outcome);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error instanceof VendorCallException call && call.status() > 0) {
            result.setHttpStatus(call.status());
        }
        result.note((error == null ? fallback : error.getMessage()) + suffix);
        record(exchange, result);
    }

    private VendorResult resultOf(Exchange exchange) {
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        if (result == null) {
            result = new VendorResult();
            exchange.setProperty(ExchangeKeys.RESULT, result);
        }
        return result;
    }

    private void record(Exchange exchange, VendorResult result) {
        if (result.isRecorded()) {
            LOG.warnf("outcome for row %s vendor %s already recorded; ignoring %s", exchange.getProperty(ExchangeKeys.ROW),
                    exchange.getProperty(ExchangeKeys.VENDOR), result.getOutcome());
            return;
        }
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        PlannedChange planned = exchange.getProperty(ExchangeKeys.PLANNED, PlannedChange.class);
        Run run = run(exchange);
        WorkItem item = exchange.getProperty(ExchangeKeys.WORK_ITEM, WorkItem.class);
        if (item != null) {
            createdByEarlierAttempt(item, result); // before the line and the summary's counts are made
        }
        ActionRecord record = new ActionRecord(run.id(), exchange.getProperty(ExchangeKeys.ROW, 0L, Long.class),
                person.employeeId(), person.email(), vendor, planned == null ? "" : planned.change().name(),
                result.getAction(), result.getOutcome(), result.getVendorUserId(), result.getHttpStatus(),
                result.getMessage());
        boolean ours;
        try {
            ours = recording.store(() -> store(run, vendor, person, planned, item, record, result));
        } catch (RuntimeException e) {
            exchange.setProperty(RECORDING_FAILED, true);
            String what = vendor + " " + result.getAction() + " " + result.getOutcome() + " of row " + record.row()
                    + " (employee " + person.employeeId() + ")";
            String cause = firstLine(e.getMessage());
            recordingFailures.putIfAbsent(run.id(), "the outcome " + what + " could not be recorded: " + cause);
            LOG.errorf("run %s: the outcome %s could not be recorded after %d attempts (%s); the run will end ABORTED, "
                    + "and the next run looks the account up again before it writes", run.id(), what, recording.attempts(), cause);
            throw new RecordingFailedException("the outcome " + what + " could not be recorded: " + cause, e);
        }
        result.markRecorded();
        if (!ours) {
            LOG.warnf("work item %d (%s, row %d) was taken over by another process before its outcome was stored",
                    item.id(), item.vendor(), item.row());
            return;
        }
        if (item != null) {
            run.count(record);
        } else {
            run.action(record);
        }
    }

    /**
     * Stores one outcome, in the order that makes it safe to repeat: what the vendor now holds goes
     * into the state store first (an upsert), then the work item takes its outcome, which is what makes
     * the outcome count as recorded. False when another process took the item over.
     */
    private boolean store(Run run, String vendor, Person person, PlannedChange planned, WorkItem item, ActionRecord record,
            VendorResult result) {
        appliedStates.recorded(run.id(), vendor, person, planned, result);
        if (item == null) {
            return true;
        }
        // the outcome is stored on the work item; its actions.csv line is written from the items (writeAction)
        return result.getOutcome() == Outcome.DEAD_LETTERED
                ? queue.deadLetter(item.id(), result.getAction().name(), result.getHttpStatus(), result.getMessage())
                : queue.finish(item.id(), result.getAction().name(), result.getOutcome().name(), result.getVendorUserId(),
                        result.getHttpStatus(), result.getMessage());
    }

    /**
     * Stops a run one of whose outcomes could not be recorded ({@link RecordingFailedException}): it ends
     * ABORTED with the cause, never COMPLETED. Called by the loop that waits for the run's delivery.
     */
    public void checkRecorded(String runId) {
        String failure = recordingFailures.get(runId);
        if (failure != null) {
            throw new RecordingFailedException("run " + runId + " stopped: " + failure, null);
        }
    }

    /** Whether recording this exchange's outcome failed (its work item is left as it is for the next run). */
    public static boolean recordingFailed(Exchange exchange) {
        return exchange.getProperty(RECORDING_FAILED, false, Boolean.class);
    }

    /**
     * An earlier attempt of this item decided CREATE and then failed (its answer lost, or a later
     * step refused): when this attempt found the account and applied, the run created it, and the
     * line says so rather than UPDATE or NONE.
     */
    private static void createdByEarlierAttempt(WorkItem item, VendorResult result) {
        if (item.earlierAttemptCreated() && result.getAction() != VendorAction.CREATE
                && (result.getOutcome() == Outcome.APPLIED || result.getOutcome() == Outcome.UNCHANGED)) {
            result.setAction(VendorAction.CREATE);
            result.setOutcome(Outcome.APPLIED);
            String found = "created by an earlier attempt (its answer was lost or its next step failed); found on attempt "
                    + item.attempts();
            result.setMessage(result.getMessage() == null || result.getMessage().isBlank() ? found
                    : found + "; " + result.getMessage());
        }
    }

    /** One line of actions.csv of the exchange's run, written from a delivered work item. */
    public void writeAction(Exchange exchange, ActionRecord record) {
        run(exchange).actionRow(record);
    }

    /**
     * The run's plan is made: its summary goes into summary.json; people no longer in the file who are
     * deactivated for it are expected too, one outcome per vendor each, like a row.
     */
    public void planned(Exchange exchange, RunPlan plan) {
        Run run = run(exchange);
        run.plan(plan.summary());
        run.expectPeople(plan.missingDeactivated());
    }

    /** A run that does not write: one decision of its plan, counted and written to actions.csv. */
    public void recordPlanned(Run run, ActionRecord record) {
        run.action(record);
    }

    /** The rules preflight checked the vendor's references for the run. */
    public void preflightChecked(String runId, String vendor) {
        open(runId).ifPresent(run -> run.preflightChecked(vendor));
    }

    /** A reference the rules produce that the vendor lacks: preflight.csv and summary.json, once per run. */
    public void preflightMissing(String runId, String vendor, String kind, String name, String rulesFile, String ruleKey,
            List<String> mappedFrom, long people, String problem, List<String> available, int availableCount) {
        open(runId).ifPresent(run -> run.preflightMissing(vendor, kind, name, rulesFile, ruleKey, mappedFrom, people, problem,
                available, availableCount));
    }

    /** The vendor's reference data could not be read for the preflight. */
    public void preflightUnchecked(String runId, String vendor, String why) {
        open(runId).ifPresent(run -> run.preflightUnchecked(vendor, why));
    }

    /** One line of drift.csv for the exchange's run. */
    public void drift(Exchange exchange, String vendor, String kind, String employeeId, String email, String vendorUserId,
            String detail) {
        run(exchange).drift(vendor, kind, employeeId, email, vendorUserId, detail);
    }

    /** The vendor's seats as its directory listed them (summary.json "seats"). */
    public void seats(Exchange exchange, String vendor, Seats counted) {
        run(exchange).seats(vendor, counted);
    }

    /** A safety guard stopped the run: nothing was written, the plan waits for approval. */
    public void stopByGuards(Exchange exchange) {
        RunPlan plan = exchange.getProperty(ExchangeKeys.PLAN, RunPlan.class);
        finish(exchange, RunStatus.ABORTED, String.join("; ", plan.violations()) + ". Nothing was written. Review plan "
                + plan.planId() + " (actions.csv), then apply it with: java -Dhrsync.run-once=true -Dhrsync.plan.approve="
                + plan.planId() + " -jar quarkus-run.jar");
    }

    /** The file cannot be used: recorded as REJECTED, nothing reached a vendor. */
    public void rejectFile(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HrisFileRejectedException rejection = ObjectHelper.getException(
                HrisFileRejectedException.class, error);
        finish(exchange, RunStatus.REJECTED, rejection != null ? rejection.getMessage()
                : error == null ? "rejected" : error.getMessage());
    }

    /** Something unexpected stopped the run. */
    public void abort(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        Throwable cause = rootCause(error);
        LOG.error("run aborted", error);
        finish(exchange, RunStatus.ABORTED, cause == null ? "aborted"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t != null && t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.camel.CamelExecutionException || t instanceof org.apache.camel.RuntimeCamelException
                        || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t;
    }

    /** Ends the run normally: status from the recorded outcomes. */
    public void complete(Exchange exchange) {
        finish(exchange, null, null);
    }

    private void finish(Exchange exchange, RunStatus status, String reason) {
        Run run = run(exchange);
        Map<String, Map<String, Long>> before = callsAtStart.remove(run.id());
        if (before != null) {
            run.calls(VendorCalls.between(before, calls.snapshot()));
        }
        run.end(status, reason);
        runs.remove(run.id());
        recordingFailures.remove(run.id());
        lookups.forgetRun(run.id());
        directories.forgetRun(run.id());
        exchange.setProperty("hrsyncRunStatus", run.status().name());
        exchange.setProperty("hrsyncRunReason", SecretRedactor.mask(run.reason())); // the reason file's text
        exchange.setProperty("hrsyncRunDir", run.dir().toString());
        LOG.infof("run %s finished: %s%s; results in %s", run.id(), run.status(),
                run.reason() == null ? "" : " (" + run.reason() + ")", run.dir().toAbsolutePath());
        lastFinished = run;
        metrics.runFinished(run.status(), run.startedAt(), run.finishedAt());
        run.outcomesByVendor().forEach((vendor, outcomes) -> LOG.infof("run %s %s: %s", run.id(), vendor,
                outcomes.isEmpty() ? "no outcome" : outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", "))));
        io.hrsync.ops.LogContext.clear();
    }

    /** The most recently finished run (for run-once exit codes and tests). */
    public Run lastFinished() {
        return lastFinished;
    }

    /** The result files of the run, for the upload step's splitter. */
    public List<File> resultFiles(Exchange exchange) {
        Path dir = Path.of(exchange.getProperty("hrsyncRunDir", String.class));
        return Run.FILES.stream().map(name -> dir.resolve(name).toFile()).filter(File::isFile).toList();
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
