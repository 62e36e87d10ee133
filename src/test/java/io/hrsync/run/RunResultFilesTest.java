package io.hrsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's status is final only once its result files are whole under their own names. */
class RunResultFilesTest {

    @TempDir
    Path results;

    Run run(String id) {
        Run run = new Run(id, results.resolve(id), "export.csv", "sha", "apply", List.of("workramp"));
        run.validRow();
        run.action(new ActionRecord(id, 2, "E1", "e1@example.com", "workramp", "JOIN", VendorAction.CREATE, Outcome.APPLIED,
                "u1", 201, null));
        return run;
    }

    @Test
    void aCompletedRunLeavesWholeFilesAndNoPartialOnes() throws IOException {
        Run run = run("ok");
        assertTrue(Files.exists(results.resolve("ok/actions.csv.part")), "rows are written under a temporary name");
        assertFalse(Files.exists(results.resolve("ok/actions.csv")));
        run.end(null, null);
        assertEquals(RunStatus.COMPLETED, run.status());
        try (Stream<Path> files = Files.list(results.resolve("ok"))) {
            assertEquals(List.of("actions.csv", "drift.csv", "preflight.csv", "rejected.csv", "summary.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.readString(results.resolve("ok/summary.json")).contains("\"status\" : \"COMPLETED\""));
        assertTrue(Files.readString(results.resolve("ok/actions.csv")).contains("e1@example.com"));
    }

    @Test
    void aSummaryThatCannotBeWrittenMakesTheRunFailed() throws IOException {
        Run run = run("blocked");
        // something else holds summary.json's place: the rename onto it fails, as on a full or read-only disk
        Files.createDirectories(results.resolve("blocked/summary.json/in-the-way"));
        run.end(null, null);
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(4, run.status().exitCode());
        assertTrue(run.reason().startsWith("the result files could not be written (cannot rename summary.json.part"),
                run.reason());
        assertTrue(run.reason().endsWith("the run had reached COMPLETED"), run.reason());
    }

    @Test
    void anActionsFileThatCannotBeRenamedMakesTheRunFailedAndTheSummarySaysSo() throws IOException {
        Run run = run("no-actions");
        Files.createDirectories(results.resolve("no-actions/actions.csv/in-the-way"));
        run.end(null, null);
        assertEquals(RunStatus.FAILED, run.status());
        String summary = Files.readString(results.resolve("no-actions/summary.json"));
        assertTrue(summary.contains("\"status\" : \"FAILED\""), summary);
        assertTrue(summary.contains("cannot rename actions.csv.part"), summary);
    }
}
