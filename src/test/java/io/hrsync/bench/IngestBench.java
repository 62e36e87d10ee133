package io.hrsync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Ingest benchmark: a generated export of N rows through read, validation, change detection and
 * planning, in the packaged app (its own process, the heap it is given), as a first run in plan mode
 * (every person is a joiner in each of the four vendors; nothing is written to a vendor).
 *
 * <p>A plain {@code main} (never run by {@code mvn verify}); start it with {@code bench/ingest.sh}.
 * For each N it writes the export under {@code target/bench/ingest/<N>/}, runs
 * {@code java -Xmx<heap> -jar target/quarkus-app/quarkus-run.jar} once with the sandbox profile
 * (simulators up, but plan mode calls none of them but for the drift report's directory listing),
 * {@code hrsync.hris.source=local} and {@code hrsync.mode=plan}, and reads:
 * <ul>
 * <li>ingest time: from hrsync's log, "run … started" to "run …: plan …" (reading, validation,
 * change detection against the state store, the safety guards, the plan), and rows/s from it;</li>
 * <li>peak heap: the largest heap in use after a collection, from the JVM's GC log
 * ({@code -Xlog:gc}), i.e. the live data at its largest;</li>
 * <li>whether the run completed (exit code, status) or ran out of memory.</li>
 * </ul>
 *
 * <p>Arguments (system properties, defaults in brackets): {@code bench.rows} [10000,100000,1000000]
 * (comma-separated), {@code bench.heap} [256m], {@code bench.timeout-minutes} [20],
 * {@code bench.dir} [target/bench/ingest], {@code bench.jar} [target/quarkus-app/quarkus-run.jar],
 * {@code bench.jvm-args} [none] (space-separated, for the app's JVM), {@code bench.apply} [false]: apply mode, everyone starting in a year (PENDING in every vendor), so
 * that the whole run is measured (the work items written, actions.csv from them, the drift report's
 * listings, the accepted snapshot) without a vendor write. Besides the ingest time, "run" is "run …
 * started" to "run … finished" (the result files written).
 */
public final class IngestBench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})");
    private static final Pattern GC_AFTER = Pattern.compile("->(\\d+)M\\(\\d+M\\)");
    private static final String[] DEPARTMENTS = {"Sales", "Engineering", "Finance", "People Ops", "Marketing", "Support"};
    private static final String[] LOCATIONS = {"London", "Berlin", "New York", "Lisbon"};
    private static final String[] TITLES = {"Account Executive", "Engineer", "Analyst", "Manager", "Designer"};

    private static final boolean APPLY = Boolean.getBoolean("bench.apply");

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.dir", "target/bench/ingest"));
        String heap = System.getProperty("bench.heap", "256m");
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
        long timeoutMinutes = Long.getLong("bench.timeout-minutes", 20);
        List<Map<String, Object>> results = new ArrayList<>();
        System.out.printf("ingest bench: heap %s, machine %d cores%n", heap, Runtime.getRuntime().availableProcessors());
        System.out.printf("%10s | %9s | %10s | %9s | %10s | %12s | %s%n", "rows", "ingest s", "rows/s", "run s", "rows/s",
                "peak heap MB", "result");
        for (String n : System.getProperty("bench.rows", "10000,100000,1000000").split(",")) {
            int rows = Integer.parseInt(n.trim());
            Map<String, Object> r = run(root.resolve(String.valueOf(rows)), rows, heap, jar, timeoutMinutes);
            results.add(r);
            System.out.printf("%10d | %9s | %10s | %9s | %10s | %12s | %s %s%n", rows, r.get("ingest_seconds"),
                    r.get("rows_per_second"), r.get("run_seconds"), r.get("run_rows_per_second"), r.get("peak_heap_mb"),
                    r.get("result"), r.getOrDefault("status", ""));
        }
        Files.createDirectories(root);
        JSON.writeValue(root.resolve("result.json").toFile(), Map.of("heap", heap, "mode", APPLY ? "apply" : "plan", "runs", results));
    }

    static Map<String, Object> run(Path dir, int rows, String heap, Path jar, long timeoutMinutes) throws Exception {
        deleteTree(dir);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path export = dir.resolve("export.csv");
        generate(export, rows);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xlog:gc:file=" + dir.resolve("gc.log"), "-XX:+ExitOnOutOfMemoryError"));
        // e.g. -Dbench.jvm-args=-XX:StartFlightRecording=filename=rec.jfr,settings=profile to see where the time goes
        for (String arg : System.getProperty("bench.jvm-args", "").split(" ")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.profile", "sandbox");
        p.put("hrsync.run-once", "true");
        p.put("hrsync.mode", APPLY ? "apply" : "plan");
        p.put("hrsync.hris.source", "local");
        p.put("hrsync.hris.local-dir", inbox.toString());
        p.put("hrsync.hris.read-lock-min-age-ms", "200");
        p.put("hrsync.sandbox.seed-sample-export", "false");
        p.put("hrsync.sandbox.dir", dir.resolve("sandbox").toString());
        p.put("hrsync.hris.sftp.port", String.valueOf(io.hrsync.LoopbackPorts.free()));
        p.put("hrsync.hris.sftp.known-hosts-file", dir.resolve("sandbox/known_hosts").toString());
        p.put("hrsync.hris.work-dir", dir.resolve("work").toString());
        p.put("hrsync.results.dir", dir.resolve("results").toString());
        p.put("hrsync.state.dir", dir.resolve("state").toString());
        // the embedded file database a production install uses (the sandbox profile's is in memory)
        p.put("%sandbox.quarkus.datasource.h2.jdbc.url",
                "jdbc:h2:file:" + dir.resolve("state/hrsync").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
        for (String vendor : new String[] {"workramp", "ramp", "workiva", "skilljar"}) {
            p.put("hrsync.vendors." + vendor + ".base-url", "http://127.0.0.1:" + io.hrsync.LoopbackPorts.free());
        }
        String workiva = p.get("hrsync.vendors.workiva.base-url");
        p.put("hrsync.vendors.workiva.token-url", workiva + "/iam/v1/oauth2/token");
        p.put("hrsync.vendors.workiva.scim-base-url", workiva + "/scim/v2");
        p.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        Files.move(export, inbox.resolve("export.csv")); // whole, so the read lock sees a finished file
        Path log = dir.resolve("hrsync.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        LocalTime started = timeOf(lines, "started for export.csv");
        LocalTime planned = timeOf(lines, ": plan ");
        LocalTime finished = timeOf(lines, " finished: ");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rows", rows);
        r.put("exit_code", exited ? process.exitValue() : null);
        boolean oom = lines.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        r.put("result", !exited ? "timed out" : oom ? "OutOfMemoryError" : process.exitValue() == 0 ? "completed" : "exit " + process.exitValue());
        if (started != null && planned != null) {
            double seconds = (planned.toNanoOfDay() - started.toNanoOfDay()) / 1e9;
            r.put("ingest_seconds", Math.round(seconds * 100) / 100.0);
            r.put("rows_per_second", Math.round(rows / Math.max(seconds, 0.001)));
        }
        if (started != null && finished != null) {
            // the whole run: the plan, then its result files (plan mode: actions.csv made by a second
            // pass; apply: the work items, actions.csv from them, the drift report, the accepted snapshot)
            double seconds = (finished.toNanoOfDay() - started.toNanoOfDay()) / 1e9;
            r.put("run_seconds", Math.round(seconds * 100) / 100.0);
            r.put("run_rows_per_second", Math.round(rows / Math.max(seconds, 0.001)));
        }
        lines.stream().filter(l -> l.contains(" finished: ")).findFirst()
                .ifPresent(l -> r.put("status", l.replaceAll(".* finished: ([A-Z_]+).*", "$1")));
        r.put("peak_heap_mb", peakHeapAfterGc(dir.resolve("gc.log")));
        return r;
    }

    static void generate(Path file, int rows) throws IOException {
        Random random = new Random(7);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("employee_id,email,first_name,last_name,department,title,manager_email,location,start_date,end_date,status\n");
            // with bench.apply everyone starts in a year or two: every decision is PENDING, so the whole
            // run (work items, result files, drift, accepted snapshot) is measured without a vendor call
            LocalDate start = APPLY ? LocalDate.now().plusYears(1) : LocalDate.parse("2015-01-01");
            for (int i = 1; i <= rows; i++) {
                // a manager every 10 people: the first of each block of ten reports to the first of the block before
                String manager = i % 10 == 1 ? (i > 10 ? "p" + (i - 10) + "@example.com" : "") : "p" + (i - (i - 1) % 10) + "@example.com";
                out.write("E" + i + ",p" + i + "@example.com,First" + i + ",Last" + i + ","
                        + DEPARTMENTS[random.nextInt(DEPARTMENTS.length)] + "," + TITLES[random.nextInt(TITLES.length)] + ","
                        + manager + "," + LOCATIONS[random.nextInt(LOCATIONS.length)] + ","
                        + start.plusDays(random.nextInt(3000)) + ",,active\n");
            }
        }
    }

    private static LocalTime timeOf(List<String> lines, String marker) {
        for (String line : lines) {
            if (line.contains(marker)) {
                Matcher m = LOG_TIME.matcher(line);
                if (m.find()) {
                    return LocalTime.parse(m.group(1), DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
                }
            }
        }
        return null;
    }

    private static Long peakHeapAfterGc(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return null;
        }
        long peak = -1;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_AFTER.matcher(line);
            while (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak < 0 ? null : peak;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
