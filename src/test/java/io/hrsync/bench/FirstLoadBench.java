package io.hrsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.hrsync.RunResultsFixtures;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;

/**
 * First-load benchmark: N new people into all four vendor simulators, measured as the vendors see it.
 *
 * <p>A plain {@code main}, not a JUnit test (so {@code mvn verify} never runs it); start it with
 * {@code bench/first-load.sh}, from the project directory, after {@code mvn package}. It starts a
 * {@link Sandbox} (SFTP server and the four simulators, loopback only, free ports) under
 * {@code target/bench/first-load}, gives every simulator a latency and the rate limit hrsync is
 * configured with, uploads a generated export of N active people, runs the packaged jar
 * ({@code target/quarkus-app/quarkus-run.jar}) once (run-once) against it as a separate process, waits
 * for it to exit, and then reads every simulator's recorded requests. It prints a table and writes
 * {@code target/bench/first-load/result.json}.
 *
 * <p>Arguments are system properties (defaults in brackets):
 * <ul>
 * <li>{@code bench.people} [100]: N, the people in the export (at least 1)</li>
 * <li>{@code bench.latency-ms} [150]: latency every simulator adds to every answer</li>
 * <li>{@code bench.workramp-rate-per-hour} [13000]: WorkRamp's limit for this run, simulator and hrsync
 * alike (WorkRamp allows 3,000/h sustained and 13,000/h burst; hrsync's default, 45/min, would make
 * a first load of a few hundred people take hours)</li>
 * <li>{@code bench.workramp-rate-period-ms} [60000]: the rolling window that limit is enforced over:
 * {@code floor(rate-per-hour * period / 3,600,000)} calls per period (a one-hour window would let
 * every call of a small run through at once)</li>
 * <li>{@code bench.timeout-minutes} [30]: the most the hrsync process may run; then it is killed and
 * the partial figures are written ({@code timed_out: true})</li>
 * <li>{@code bench.seed} [42]: seed of the generated export (same N and seed: same file)</li>
 * <li>{@code bench.fail-fraction} [0]: share of every simulator's calls answered 503</li>
 * <li>{@code bench.lose-answer-fraction} [0]: share of successful writes whose answer is lost (the
 * vendor wrote, the connection drops)</li>
 * <li>{@code bench.dir} [target/bench/first-load]: where everything goes (emptied first)</li>
 * <li>{@code bench.rate-scale} [1]: every vendor's limit, enforced and configured, times this</li>
 * <li>{@code bench.rerun} [false]: once the first load is done, the same export again in a second
 * process on the same state store; its calls per vendor are reported alone ({@code rerun} in result.json)</li>
 * <li>{@code bench.jar} [target/quarkus-app/quarkus-run.jar]</li>
 * <li>{@code bench.hrsync.<key>=<value>}: passed to hrsync as {@code hrsync.<key>=<value>} (last word:
 * overrides what the bench sets)</li>
 * </ul>
 *
 * <p>Rate limits, per vendor (simulator = what the vendor enforces; hrsync = its gate):
 * Ramp: simulator 200 per rolling 10 s with its 60 s penalty after a 429 (Ramp's published limit and
 * the simulator's default), hrsync its default 180 per 10 s; Workiva: both 300 per 60 s (hrsync's
 * default, Workiva publishes none); Skilljar: both 240 per 60 s (likewise); WorkRamp: both as above.
 * "Limit" in the figures is hrsync's configured limit, the most hrsync lets itself send.
 */
