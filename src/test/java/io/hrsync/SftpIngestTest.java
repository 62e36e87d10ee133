package io.hrsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.sandbox.Sandbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The SFTP inbox: a file still being written is not read, and a file already done is not done again. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class SftpIngestTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @Inject
    @Named("processedFiles")
    IdempotentRepository processedFiles;

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    @Test
    void slowUploadIsReadOnlyOnceComplete() throws Exception {
        Path inbox = sandbox.sftp().path(Sandbox.INBOX);
        Files.createDirectories(inbox);
        Path file = inbox.resolve("slow-upload.csv");
        int rows = 20;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(RunResultsFixtures.HEADER.getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i <= rows; i++) {
                // written in plain sight (no dot-file), a row every 100 ms: longer than the read lock's min age gaps
                out.write(("S" + i + ",slow" + i + "@example.com,Slow,Upload" + i + ",,,,,,,active\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
        }
        RunResults run = RunResults.awaitRun(sandbox, "slow-upload.csv");
        assertEquals(rows, run.summary.path("rows").path("total").asInt(), "file was read before the upload finished");
        assertEquals(rows, run.actions.stream().filter(a -> a.get("vendor").equals("workramp")).count());
    }

    @Test
    void aFileAlreadyProcessedIsNotProcessedAgain() throws Exception {
        String content = RunResultsFixtures.HEADER + "D1,done.once@example.com,Done,Once,,,,,,,active\n";
        RunResults first = RunResults.process(sandbox, "once.csv", content);
        assertEquals("COMPLETED", first.summary.path("status").asText());
        Path done = sandbox.sftp().path(Sandbox.INBOX + "/.done/once.csv");
        FileTime modified = Files.getLastModifiedTime(done);
        // the file is remembered (idempotentKey name-size-modified, SFTP times in whole seconds) as
        // the consumer completes, a moment after the move to .done/ the test waited for
        String key = "once.csv-" + Files.size(done) + "-" + modified.toMillis() / 1000 * 1000;
        await().atMost(Duration.ofSeconds(5)).until(() -> processedFiles.contains(key));

        // the very same file (name, size, timestamp) shows up in the inbox again
        Path again = sandbox.sftp().path(Sandbox.INBOX + "/once.csv");
        Files.copy(done, again);
        Files.setLastModifiedTime(again, modified);
        long requests = sandbox.simulators().stream().mapToLong(s -> s.requests().size()).sum();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(again));
        assertEquals(requests, sandbox.simulators().stream().mapToLong(s -> s.requests().size()).sum());
        assertTrue(Files.exists(again), "the file was picked up a second time");
        assertEquals(first.runId(), RunResults.forInput("once.csv").orElseThrow().runId(), "a second run was started");
        Files.delete(again);
        assertFalse(Files.exists(again));
    }
}
