package io.hrsync.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * One run's ledger: appends every outcome to actions.csv and rejected.csv as it happens, keeps only
 * counters in memory, and renders summary.json at the end, so the files cannot disagree.
 */
public final class Run {

    public static final String SUMMARY = "summary.json";
    public static final String ACTIONS = "actions.csv";
    public static final String REJECTED = "rejected.csv";
    public static final String DRIFT = "drift.csv";
    public static final String PREFLIGHT = "preflight.csv";
    public static final List<String> FILES = List.of(SUMMARY, ACTIONS, REJECTED, DRIFT, PREFLIGHT);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String id;
    private final Path dir;
    private final String inputFile;
    private final String inputSha256;
    private final String mode;
    private final Instant startedAt;
    private final int enabledVendors;
    private final SafeCsv actions;
    private final SafeCsv rejected;
    private final SafeCsv drift;
    private final SafeCsv preflight;
    private final List<String> preflightChecked = new ArrayList<>();
    private final List<Map<String, Object>> preflightMissing = new ArrayList<>();
    private final List<Map<String, Object>> preflightUnchecked = new ArrayList<>();
    private final Map<String, Map<String, Long>> driftCounts = new TreeMap<>();
    private final Map<String, Seats> seats = new TreeMap<>();
    private long validRows;
    private long rejectedRows;
    private long recordedActions;
    private long expectedActions;
    private boolean anyFailure;
    private final Map<String, Map<VendorAction, Map<Outcome, Long>>> vendors = new TreeMap<>();
    private Map<String, Object> plan;
    private final List<Map<String, Object>> resumedRuns = new ArrayList<>();
    private Map<String, Map<String, Long>> calls = Map.of();
    private RunStatus status;
    private String reason;
    private Instant finishedAt;
    /** Told of every outcome counted (the metrics), as summary.json counts it. */
    private final java.util.function.Consumer<ActionRecord> counted;

    Run(String id, Path dir, String inputFile, String inputSha256, String mode, List<String> vendorNames) {
        this(id, dir, inputFile, inputSha256, mode, vendorNames, record -> { });
    }

