package io.hrsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.RunResultsFixtures;
import io.hrsync.sandbox.Sandbox;

/**
 * The size caps where they matter: the packaged app in a 256 MB heap (as it is run) against a 300 MB
 * export without a line end (read whole by the CSV parser, that is 600 MB of characters) and a
 * vendor that answers 1 GB (read whole by Camel's HTTP producer, a 1 GB stream cache): the file is
 * rejected, the calls fail, each with its clear message, and the process never runs out of memory.
 */
class HostileInputIT {

    static final List<String> HEAP = List.of("-Xmx256m");

    @Test
    void a300MbExportWithoutALineEndIsRejectedWithin256Mb() throws Exception {
        Path dir = HrsyncProcess.fresh(Path.of("target/it-hostile/no-line-end"));
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY)) {
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            Path file = inbox.resolve("no-line-end.csv");
            byte[] block = "y".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(RunResultsFixtures.HEADER.trim().getBytes(StandardCharsets.US_ASCII));
                out.write(',');
                for (int i = 0; i < 300 * 16; i++) {
                    out.write(block);
                }
            }
            Map<String, String> p = HrsyncProcess.runOnceAgainst(sandbox, dir);
            p.put("hrsync.hris.source", "local");
            p.put("hrsync.hris.local-dir", inbox.toString());
            HrsyncProcess app = HrsyncProcess.start(dir.resolve("app"), p, HEAP);
            assertEquals(2, app.waitForExit(180), app.log());
            assertFalse(app.log().contains("OutOfMemoryError"), app.log());
            JsonNode summary = RunOnceExitCodesIT.onlySummary(dir);
            assertEquals("REJECTED", summary.path("status").asText());
            assertEquals("line 1 of no-line-end.csv is longer than the cap of 65,536 characters: not an HRIS export this "
                    + "hrsync reads (if it is one, raise hrsync.hris.max-line-chars)", summary.path("reason").asText());
            assertTrue(Files.exists(inbox.resolve(".error/no-line-end.csv.reason.txt")));
        }
    }

    @Test
    void aGigabyteVendorAnswerFailsItsCallsWithin256Mb() throws Exception {
        Path dir = HrsyncProcess.fresh(Path.of("target/it-hostile/huge-answer"));
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY)) {
            // every read of WorkRamp's users (the listing, then each person's lookup) answers 1 GB, chunked
            sandbox.workramp().hugeAnswers("/api/v1/users", 1L << 30, false);
            sandbox.sftp().upload(Sandbox.INBOX, "huge-answer.csv", (RunResultsFixtures.HEADER
                    + "H1,huge.one@example.com,Huge,One,Sales,Rep,,Berlin,,,active\n"
                    + "H2,huge.two@example.com,Huge,Two,Sales,Rep,,Berlin,,,active\n").getBytes(StandardCharsets.UTF_8));
            Map<String, String> p = HrsyncProcess.runOnceAgainst(sandbox, dir);
            HrsyncProcess app = HrsyncProcess.start(dir.resolve("app"), p, HEAP);
            assertEquals(1, app.waitForExit(180), app.log());
            assertFalse(app.log().contains("OutOfMemoryError"), app.log());
            JsonNode summary = RunOnceExitCodesIT.onlySummary(dir);
            assertEquals("COMPLETED_WITH_FAILURES", summary.path("status").asText(), summary.toPrettyString());
            assertEquals(2, summary.path("vendors").path("workramp").path("CREATE").path("FAILED").asInt()
                    + summary.path("vendors").path("workramp").path("NONE").path("FAILED").asInt(), summary.toPrettyString());
            String actions;
            try (var runs = Files.list(dir.resolve("results"))) {
                actions = Files.readString(runs.findFirst().orElseThrow().resolve("actions.csv"));
            }
            assertEquals(2, actions.split("the answer to GET /api/v1/users is larger than the cap of 16,777,216 bytes", -1).length - 1,
                    actions);
            assertTrue(sandbox.workramp().hugeAnswerBytesSent() < 10L * (16 + 32) * 1024 * 1024,
                    "answers were drained, not cut off: " + sandbox.workramp().hugeAnswerBytesSent() + " bytes sent");
        }
    }
}
