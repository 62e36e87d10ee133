package io.hrsync.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hrsync.LoopbackPorts;

/** The packaged app ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a separate process. */
final class HrsyncProcess {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    final Process process;
    final Path log;

    private HrsyncProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the app from the project directory (config/ and routes/ as an operator has them). */
    static HrsyncProcess start(Path workDir, Map<String, String> properties) {
        return start(workDir, properties, SHORT_LIVED);
    }

    /**
     * JVM options for a process that lives seconds: the C1 compiler only and the serial collector
     * start it faster and leave the other core to the test (a sandbox start measured 3.1 s → 2.4 s).
     */
    static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** The same with JVM options (a heap limit, say) before the properties. */
    static HrsyncProcess start(Path workDir, Map<String, String> properties, List<String> jvmOptions) {
        return start(workDir, properties, jvmOptions, List.of());
    }

    /** The same with program arguments: a command of the command line ({@code validate}, {@code status}...). */
    static HrsyncProcess start(Path workDir, Map<String, String> properties, List<String> jvmOptions, List<String> args) {
        return start(workDir, properties, jvmOptions, args, Map.of());
    }

    /** The same with environment variables (what a pod sets: {@code HRSYNC_RUN_ONCE=false}...). */
    static HrsyncProcess start(Path workDir, Map<String, String> properties, List<String> jvmOptions, List<String> args,
            Map<String, String> environment) {
        try {
            Files.createDirectories(workDir);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            // a service-mode process binds the management interface: a free port, never a fixed one (set first, a test may override it)
            command.add("-Dquarkus.management.port=0");
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(JAR.toString());
            command.addAll(args);
            Path log = workDir.resolve("hrsync.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new HrsyncProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Run-once against a sandbox that lives in the test's JVM (so the test sees the simulators'
     * state), with every file of hrsync under {@code dir}.
     */
    static Map<String, String> runOnceAgainst(io.hrsync.sandbox.Sandbox sandbox, Path dir) {
        Map<String, String> p = new java.util.HashMap<>(sandbox.properties());
        p.put("hrsync.results.dir", dir.resolve("results").toString());
        p.put("hrsync.hris.work-dir", dir.resolve("work").toString());
        p.put("hrsync.delivery.dead-letter-dir", dir.resolve("dead-letters").toString());
        p.put("hrsync.state.dir", dir.resolve("state").toString());
        p.put("hrsync.hris.read-lock-min-age-ms", "1100");
        p.put("hrsync.run-once", "true");
        p.put("hrsync.vendors.ramp.create-poll-interval-ms", "50");
        return p;
    }

    /** An empty directory for one test's files. */
    static Path fresh(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hrsync did not exit within " + seconds + " s; log:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() {
        return LoopbackPorts.free();
    }
}
