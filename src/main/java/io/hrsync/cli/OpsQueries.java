package io.hrsync.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.WorkRuns;
import io.hrsync.state.PlanRecord;
import io.hrsync.state.StateStore;

/**
 * The read-only commands ({@code plans}, {@code dead-letters}, {@code status}): queries of the state
 * store, printed for a terminal. Nothing here starts a route, polls SFTP or calls a vendor.
 */
@ApplicationScoped
public class OpsQueries {

    private final StateStore state;
    private final WorkQueue queue;
    private final WorkRuns runs;
    private final HrsyncConfig config;

    public OpsQueries(StateStore state, WorkQueue queue, WorkRuns runs, HrsyncConfig config) {
        this.state = state;
        this.queue = queue;
        this.runs = runs;
        this.config = config;
    }

    /** What waits for approval, with why. */
    public int plans(PrintStream out) {
        List<PlanRecord> plans = state.plansAwaitingApproval();
        if (plans.isEmpty()) {
            out.println("No plan waits for approval.");
            return 0;
        }
        out.printf("%d plan(s) wait for approval (approve one with: hrsync approve <plan id>):%n", plans.size());
        for (PlanRecord p : plans) {
            out.printf("%s  %-8s run %s  input %s%n    %s%n", p.planId(), p.status(), p.runId(), p.inputFile(),
                    p.reason() == null ? "plan mode: a dry run to review" : p.reason());
        }
        return 0;
    }

    /** The dead letters, counted per vendor and reason, then listed. */
    public int deadLetters(PrintStream out, String vendor, String email, String run) {
        List<WorkQueue.DeadLetter> letters = queue.deadLetters(vendor, email, run);
        if (letters.isEmpty()) {
            out.println("No dead letter.");
            return 0;
        }
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (WorkQueue.DeadLetter l : letters) {
            counts.computeIfAbsent(l.item().vendor(), v -> new TreeMap<>()).merge(reason(l.item()), 1L, Long::sum);
        }
        out.printf("%d dead letter(s) (replay with: hrsync replay [--vendor v] [--email e] [--run r]):%n", letters.size());
        counts.forEach((v, reasons) -> {
            out.printf("%s: %d%n", v, reasons.values().stream().mapToLong(Long::longValue).sum());
            reasons.forEach((reason, n) -> out.printf("    %5d  %s%n", n, reason));
        });
        out.println();
        out.printf("%-8s %-28s %-10s %-14s %-12s %s%n", "id", "run", "vendor", "employee", "action", "reason");
        for (WorkQueue.DeadLetter l : letters) {
            WorkItem i = l.item();
            out.printf("%-8d %-28s %-10s %-14s %-12s %s%s%n", i.id(), i.runId(), i.vendor(), i.employeeId(), i.action(),
                    reason(i), l.supersededByRun() == null ? "" : " (superseded by run " + l.supersededByRun() + ")");
        }
        return 0;
    }

    /** The last runs and, per vendor, the work queue's depth. */
    public int status(PrintStream out, int last) {
        List<WorkRuns.RunRow> recent = runs.recent(last);
        out.printf("State store: %s%n", StateStore.activeDatasourceName());
        if (recent.isEmpty()) {
            out.println("No run yet.");
        } else {
            out.printf("Last %d run(s):%n", recent.size());
            for (WorkRuns.RunRow r : recent) {
                out.printf("  %-28s started %s  %s  %s%n", r.runId(), r.startedAt(),
                        r.finishedAt() == null ? (r.resumedBy() == null ? "not finished" : "resumed by " + r.resumedBy())
                                : "finished " + r.finishedAt(),
                        summaryStatus(r.runId()));
            }
        }
        Map<String, WorkQueue.Backlog> depth = queue.backlog();
        if (depth.isEmpty()) {
            out.println("Work queue: empty.");
        } else {
            out.println("Work queue per vendor:");
            depth.forEach((vendor, b) -> out.printf("  %-10s queued %d, in delivery %d, dead letters %d%n", vendor, b.queued(),
                    b.claimed(), b.dead()));
        }
        return 0;
    }

    /** The run's status from its summary.json, when its result files are on this machine. */
    private String summaryStatus(String runId) {
        Path summary = config.results().dir().resolve(runId).resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            return "";
        }
        try {
            JsonNode node = new ObjectMapper().readTree(summary.toFile());
            return node.path("status").asText("");
        } catch (Exception e) {
            return "(summary.json unreadable)";
        }
    }

    private static String reason(WorkItem item) {
        String message = item.message() == null ? "" : item.message().replaceAll("\\s+", " ");
        String status = item.httpStatus() == null ? "" : "HTTP " + item.httpStatus() + ": ";
        String text = status + message;
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }
}