public final class FirstLoadBench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> VENDORS = List.of("workramp", "ramp", "workiva", "skilljar");

    /** One vendor's limit: the simulator's (what the vendor enforces) and hrsync's (its own gate). */
    record Limits(int simulatorLimit, long simulatorPeriodMs, long simulatorPenaltyMs, int hrsyncLimit,
            long hrsyncPeriodMs) {
        double hrsyncPerSecond() {
            return hrsyncLimit * 1000.0 / hrsyncPeriodMs;
        }

        double simulatorPerSecond() {
            return simulatorLimit * 1000.0 / simulatorPeriodMs;
        }
    }

    private FirstLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int people = Integer.getInteger("bench.people", 100);
        long latencyMs = Long.getLong("bench.latency-ms", 150);
        int workrampPerHour = Integer.getInteger("bench.workramp-rate-per-hour", 13_000);
        long workrampPeriodMs = Long.getLong("bench.workramp-rate-period-ms", 60_000);
        long timeoutMinutes = Long.getLong("bench.timeout-minutes", 30);
        long seed = Long.getLong("bench.seed", 42);
        double failFraction = Double.parseDouble(System.getProperty("bench.fail-fraction", "0"));
        double loseAnswerFraction = Double.parseDouble(System.getProperty("bench.lose-answer-fraction", "0"));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench/first-load")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (people < 1) {
            throw new IllegalArgumentException("bench.people must be at least 1");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B package -DskipTests first (bench/first-load.sh does)");
        }
        if (!Files.isDirectory(Path.of("config")) || !Files.isDirectory(Path.of("routes"))) {
            throw new IllegalStateException("run from the project directory (hrsync reads config/ and routes/ from it)");
        }
        int workrampLimit = (int) Math.max(1, (long) workrampPerHour * workrampPeriodMs / 3_600_000L);

        Map<String, Limits> limits = new LinkedHashMap<>();
        // bench.rate-scale multiplies every limit, the vendors' and hrsync's alike (a large load that is
        // to finish in minutes; every figure stays relative to the configured limit)
        int scale = Integer.getInteger("bench.rate-scale", 1);
        limits.put("workramp", new Limits(workrampLimit * scale, workrampPeriodMs, 0, workrampLimit * scale, workrampPeriodMs));
        limits.put("ramp", new Limits(200 * scale, 10_000, 60_000, 180 * scale, 10_000));
        limits.put("workiva", new Limits(300 * scale, 60_000, 0, 300 * scale, 60_000));
        limits.put("skilljar", new Limits(240 * scale, 60_000, 0, 240 * scale, 60_000));

        emptyDirectory(dir);
        Files.createDirectories(dir);
        String csv = export(people, seed, LocalDate.now(ZoneOffset.UTC));
        Files.writeString(dir.resolve("export.csv"), csv);

        Map<String, Object> result;
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY)) {
            for (VendorSimulator simulator : benched(sandbox)) {
                Limits l = limits.get(simulator.name());
                simulator.latency(latencyMs);
                simulator.rateLimit(l.simulatorLimit(), l.simulatorPeriodMs(), l.simulatorPenaltyMs());
                simulator.failFraction(failFraction, 503);
                simulator.loseWriteAnswers(loseAnswerFraction);
            }
            String fileName = "first-load-" + people + ".csv";
            sandbox.sftp().upload(Sandbox.INBOX, fileName, csv.getBytes(StandardCharsets.UTF_8));

            Map<String, String> properties = hrsyncProperties(sandbox, dir.resolve("app"), limits);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(jar.toString());
            Path log = dir.resolve("hrsync.log");

            System.out.printf(Locale.ROOT, "first-load bench: N=%d, latency %d ms, WorkRamp %d per %d ms; hrsync log %s%n",
                    people, latencyMs, workrampLimit, workrampPeriodMs, log);
            LoadSampler load = LoadSampler.start();
            Ran ran = runApp(command, log, timeoutMinutes);
            long startMillis = ran.startMillis();
            long wallMillis = ran.wallMillis();
            Integer exitCode = ran.exitCode();

            result = figures(sandbox, limits, people, latencyMs, startMillis, wallMillis, exitCode, ran.timedOut(),
                    readSummary(dir.resolve("app").resolve("results"), false), properties);
            result.put("load_average", load.stop());
            writeRequests(dir.resolve("requests.csv"), sandbox, startMillis);
            if (Boolean.getBoolean("bench.rerun") && Integer.valueOf(0).equals(exitCode)) {
                result.put("rerun", rerun(sandbox, command, dir, csv, timeoutMinutes));
            }
        }
        Files.writeString(dir.resolve("result.json"), JSON.writeValueAsString(result) + "\n");
        print(result);
        System.out.println("result: " + dir.resolve("result.json"));
        Object exit = result.get("hrsync_exit_code");
        System.exit(Integer.valueOf(0).equals(exit) ? 0 : 1);
    }

    // ---- the run ---------------------------------------------------------------------------------

    /** What HrsyncProcess.runOnceAgainst sets up for the ITs, plus the rate limits; otherwise hrsync's own defaults. */
    private static Map<String, String> hrsyncProperties(Sandbox sandbox, Path appDir, Map<String, Limits> limits) {
        Map<String, String> p = new TreeMap<>(sandbox.properties());
        p.put("hrsync.results.dir", appDir.resolve("results").toString());
        p.put("hrsync.hris.work-dir", appDir.resolve("work").toString());
        p.put("hrsync.delivery.dead-letter-dir", appDir.resolve("dead-letters").toString());
        p.put("hrsync.state.dir", appDir.resolve("state").toString());
        p.put("hrsync.hris.read-lock-min-age-ms", "1100");
        p.put("hrsync.run-once", "true");
        limits.forEach((vendor, l) -> {
            p.put("hrsync.vendors." + vendor + ".rate-limit", String.valueOf(l.hrsyncLimit()));
            p.put("hrsync.vendors." + vendor + ".rate-period-ms", String.valueOf(l.hrsyncPeriodMs()));
        });
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.hrsync.")).sorted()
                .forEach(k -> p.put(k.substring("bench.".length()), System.getProperty(k)));
        return p;
    }

    /**
     * The same export again, once the first load is done ({@code bench.rerun=true}): a second process on
     * the same state store and the same simulators, whose calls are counted alone. Nothing changed, so
     * the target is zero writes and no more reads than one directory listing per vendor (plus the
     * reference lists a vendor's decisions need).
     */
    private static Map<String, Object> rerun(Sandbox sandbox, List<String> command, Path dir, String csv, long timeoutMinutes)
            throws Exception {
        sandbox.sftp().upload(Sandbox.INBOX, "rerun.csv", csv.getBytes(StandardCharsets.UTF_8));
        Path log = dir.resolve("hrsync-rerun.log");
        System.out.println("rerun of the same export; hrsync log " + log);
        Ran ran = runApp(command, log, timeoutMinutes);
        long startMillis = ran.startMillis();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("hrsync_exit_code", ran.exitCode());
        r.put("process_s", round(ran.wallMillis() / 1000.0, 1));
        JsonNode summary = readSummary(dir.resolve("app").resolve("results"), true);
        r.put("hrsync_status", summary == null ? null : summary.path("status").asText(null));
        Map<String, Object> vendors = new LinkedHashMap<>();
        for (VendorSimulator simulator : benched(sandbox)) {
            List<RecordedRequest> requests = simulator.requests().stream().filter(q -> q.atMillis() >= startMillis).toList();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("calls", requests.size());
            v.put("writes", requests.stream().filter(q -> q.isWrite() && !q.path().contains("token")).count());
            v.put("token_calls", requests.stream().filter(q -> q.isWrite() && q.path().contains("token")).count());
            v.put("reads", requests.stream().filter(q -> !q.isWrite()).count());
            v.put("outcomes", summary == null ? null : summary.path("vendors").path(simulator.name()));
            v.put("calls_by_endpoint", byEndpoint(requests));
            vendors.put(simulator.name(), v);
        }
        r.put("vendors", vendors);
        return r;
    }

    /** One hrsync process: when it started, how long it ran, its exit code (null when it was killed). */
    private record Ran(long startMillis, long wallMillis, Integer exitCode, boolean timedOut) {
    }

    private static Ran runApp(List<String> command, Path log, long timeoutMinutes) throws Exception {
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return new Ran(startMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                exited ? process.exitValue() : null, !exited);
    }

    private static JsonNode readSummary(Path results, boolean latest) throws IOException {
        if (!Files.isDirectory(results)) {
            return null;
        }
        try (Stream<Path> runs = Files.list(results)) {
            List<Path> sorted = new ArrayList<>(runs.sorted().toList());
            if (latest) {
                java.util.Collections.reverse(sorted);
            }
            for (Path run : sorted) {
                Path summary = run.resolve("summary.json");
                if (Files.isRegularFile(summary)) {
                    return JSON.readTree(summary.toFile());
                }
            }
        }
        return null;
    }

    // ---- the figures -----------------------------------------------------------------------------

    private static Map<String, Object> figures(Sandbox sandbox, Map<String, Limits> limits, int people, long latencyMs,
            long processStartMillis, long wallMillis, Integer exitCode, boolean timedOut, JsonNode summary,
            Map<String, String> properties) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bench", "first-load");
        r.put("started_at", Instant.ofEpochMilli(processStartMillis).toString());
        r.put("people", people);
        r.put("latency_ms", latencyMs);
        r.put("fail_fraction", Double.parseDouble(System.getProperty("bench.fail-fraction", "0")));
        r.put("lose_answer_fraction", Double.parseDouble(System.getProperty("bench.lose-answer-fraction", "0")));
        r.put("hrsync_exit_code", exitCode);
        r.put("timed_out", timedOut);
        r.put("hrsync_status", summary == null ? null : summary.path("status").asText(null));
        r.put("rows", summary == null ? null : summary.path("rows"));

        long firstCall = Long.MAX_VALUE;
        long lastCall = Long.MIN_VALUE;
        Map<String, Object> vendors = new LinkedHashMap<>();
        double floorSeconds = 0;
        String floorVendor = null;
        for (VendorSimulator simulator : benched(sandbox)) {
            String vendor = simulator.name();
            Limits l = limits.get(vendor);
            List<RecordedRequest> requests = simulator.requests().stream()
                    .sorted(Comparator.comparingLong(RecordedRequest::atMillis)).toList();
            long total = requests.size();
            long writesAndTokens = requests.stream().filter(RecordedRequest::isWrite).count();
            long writes = simulator.writeCount();
            long tokens = writesAndTokens - writes;
            long reads = total - writesAndTokens;
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("calls", total);
            v.put("reads", reads);
            v.put("writes", writes);
            v.put("token_calls", tokens);
            v.put("calls_per_person", round(total / (double) people, 2));
            Long inScope = inScope(summary, vendor);
            v.put("people_in_scope", inScope);
            v.put("calls_per_person_in_scope", inScope == null || inScope == 0 ? null : round(total / (double) inScope, 2));
            if (total > 0) {
                long first = requests.get(0).atMillis();
                long last = requests.get(requests.size() - 1).atMillis();
                firstCall = Math.min(firstCall, first);
                lastCall = Math.max(lastCall, last);
                double span = (last - first) / 1000.0;
                v.put("first_call_s", round((first - processStartMillis) / 1000.0, 1));
                v.put("last_call_s", round((last - processStartMillis) / 1000.0, 1));
                v.put("busy_span_s", round(span, 1));
                double rate = span > 0 ? total / span : 0;
                v.put("calls_per_s", round(rate, 2));
                v.put("limit_per_s", round(l.hrsyncPerSecond(), 3));
                v.put("limit_used_percent", round(100 * rate / l.hrsyncPerSecond(), 1));
            } else {
                v.put("busy_span_s", 0);
                v.put("calls_per_s", 0);
                v.put("limit_per_s", round(l.hrsyncPerSecond(), 3));
                v.put("limit_used_percent", 0);
            }
            v.put("max_calls_in_any_hrsync_window", simulator.maxRequestsInAnyWindow(l.hrsyncPeriodMs()));
            v.put("rate_limited_429", simulator.rateLimitedCount());
            v.put("hrsync_limit", l.hrsyncLimit() + " per " + l.hrsyncPeriodMs() + " ms");
            v.put("vendor_limit", l.simulatorLimit() + " per " + l.simulatorPeriodMs() + " ms"
                    + (l.simulatorPenaltyMs() > 0 ? ", penalty " + l.simulatorPenaltyMs() + " ms after a 429" : ""));
            v.put("vendor_limit_per_s", round(l.simulatorPerSecond(), 3));
            double floor = total / l.hrsyncPerSecond();
            v.put("floor_s", round(floor, 1));
            if (floor > floorSeconds) {
                floorSeconds = floor;
                floorVendor = vendor;
            }
            v.put("outcomes", summary == null ? null : summary.path("vendors").path(vendor));
            v.put("calls_by_endpoint", byEndpoint(requests));
            vendors.put(vendor, v);
        }
        Map<String, Object> wall = new LinkedHashMap<>();
        wall.put("process_s", round(wallMillis / 1000.0, 1));
        wall.put("first_to_last_vendor_call_s", firstCall <= lastCall ? round((lastCall - firstCall) / 1000.0, 1) : null);
        wall.put("process_start_to_first_vendor_call_s",
                firstCall <= lastCall ? round((firstCall - processStartMillis) / 1000.0, 1) : null);
        r.put("wall", wall);
        r.put("floor_s", round(floorSeconds, 1));
        r.put("floor_vendor", floorVendor);
        r.put("wall_over_floor", floorSeconds > 0 ? round(wallMillis / 1000.0 / floorSeconds, 2) : null);
        r.put("vendor_calls_span_over_floor",
                floorSeconds > 0 && firstCall <= lastCall ? round((lastCall - firstCall) / 1000.0 / floorSeconds, 2) : null);
        r.put("vendors", vendors);
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, val) -> {
            if (k.contains("rate-") || k.startsWith("hrsync.delivery") || k.equals("hrsync.run-once")
                    || k.startsWith("hrsync.hris.read-lock")) {
                shown.put(k, val);
            }
        });
        r.put("hrsync_properties", shown);
        r.put("machine", Map.of("available_processors", Runtime.getRuntime().availableProcessors(), "java",
                System.getProperty("java.version")));
        return r;
    }

    /** Every recorded request, in arrival order, for timelines: vendor, ms since process start, method, path, status. */
    private static void writeRequests(Path file, Sandbox sandbox, long processStartMillis) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (VendorSimulator simulator : benched(sandbox)) {
            for (RecordedRequest r : simulator.requests()) {
                rows.add(new String[] {simulator.name(), String.valueOf(r.atMillis() - processStartMillis), r.method(),
                        r.path(), String.valueOf(r.status())});
            }
        }
        rows.sort(Comparator.comparingLong(row -> Long.parseLong(row[1])));
        StringBuilder csv = new StringBuilder("vendor,at_ms,method,path,status\n");
        for (String[] row : rows) {
            csv.append(String.join(",", row)).append('\n');
        }
        Files.writeString(file, csv);
    }

    /** People the vendor's scope includes: the run's plan minus OUT_OF_SCOPE. */
    private static Long inScope(JsonNode summary, String vendor) {
        if (summary == null) {
            return null;
        }
        JsonNode changes = summary.path("plan").path("changes").path(vendor);
        if (changes.isMissingNode() || !changes.isObject()) {
            return null;
        }
        long n = 0;
        for (var e : changes.properties()) {
            if (!e.getKey().equals("OUT_OF_SCOPE")) {
                n += e.getValue().asLong();
            }
        }
        return n;
    }

    private static final Pattern ID_SEGMENT = Pattern.compile("\\d+|[0-9a-fA-F-]{16,}|.*@.*|(?=.*\\d)[A-Za-z0-9_.-]{8,}");

    /** Calls per method and path, ids replaced by {id}, most frequent first. */
    private static Map<String, Long> byEndpoint(List<RecordedRequest> requests) {
        Map<String, Long> counts = new TreeMap<>();
        for (RecordedRequest request : requests) {
            StringBuilder path = new StringBuilder();
            for (String segment : request.path().split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                path.append('/').append(ID_SEGMENT.matcher(segment).matches() ? "{id}" : segment);
            }
            counts.merge(request.method() + " " + (path.length() == 0 ? "/" : path), 1L, Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> r) {
        Map<String, Object> wall = (Map<String, Object>) r.get("wall");
        System.out.printf(Locale.ROOT, "%nN=%s latency=%s ms  hrsync exit=%s status=%s%s%n", r.get("people"),
                r.get("latency_ms"), r.get("hrsync_exit_code"), r.get("hrsync_status"),
                Boolean.TRUE.equals(r.get("timed_out")) ? "  TIMED OUT" : "");
        System.out.printf(Locale.ROOT, "wall: process %s s, first to last vendor call %s s (first call %s s after start)%n",
                wall.get("process_s"), wall.get("first_to_last_vendor_call_s"), wall.get("process_start_to_first_vendor_call_s"));
        System.out.printf(Locale.ROOT, "floor (max over vendors of calls / limit): %s s (%s); wall / floor = %s%n",
                r.get("floor_s"), r.get("floor_vendor"), r.get("wall_over_floor"));
        System.out.printf(Locale.ROOT, "load average (1 min) during the run: %s on %d cores%n%n", r.get("load_average"),
                Runtime.getRuntime().availableProcessors());
        String format = "%-9s %6s %6s %6s %6s %8s %9s %8s %8s %9s %7s %5s%n";
        System.out.printf(Locale.ROOT, format, "vendor", "calls", "reads", "writes", "tokens", "per-pers", "per-scope",
                "span s", "calls/s", "limit/s", "% limit", "429");
        Map<String, Map<String, Object>> vendors = (Map<String, Map<String, Object>>) r.get("vendors");
        vendors.forEach((name, v) -> System.out.printf(Locale.ROOT, format, name, v.get("calls"), v.get("reads"),
                v.get("writes"), v.get("token_calls"), v.get("calls_per_person"), v.get("calls_per_person_in_scope"),
                v.get("busy_span_s"), v.get("calls_per_s"), v.get("limit_per_s"), v.get("limit_used_percent"),
                v.get("rate_limited_429")));
        System.out.println();
        Map<String, Object> rerun = (Map<String, Object>) r.get("rerun");
        if (rerun != null) {
            System.out.printf(Locale.ROOT, "rerun of the same export: exit=%s status=%s, process %s s%n",
                    rerun.get("hrsync_exit_code"), rerun.get("hrsync_status"), rerun.get("process_s"));
            ((Map<String, Map<String, Object>>) rerun.get("vendors")).forEach((name, v) -> System.out.printf(Locale.ROOT,
                    "  %-9s calls %6s  reads %6s  writes %4s  tokens %2s  %s%n", name, v.get("calls"), v.get("reads"),
                    v.get("writes"), v.get("token_calls"), v.get("calls_by_endpoint")));
            System.out.println();
        }
    }

    /**
     * The machine's 1-minute load average (other work on the same cores slows the run down): at the
     * start, every 5 s while hrsync runs, and at the end.
     */
    private static final class LoadSampler {
        private final java.util.concurrent.ScheduledExecutorService timer;
        private final List<Double> samples = java.util.Collections.synchronizedList(new ArrayList<>());

        private LoadSampler() {
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "load-sampler");
                t.setDaemon(true);
                return t;
            });
        }

        static LoadSampler start() {
            LoadSampler sampler = new LoadSampler();
            sampler.timer.scheduleAtFixedRate(sampler::sample, 0, 5, TimeUnit.SECONDS);
            return sampler;
        }

        private void sample() {
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (load >= 0) {
                samples.add(load);
            }
        }

        Map<String, Object> stop() {
            timer.shutdownNow();
            sample();
            Map<String, Object> r = new LinkedHashMap<>();
            synchronized (samples) {
                if (samples.isEmpty()) {
                    return r;
                }
                r.put("start", round(samples.get(0), 2));
                r.put("end", round(samples.get(samples.size() - 1), 2));
                r.put("max", round(samples.stream().mapToDouble(Double::doubleValue).max().orElse(0), 2));
                r.put("mean", round(samples.stream().mapToDouble(Double::doubleValue).average().orElse(0), 2));
                r.put("samples", samples.size());
            }
            return r;
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    // ---- the export ------------------------------------------------------------------------------

    private static final String[] FIRST = {"Ava", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Ines",
            "Jamal", "Kira", "Liam", "Mei", "Nikolai", "Olivia", "Pavel", "Quinn", "Rosa", "Samir", "Tess", "Umar",
            "Vera", "Wen", "Ximena", "Yusuf", "Zoe"};
    private static final String[] LAST = {"Adams", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat",
            "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Okoye", "Petrov", "Quist", "Rossi", "Silva",
            "Tanaka", "Ueda", "Varga", "Wagner", "Xu", "Yilmaz", "Zimmer"};
    private static final String[] LOCATIONS = {"San Francisco", "Berlin", "New York", "Dublin", "London", "Stockholm",
            "Remote"};
    /**
     * Departments and their share of the staff below the executives. Every department the shipped
     * config/provisioning-rules.yaml knows; weighted toward the ones in scope for Workiva (Finance,
     * Executive) and Skilljar (Sales, Customer Success), since no department is in all four scopes.
     * WorkRamp and Ramp take everyone.
     */
    private static final String[] DEPARTMENTS = {"Sales", "Customer Success", "Finance", "Engineering", "People Ops"};
    private static final int[] WEIGHTS = {30, 25, 20, 15, 10};
    private static final String[] HEAD_TITLES = {"Chief Revenue Officer", "Chief Customer Officer",
            "Chief Financial Officer", "Chief Technology Officer", "Chief People Officer"};
    private static final String[] MANAGER_TITLES = {"Sales Manager", "Customer Success Manager", "Finance Manager",
            "Engineering Manager", "People Partner Lead"};
    private static final String[] STAFF_TITLES = {"Account Executive", "Customer Success Specialist", "Accountant",
            "Software Engineer", "HR Business Partner"};
    /** Direct reports per line manager. */
    private static final int SPAN = 8;

    /**
     * N active people with a management chain of four levels: the CEO; one executive per department
     * (department Executive, reporting to the CEO); line managers (one per {@link #SPAN} staff,
     * reporting to their department's executive); staff reporting to a line manager. Start dates in
     * the past, no end dates. Deterministic for a given N, seed and day.
     */
    static String export(int people, long seed, LocalDate today) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(RunResultsFixtures.HEADER);
        int[] id = {0};
        List<String[]> rows = new ArrayList<>();
        // level 1 and 2
        String ceo = person(rows, id, random, today, "Executive", "Chief Executive Officer", "");
        int executives = Math.min(DEPARTMENTS.length, people - 1);
        String[] heads = new String[DEPARTMENTS.length];
        for (int d = 0; d < executives; d++) {
            heads[d] = person(rows, id, random, today, "Executive", HEAD_TITLES[d], ceo);
        }
        // the rest by weight, largest remainder, then managers and staff per department
        int rest = Math.max(0, people - 1 - executives);
        int[] sizes = shares(rest, WEIGHTS);
        for (int d = 0; d < DEPARTMENTS.length; d++) {
            int size = sizes[d];
            String head = heads[d] != null ? heads[d] : ceo;
            int managers = size == 0 ? 0 : Math.max(1, (size + SPAN) / (SPAN + 1));
            List<String> managerEmails = new ArrayList<>();
            for (int m = 0; m < managers; m++) {
                managerEmails.add(person(rows, id, random, today, DEPARTMENTS[d], MANAGER_TITLES[d], head));
            }
            for (int s = 0; s < size - managers; s++) {
                person(rows, id, random, today, DEPARTMENTS[d], STAFF_TITLES[d], managerEmails.get(s % managers));
            }
        }
        for (String[] fields : rows) {
            csv.append(String.join(",", fields)).append('\n');
        }
        return csv.toString();
    }

    private static String person(List<String[]> rows, int[] id, Random random, LocalDate today, String department,
            String title, String managerEmail) {
        int n = ++id[0];
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String email = (first + "." + last + n + "@example.com").toLowerCase(Locale.ROOT);
        String location = LOCATIONS[random.nextInt(LOCATIONS.length)];
        String start = today.minusDays(30 + random.nextInt(3000)).toString();
        rows.add(new String[] {String.format(Locale.ROOT, "B%05d", n), email, first, last, department, title, managerEmail,
                location, start, "", "active"});
        return email;
    }

    /** total split by weight, largest remainder. */
    private static int[] shares(int total, int[] weights) {
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int[] out = new int[weights.length];
        double[] remainder = new double[weights.length];
        int given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = (double) total * weights[i] / sum;
            out[i] = (int) Math.floor(exact);
            remainder[i] = exact - out[i];
            given += out[i];
        }
        for (int k = 0; k < total - given; k++) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            out[best]++;
            remainder[best] = -1;
        }
        return out;
    }

    private static void emptyDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot empty " + dir, e);
                }
            }
        }
    }

    /** The four vendors the bench loads (the sandbox's SCIM app is not enabled here). */
    private static List<VendorSimulator> benched(Sandbox sandbox) {
        return sandbox.simulators().stream().filter(s -> !s.name().equals(Sandbox.SCIM_VENDOR)).toList();
    }
}
