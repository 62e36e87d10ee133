package io.hrsync.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.hrsync.state.StateStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The "done when" for secrets: every secret has a canary value (CanaryProfile), every vendor
 * fails every call with an error in its own shape that echoes the request it got (token endpoints
 * included: Ramp's carries HTTP Basic base64(client-id:client-secret), Workiva's the form body with the
 * client secret), a nightly run goes through, and no canary — as is, URL-encoded or Base64, alone or
 * as HTTP Basic credentials — is in the log, the run's result files, summary.json, the SFTP results
 * and reason files, the dead letters (every row of every table of the state store, and the dead-letter
 * directory) or any other file hrsync wrote.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
@TestProfile(CanaryProfile.class)
class SecretCanaryTest {

    @Inject
    StateStore state;

    @Test
    void noSecretInAnyOutputWhenEveryVendorFailsEchoingItsRequests() throws Exception {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        // refusals (not retried) and server errors (retried, then dead letters), each vendor in its own shape
        sandbox.ramp().echoRequestsInErrors(401);
        sandbox.workiva().echoRequestsInErrors(400);
        sandbox.workramp().echoRequestsInErrors(503);
        sandbox.skilljar().echoRequestsInErrors(500);

        RunResults run = RunResults.process(sandbox, "canary.csv", RunResultsFixtures.people("FIN", 2, "Finance") // Ramp, WorkRamp, Workiva
                + RunResultsFixtures.people("SAL", 2, "Sales").substring(RunResultsFixtures.HEADER.length())); // and Skilljar

        // the vendors were hostile: the error bodies hrsync got hold the canaries
        assertEchoed(sandbox.ramp(), "Basic " + base64(secret("ramp.client-id") + ":" + secret("ramp.client-secret")));
        assertEchoed(sandbox.workiva(), java.net.URLEncoder.encode(secret("workiva.client-secret"), StandardCharsets.UTF_8));
        assertEchoed(sandbox.workramp(), "Bearer " + secret("workramp.api-key"));
        assertEchoed(sandbox.skilljar(), base64(secret("skilljar.api-key") + ":"));
        // and the run recorded every vendor's failure, with its status
        for (String vendor : List.of("ramp", "workiva", "workramp", "skilljar")) {
            assertTrue(run.actions.stream().anyMatch(a -> a.get("vendor").equals(vendor)
                    && Set.of("FAILED", "DEAD_LETTERED").contains(a.get("outcome"))), vendor + "\n" + run.describe());
        }
        assertTrue(run.actions.stream().anyMatch(a -> a.get("outcome").equals("DEAD_LETTERED")), run.describe());
        assertTrue(run.actions.stream().anyMatch(a -> a.get("message").contains("HTTP 401")), run.describe());

        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("log " + CanaryProfile.LOG_FILE, read(Path.of(CanaryProfile.LOG_FILE)));
        // result files, summary.json, the SFTP results and .error reason files, the dead-letter directory
        try (Stream<Path> files = Files.walk(SandboxTestResource.DATA)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.startsWith(SandboxTestResource.DATA.resolve("state"))) { // the database is read below
                    outputs.put(file.toString(), read(file));
                }
            }
        }
        outputs.put("state store", stateStoreRows());
        assertTrue(outputs.keySet().stream().anyMatch(k -> k.endsWith("summary.json") && k.contains(run.runId())), outputs.keySet().toString());
        assertTrue(outputs.get("state store").contains("DEAD_LETTERED"), "the dead letters were read");
        assertTrue(outputs.get("log " + CanaryProfile.LOG_FILE).contains("dead-lettered row"), "the log was captured");

        List<String> found = new ArrayList<>();
        outputs.forEach((where, text) -> CanaryProfile.forms().stream().filter(text::contains)
                .forEach(form -> found.add(form + " in " + where)));
        assertEquals(List.of(), found);
    }

    /**
     * An SFTP drop names its file with a line feed and a forged log line after it: the file is
     * processed, and its name stays on the log line that names it, the line feed shown as {@code \\n}.
     */
    @Test
    void aFileNameWithALineFeedCannotForgeALogLine() throws Exception {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        String name = "injected\n12:00:00.000 ERROR [forged] (main) FORGED LINE.csv";
        RunResults run = RunResults.process(sandbox, name, RunResultsFixtures.people("INJ", 1, "Engineering"));
        assertEquals(name, run.summary.path("inputFile").asText());

        List<String> lines = Files.readAllLines(Path.of(CanaryProfile.LOG_FILE), StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(l -> l.contains("started for injected\\n12:00:00.000 ERROR [forged] (main) FORGED LINE.csv")),
                String.join("\n", lines.stream().filter(l -> l.contains("injected")).toList()));
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("12:00:00.000 ERROR [forged]")).toList());
    }

    private static void assertEchoed(VendorSimulator simulator, String form) {
        assertFalse(simulator.echoedBodies().isEmpty(), simulator.name() + " answered nothing");
        assertTrue(simulator.echoedBodies().stream().anyMatch(body -> body.contains(form)),
                simulator.name() + " did not echo " + form + ": " + simulator.echoedBodies());
    }

    private static String secret(String vendorSetting) {
        return CanaryProfile.SECRETS.get("hrsync.vendors." + vendorSetting);
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of every table of the state store, as text. */
    private String stateStoreRows() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (!"INFORMATION_SCHEMA".equalsIgnoreCase(schema)) {
                        tables.add((schema == null ? "" : "\"" + schema + "\".") + "\"" + rs.getString("TABLE_NAME") + "\"");
                    }
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        text.append(table);
                        for (int i = 1; i <= columns; i++) {
                            text.append(' ').append(rs.getString(i));
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return text.toString();
    }
}