    Run(String id, Path dir, String inputFile, String inputSha256, String mode, List<String> vendorNames,
            java.util.function.Consumer<ActionRecord> counted) {
        this.counted = counted;
        this.id = id;
        this.dir = dir;
        this.inputFile = inputFile;
        this.inputSha256 = inputSha256;
        this.mode = mode;
        this.startedAt = Instant.now();
        this.enabledVendors = vendorNames.size();
        vendorNames.forEach(v -> vendors.put(v, new TreeMap<>()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create results directory " + dir, e);
        }
        actions = new SafeCsv(dir.resolve(ACTIONS), "run_id", "row", "employee_id", "email", "vendor", "change",
                "action", "outcome", "vendor_user_id", "http_status", "message");
        rejected = new SafeCsv(dir.resolve(REJECTED), "run_id", "row", "employee_id", "email", "column", "reason");
        drift = new SafeCsv(dir.resolve(DRIFT), "run_id", "vendor", "kind", "employee_id", "email", "vendor_user_id",
                "detail");
        preflight = new SafeCsv(dir.resolve(PREFLIGHT), "run_id", "vendor", "kind", "name", "rules_file", "rule_key",
                "mapped_from", "people", "problem", "available");
    }

    public String id() {
        return id;
    }

    public Path dir() {
        return dir;
    }

    public String inputFile() {
        return inputFile;
    }

    public String inputSha256() {
        return inputSha256;
    }

    public String mode() {
        return mode;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Each vendor's outcomes counted so far, by outcome (every action together), for the run's closing lines. */
    public synchronized Map<String, Map<Outcome, Long>> outcomesByVendor() {
        Map<String, Map<Outcome, Long>> byVendor = new TreeMap<>();
        vendors.forEach((vendor, actions) -> {
            Map<Outcome, Long> outcomes = new TreeMap<>();
            actions.values().forEach(o -> o.forEach((outcome, n) -> outcomes.merge(outcome, n, Long::sum)));
            byVendor.put(vendor, outcomes);
        });
        return byVendor;
    }

    /** When the run ended (null while it is open). */
    public synchronized Instant finishedAt() {
        return finishedAt;
    }

    /** The plan section of summary.json (plan id, changes, guard violations). */
    synchronized void plan(Map<String, Object> planSummary) {
        this.plan = planSummary;
    }

    /** People no longer in the file who are deactivated: one outcome per vendor each, like a row. */
    synchronized void expectPeople(long people) {
        expectedActions += people * enabledVendors;
    }

    public synchronized RunStatus status() {
        return status;
    }

    public synchronized String reason() {
        return reason;
    }

    synchronized void validRow() {
        validRows++;
        expectedActions += enabledVendors;
    }

    /** A replay run delivers this many dead letters: one outcome is expected for each. */
    synchronized void replays(long letters) {
        expectedActions += letters;
    }

    synchronized void rejectedRow(long row, String employeeId, String email, String column, String why) {
        rejectedRows++;
        rejected.row(id, row, employeeId, email, column, why);
    }

    /** The calls this process made to each vendor while the run was open, by kind (read, write, token). */
    synchronized void calls(Map<String, Map<String, Long>> made) {
        calls = made;
    }

    /** This run resumed an interrupted run: what it kept, continued and cancelled of that run's items. */
    synchronized void resumed(String interruptedRun, long finishedKept, long unfinishedContinued, long cancelled) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", interruptedRun);
        r.put("finishedItemsKept", finishedKept);
        r.put("unfinishedItemsContinued", unfinishedContinued);
        r.put("itemsCancelled", cancelled);
        resumedRuns.add(r);
    }

    /** One outcome: counted, and written to actions.csv. */
    synchronized void action(ActionRecord record) {
        count(record);
        actionRow(record);
    }

    /**
     * One outcome counted for summary.json; its line of actions.csv is written later, from the work
     * items, in row and vendor order ({@link #actionRow}).
     */
    synchronized void count(ActionRecord record) {
        recordedActions++;
        anyFailure |= record.outcome().isFailure();
        vendors.computeIfAbsent(record.vendor(), v -> new TreeMap<>())
                .computeIfAbsent(record.action(), a -> new TreeMap<>())
                .merge(record.outcome(), 1L, Long::sum);
        counted.accept(record);
    }

    /** One line of actions.csv. */
    synchronized void actionRow(ActionRecord record) {
        actions.row(record.runId(), record.row() == 0 ? "" : record.row(), record.employeeId(), record.email(),
                record.vendor(), record.change(), record.action(), record.outcome(), record.vendorUserId(), record.httpStatus(), record.message());
    }

    /** The rules preflight checked this vendor's references (whatever it found). */
    synchronized void preflightChecked(String vendor) {
        preflightChecked.add(vendor);
    }

    /**
     * A reference the rules produce that the vendor lacks: one line of preflight.csv and one entry of
     * summary.json's {@code preflight.missing}, once per run.
     */
    synchronized void preflightMissing(String vendor, String kind, String name, String rulesFile, String ruleKey,
            List<String> mappedFrom, long people, String problem, List<String> available, int availableCount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vendor", vendor);
        m.put("kind", kind);
        m.put("name", name);
        m.put("rulesFile", rulesFile);
        m.put("ruleKey", ruleKey);
        m.put("mappedFrom", mappedFrom);
        m.put("people", people);
        m.put("problem", problem);
        m.put("available", available);
        m.put("availableCount", availableCount);
        preflightMissing.add(m);
        preflight.row(id, vendor, kind, name, rulesFile, ruleKey, String.join("; ", mappedFrom), people, problem,
                String.join("; ", available) + (available.size() < availableCount ? "; … (" + availableCount + " in all)" : ""));
    }

    /** The vendor's reference data could not be read: its references were not checked (the deliveries still resolve them). */
    synchronized void preflightUnchecked(String vendor, String why) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("vendor", vendor);
        u.put("reason", why);
        preflightUnchecked.add(u);
        preflight.row(id, vendor, "UNCHECKED", "", "", "", "", "", why, "");
    }

    /** One line of drift.csv: reported, never acted on. */
    /** The vendor's seats as its directory listed them for the drift report. */
    synchronized void seats(String vendor, Seats counted) {
        seats.put(vendor, counted);
    }

    synchronized void drift(String vendor, String kind, String employeeId, String email, String vendorUserId, String detail) {
        driftCounts.computeIfAbsent(vendor, v -> new TreeMap<>()).merge(kind, 1L, Long::sum);
        drift.row(id, vendor, kind, employeeId, email, vendorUserId, detail);
    }

