package io.hrsync;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.sandbox.Sandbox;

/** Test helper: drops an export into the sandbox inbox and reads back what the run wrote. */
public final class RunResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path dir;
    public final JsonNode summary;
    public final List<Map<String, String>> actions;
    public final List<Map<String, String>> rejected;
    public final List<Map<String, String>> drift;

    private RunResults(Path dir) {
        this.dir = dir;
        try {
            this.summary = JSON.readTree(dir.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.actions = csv(dir.resolve("actions.csv"));
        this.rejected = csv(dir.resolve("rejected.csv"));
        this.drift = csv(dir.resolve("drift.csv"));
    }

    /** Uploads the export, waits until it is archived (.done or .error) and returns the run's results. */
    public static RunResults process(Sandbox sandbox, String name, String content) {
        sandbox.sftp().upload(Sandbox.INBOX, name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return awaitRun(sandbox, name);
    }

    public static RunResults awaitRun(Sandbox sandbox, String name) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> archived(sandbox, name).isPresent());
        return forInput(name).orElseThrow(() -> new AssertionError("no results for " + name));
    }

    public static Optional<Path> archived(Sandbox sandbox, String name) {
        for (String dir : new String[] {".done", ".error"}) {
            Path p = sandbox.sftp().path(Sandbox.INBOX + "/" + dir + "/" + name);
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The latest run whose summary names this input file. */
    public static Optional<RunResults> forInput(String name) {
        Path root = SandboxTestResource.DATA.resolve("results");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(root)) {
            return runs.filter(d -> Files.isRegularFile(d.resolve("summary.json")))
                    .map(RunResults::new)
                    .filter(r -> r.summary.path("inputFile").asText().equals(name))
                    .max(Comparator.comparing(r -> java.time.Instant.parse(r.summary.path("startedAt").asText())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary and every action that did not apply: what a failed assertion needs to say. */
    public String describe() {
        StringBuilder text = new StringBuilder(summary.toPrettyString());
        actions.stream().filter(a -> !"APPLIED".equals(a.get("outcome")) && !"SKIPPED".equals(a.get("outcome")))
                .forEach(a -> text.append('\n').append(a));
        return text.toString();
    }

    public String runId() {
        return summary.path("runId").asText();
    }

    public Map<String, String> action(String email, String vendor) {
        List<Map<String, String>> found = actions.stream()
                .filter(a -> a.get("email").equals(email) && a.get("vendor").equals(vendor)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + vendor + " action for " + email + ", found " + found);
        }
        return found.get(0);
    }

    public long count(String vendor, String action, String outcome) {
        return actions.stream().filter(a -> a.get("vendor").equals(vendor) && a.get("action").equals(action)
                && a.get("outcome").equals(outcome)).count();
    }

    public static List<Map<String, String>> csv(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                rows.add(record.toMap());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
