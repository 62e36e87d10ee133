package io.hrsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.run.RunLedger;
import io.hrsync.run.RunOnce;
import io.hrsync.run.RunStatus;
import io.hrsync.sandbox.Sandbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A run whose result files cannot be written is FAILED, not COMPLETED: its status becomes final only
 * once summary.json is whole under its own name, and the input goes to .error with the reason.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ResultFilesFailureTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final Path results = SandboxTestResource.DATA.resolve("results");

    @Inject
    RunLedger ledger;

    @Inject
    RunOnce runOnce;

    @BeforeEach
    void slowVendors() {
        SandboxTestResource.resetVendorsAndState();
        // slow enough that the run is still delivering when the test blocks its summary.json
        sandbox.workramp().latency(150);
    }

    @AfterEach
    void fastVendors() {
        sandbox.workramp().latency(0);
    }

    @Test
    void aSummaryThatCannotBeWrittenMakesTheRunFailedAndTheInputGoesToError() throws IOException {
        Set<Path> before = runDirs();
        String name = "results-blocked.csv";
        sandbox.sftp().upload(Sandbox.INBOX, name, RunResultsFixtures.people("RB", 8, "Sales").getBytes(StandardCharsets.UTF_8));
        Path run = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> runDirs().stream().filter(d -> !before.contains(d)).findFirst().orElse(null), d -> d != null);
        // summary.json's place is taken: the rename onto it fails, as on a full or read-only disk
        Files.createDirectories(run.resolve("summary.json/in-the-way"));

        await().atMost(Duration.ofSeconds(60)).until(() -> RunResults.archived(sandbox, name).isPresent());
        assertTrue(Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/.error/" + name)), "the input goes to .error");
        assertFalse(Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/.done/" + name)));
        String reason = Files.readString(sandbox.sftp().path(Sandbox.INBOX + "/.error/" + name + ".reason.txt"));
        assertTrue(reason.startsWith("FAILED: the result files could not be written (cannot rename summary.json.part"), reason);
        assertTrue(reason.contains("the run had reached COMPLETED"), reason);
        assertEquals(RunStatus.FAILED, ledger.lastFinished().status());
        assertEquals(4, runOnce.exitCode(), "run-once would exit 4");
        assertTrue(Files.exists(run.resolve("actions.csv")), "the files that could be written are whole");
        assertTrue(Files.exists(sandbox.sftp().path(Sandbox.RESULTS + "/" + run.getFileName() + "/actions.csv")),
                "and uploaded; the missing summary is skipped, not an upload error");
        SandboxTestResource.deleteTree(run);
    }

    Set<Path> runDirs() throws IOException {
        if (!Files.isDirectory(results)) {
            return Set.of();
        }
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.collect(Collectors.toSet());
        }
    }
}
