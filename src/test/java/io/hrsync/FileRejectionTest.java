package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.hrsync.sandbox.Sandbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Each class of file-level problem rejects the whole file, with its reason, and no vendor is called. */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class FileRejectionTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "empty | file is empty: no header and no rows",
            "header-only | file has a header but no data rows",
            "missing-column | missing required column(s) [last_name, status] in header [employee_id, email, first_name, department]",
            "latin1 | file is not valid UTF-8 (line 3): re-export it as UTF-8",
            "unterminated-quote | unterminated quoted field (a quote opened near line 3 is never closed)",
            "no-line-end | line 1 of reject-no-line-end.csv is longer than the cap of 65,536 characters: not an HRIS export "
                    + "this hrsync reads (if it is one, raise hrsync.hris.max-line-chars)",
            "100000-columns | line 1 of reject-100000-columns.csv has more than the cap of 500 columns: not an HRIS export "
                    + "this hrsync reads (if it is one, raise hrsync.hris.max-columns)"})
    void fileIsRejectedWithItsReasonAndNothingReachesAVendor(String kind, String reason) throws IOException {
        String name = "reject-" + kind + ".csv";
        sandbox.sftp().upload(Sandbox.INBOX, name, content(kind));
        RunResults run = RunResults.awaitRun(sandbox, name);

        assertEquals("REJECTED", run.summary.path("status").asText());
        assertEquals(reason, run.summary.path("reason").asText());
        assertEquals(0, run.actions.size());
        for (var simulator : sandbox.simulators()) {
            assertEquals(0, simulator.requests().size(), "a rejected file reached " + simulator.name());
        }

        Path archived = sandbox.sftp().path(Sandbox.INBOX + "/.error/" + name);
        assertTrue(Files.exists(archived), "input not moved to .error/");
        String reasonFile = Files.readString(sandbox.sftp().path(Sandbox.INBOX + "/.error/" + name + ".reason.txt"));
        assertTrue(reasonFile.startsWith("REJECTED: " + reason), reasonFile);
        assertTrue(reasonFile.contains(run.runId()), reasonFile);
        assertTrue(Files.exists(sandbox.sftp().path(Sandbox.RESULTS + "/" + run.runId() + "/summary.json")));
    }

    @Test
    void aFileWithoutAColumnTheRulesReadIsRejectedNamingTheColumnAndTheRule() {
        // the shipped rules map title to a WorkRamp custom attribute
        String header = RunResultsFixtures.HEADER.replace("title,", "");
        String name = "reject-no-title.csv";
        RunResults run = RunResults.process(sandbox, name, header + "E1,ok@example.com,Ok,Person,Sales,,Berlin,,,active\n");
        assertEquals("REJECTED", run.summary.path("status").asText());
        String reason = run.summary.path("reason").asText();
        assertTrue(reason.startsWith("missing column(s) the configuration reads: 'title' (read by workramp.customAttributes.title in "),
                reason);
        assertTrue(reason.contains("provisioning-rules.yaml"), reason);
        assertEquals(0, run.actions.size());
        for (var simulator : sandbox.simulators()) {
            assertEquals(0, simulator.requests().size(), "a rejected file reached " + simulator.name());
        }
        assertTrue(Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/.error/" + name)));
    }

    @Test
    void aFileWithoutAColumnAConnectorMapsIsRejectedToo() {
        String header = RunResultsFixtures.HEADER.replace("location,", "");
        RunResults run = RunResults.process(sandbox, "reject-no-location.csv",
                header + "E1,ok@example.com,Ok,Person,Sales,Rep,,,,active\n");
        assertEquals("REJECTED", run.summary.path("status").asText());
        assertTrue(run.summary.path("reason").asText().startsWith(
                "missing column(s) the configuration reads: 'location' (read by the ramp connector (location_id), "
                + "workramp.customAttributes.location in "), 
                run.summary.path("reason").asText());
    }

    private static byte[] content(String kind) {
        String header = RunResultsFixtures.HEADER;
        String ok = "E1,ok@example.com,Ok,Person,,,,,,,active\n";
        return switch (kind) {
            case "empty" -> new byte[0];
            case "header-only" -> header.getBytes(StandardCharsets.UTF_8);
            case "missing-column" -> ("employee_id,email,first_name,department\nE1,a@example.com,A,Sales\n").getBytes(StandardCharsets.UTF_8);
            case "latin1" -> (header + ok + "E2,jose@example.com,Jos\u00e9,Ram\u00edrez,,,,,,,active\n").getBytes(StandardCharsets.ISO_8859_1);
            case "unterminated-quote" -> (header + ok + "E2,b@example.com,\"Bea,B,,,,,,,active\nE3,c@example.com,C,C,,,,,,,active\n")
                    .getBytes(StandardCharsets.UTF_8);
            // several MB without a line end: read whole by the CSV parser, this would be one record of all of it
            case "no-line-end" -> (header.trim() + ",x" + "y".repeat(6 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
            case "100000-columns" -> (header.trim() + ",".repeat(100_000) + "\n" + ok).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