    /**
     * Ends the run: the status it reached becomes final only once the result files are whole under
     * their own names; a file that cannot be written makes the run FAILED with the cause.
     */
    synchronized void end(RunStatus forced, String why) {
        if (status != null) {
            return;
        }
        finishedAt = Instant.now();
        RunStatus reached;
        String because;
        long expected = expectedActions;
        if (forced != null) {
            reached = forced;
            because = why;
        } else if (recordedActions != expected) {
            reached = RunStatus.ABORTED;
            because = "ledger mismatch: " + recordedActions + " outcomes recorded where " + expected
                    + " were expected (" + validRows + " valid rows, " + enabledVendors + " vendors)";
        } else {
            reached = anyFailure ? RunStatus.COMPLETED_WITH_FAILURES : RunStatus.COMPLETED;
            because = anyFailure ? "some vendor actions failed: see actions.csv" : null;
        }
        RuntimeException failure = null;
        for (SafeCsv csv : List.of(actions, rejected, drift, preflight)) {
            try {
                csv.publish();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure == null) {
            try {
                writeSummary(reached, because);
                status = reached;
                reason = because;
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        status = RunStatus.FAILED;
        reason = "the result files could not be written (" + describe(failure) + "); the run had reached " + reached
                + (because == null ? "" : ": " + because);
        try {
            writeSummary(status, reason);
        } catch (RuntimeException e) {
            // nothing more can be written there: the log line, the exit code and the .reason.txt say it
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return failure.getMessage() + (root == failure ? "" : ": " + root.getClass().getSimpleName() + " " + root.getMessage());
    }

    /**
     * Per vendor: the calls by kind, the changes applied (outcome APPLIED, any action but NONE), and
     * the calls per change applied, to hold against the vendor contract's minimum.
     */
    private Map<String, Map<String, Object>> callsWithPerChange() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        calls.forEach((vendor, kinds) -> {
            if (!vendors.containsKey(vendor)) {
                return;
            }
            Map<String, Object> v = new LinkedHashMap<>(kinds);
            long total = kinds.values().stream().mapToLong(Long::longValue).sum();
            long applied = vendors.get(vendor).entrySet().stream().filter(e -> e.getKey() != VendorAction.NONE)
                    .mapToLong(e -> e.getValue().getOrDefault(Outcome.APPLIED, 0L)).sum();
            v.put("total", total);
            v.put("changesApplied", applied);
            if (applied > 0) {
                v.put("callsPerChange", Math.round(100.0 * total / applied) / 100.0);
            }
            out.put(vendor, v);
        });
        return out;
    }

    private void writeSummary(RunStatus status, String reason) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runId", id);
        summary.put("inputFile", inputFile);
        summary.put("inputSha256", inputSha256);
        summary.put("startedAt", startedAt.toString());
        summary.put("finishedAt", finishedAt.toString());
        summary.put("mode", mode);
        summary.put("status", status);
        summary.put("reason", reason);
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("total", validRows + rejectedRows);
        rows.put("valid", validRows);
        rows.put("rejected", rejectedRows);
        summary.put("rows", rows);
        summary.put("vendors", vendors);
        summary.put("calls", callsWithPerChange());
        if (!resumedRuns.isEmpty()) {
            summary.put("resumed", resumedRuns);
        }
        if (plan != null) {
            summary.put("plan", plan);
        }
        summary.put("drift", driftCounts);
        Map<String, Object> seatsByVendor = new TreeMap<>();
        seats.forEach((vendor, counted) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("listed", counted.listed());
            one.put("active", counted.active());
            one.put("inactive", counted.inactive());
            one.put("activeManaged", counted.activeManaged());
            one.put("activeNotManaged", counted.activeNotManaged());
            one.put("pendingInvite", counted.pendingInvite());
            one.put("freedByThisRun", vendors.getOrDefault(vendor, Map.of()).getOrDefault(VendorAction.DEACTIVATE, Map.of())
                    .getOrDefault(Outcome.APPLIED, 0L));
            seatsByVendor.put(vendor, one);
        });
        summary.put("seats", seatsByVendor);
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("checked", preflightChecked);
        checks.put("missing", preflightMissing);
        checks.put("unchecked", preflightUnchecked);
        summary.put("preflight", checks);
        try {
            ResultFiles.write(dir.resolve(SUMMARY), JSON.writeValueAsBytes(summary));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(SUMMARY), e);
        }
    }
}
