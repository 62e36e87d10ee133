package io.hrsync.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.queue.WorkQueue;
import io.hrsync.run.Run;

/**
 * What the run report page shows (io.hrsync.report.RunReportPage): the recent runs as their
 * summary.json files say (status, per-vendor outcomes, rejected rows, seats), the plans a safety guard
 * stopped that nobody approved yet, and each vendor's queue and dead letters from the state store.
 * Read-only: it reads result files and counts; it never changes anything.
 */
@ApplicationScoped
public class RunReports {

    private static final Logger LOG = Logger.getLogger(RunReports.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A run directory's name (the run id): nothing else under the results directory is served. */
    static final Pattern RUN_ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");

    /** One outcome's share of a vendor's bar. */
    public record Segment(String outcome, long count, double percent) {
        /** The CSS class of the outcome's colour. */
        public String css() {
            return "o-" + outcome.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public record VendorOutcomes(String vendor, long total, List<Segment> segments) {
    }

    public record VendorSeats(String vendor, long active, long inactive, long activeManaged, long activeNotManaged,
            long pendingInvite, long freed) {
    }

    public record RunView(String id, String status, String mode, String input, String startedAt, String finishedAt, long rows,
            long rejected, String reason, String planId, List<String> guardViolations, List<VendorOutcomes> vendors,
            List<VendorSeats> seats, List<String> files) {

        public boolean awaitsApproval() {
            return !guardViolations.isEmpty() && "ABORTED".equals(status);
        }
    }

    public record VendorQueue(String vendor, long waiting, long deadLetters) {
    }

    public record Page(List<RunView> runs, List<RunView> awaitingApproval, List<VendorQueue> queues) {
    }

    private final Path results;
    private final WorkQueue queue;
    private final int max;

    public RunReports(HrsyncConfig config, WorkQueue queue) {
        this.results = config.results().dir();
        this.queue = queue;
        this.max = config.report().maxRuns();
    }

    /** The page's content: the newest runs first. */
    public Page page() {
        List<RunView> runs = new ArrayList<>();
        Set<String> approved = new HashSet<>();
        for (Path dir : runDirectories()) {
            run(dir).ifPresent(r -> {
                runs.add(r.view());
                if (r.approvedPlanId() != null) {
                    approved.add(r.approvedPlanId());
                }
            });
        }
        List<RunView> awaiting = runs.stream().filter(RunView::awaitsApproval).filter(r -> !approved.contains(r.planId())).toList();
        List<VendorQueue> queues = new ArrayList<>();
        queue.backlog().forEach((vendor, b) -> queues.add(new VendorQueue(vendor, b.waiting(), b.dead())));
        return new Page(runs.size() > max ? runs.subList(0, max) : runs, awaiting, queues);
    }

    /** A result file of a run, when both names are what the page links to (nothing else is served). */
    public java.util.Optional<Path> resultFile(String runId, String file) {
        if (runId == null || !RUN_ID.matcher(runId).matches() || !Run.FILES.contains(file)) {
            return java.util.Optional.empty();
        }
        Path path = results.resolve(runId).resolve(file);
        return Files.isRegularFile(path) ? java.util.Optional.of(path) : java.util.Optional.empty();
    }

    private List<Path> runDirectories() {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(results)) {
            // run ids begin with their start time: the newest first
            return dirs.filter(d -> RUN_ID.matcher(d.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path d) -> d.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            LOG.warnf("run report: cannot list %s: %s", results, e.getMessage());
            return List.of();
        }
    }

    private record Read(RunView view, String approvedPlanId) {
    }

    private java.util.Optional<Read> run(Path dir) {
        Path summary = dir.resolve(Run.SUMMARY);
        if (!Files.isRegularFile(summary)) {
            return java.util.Optional.empty(); // a run still under way: its summary is written at its end
        }
        JsonNode s;
        try {
            s = JSON.readTree(summary.toFile());
        } catch (IOException e) {
            LOG.warnf("run report: %s is not readable: %s", summary, e.getMessage());
            return java.util.Optional.empty();
        }
        List<VendorOutcomes> vendors = new ArrayList<>();
        s.path("vendors").fields().forEachRemaining(v -> vendors.add(outcomes(v.getKey(), v.getValue())));
        List<VendorSeats> seats = new ArrayList<>();
        s.path("seats").fields().forEachRemaining(v -> seats.add(new VendorSeats(v.getKey(), v.getValue().path("active").asLong(),
                v.getValue().path("inactive").asLong(), v.getValue().path("activeManaged").asLong(),
                v.getValue().path("activeNotManaged").asLong(), v.getValue().path("pendingInvite").asLong(),
                v.getValue().path("freedByThisRun").asLong())));
        List<String> violations = new ArrayList<>();
        s.path("plan").path("guardViolations").forEach(v -> violations.add(v.asText()));
        List<String> files = Run.FILES.stream().filter(f -> Files.isRegularFile(dir.resolve(f))).toList();
        String approvedPlanId = s.path("plan").path("approvedPlanId").isTextual() ? s.path("plan").path("approvedPlanId").asText() : null;
        RunView view = new RunView(dir.getFileName().toString(), s.path("status").asText(), s.path("mode").asText(),
                s.path("inputFile").asText(""), s.path("startedAt").asText(""), s.path("finishedAt").asText(""),
                s.path("rows").path("total").asLong(), s.path("rows").path("rejected").asLong(),
                s.path("reason").isTextual() ? s.path("reason").asText() : null, s.path("plan").path("planId").asText(null),
                violations, vendors, seats, files);
        return java.util.Optional.of(new Read(view, approvedPlanId));
    }

    /** A vendor's outcomes (summed over the actions) as shares of one bar. */
    static VendorOutcomes outcomes(String vendor, JsonNode byAction) {
        Map<String, Long> byOutcome = new TreeMap<>();
        byAction.fields().forEachRemaining(a -> a.getValue().fields()
                .forEachRemaining(o -> byOutcome.merge(o.getKey(), o.getValue().asLong(), Long::sum)));
        long total = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        List<Segment> segments = byOutcome.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> new Segment(e.getKey(), e.getValue(), total == 0 ? 0 : Math.round(1000.0 * e.getValue() / total) / 10.0))
                .toList();
        return new VendorOutcomes(vendor, total, segments);
    }
}
