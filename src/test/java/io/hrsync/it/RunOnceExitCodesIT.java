package io.hrsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.sandbox.Sandbox;

/**
 * Run-once mode of the production artifact (which holds no sandbox): against the sandbox started in
 * this JVM (the same SFTP server, simulators and sample export as README command 1), the sample run
 * provisions the five vendors and exits 0; a vendor failure exits 1; a rejected file exits 2; a
 * configuration error exits 3 naming the property.
 */
class RunOnceExitCodesIT {

    static final Path ROOT = Path.of("target/it-run-once");

    private final List<Sandbox> sandboxes = new ArrayList<>();

    @AfterEach
    void closeSandboxes() {
        sandboxes.forEach(Sandbox::close);
    }

    @Test
    void sandboxRunCompletesAndExitsZero() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("ok"));
        HrsyncProcess app = HrsyncProcess.start(dir, sandbox(dir));
        assertEquals(0, app.waitForExit(120), app.log());
        JsonNode summary = onlySummary(dir);
        assertEquals("COMPLETED", summary.path("status").asText());
        assertEquals(15, summary.path("rows").path("total").asInt());
        assertEquals(11, summary.path("vendors").path("scim-app").path("CREATE").path("APPLIED").asInt(), summary.toPrettyString());
        assertTrue(Files.exists(dir.resolve("sandbox/sftp-root/inbox/.done/hris-export.csv")), app.log());
        assertTrue(app.log().contains("run-once: exiting with code 0"), app.log());
    }

    @Test
    void aRestartDoesNotProcessAFileAlreadyDone() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("restart"));
        Map<String, String> p = sandbox(dir);
        HrsyncProcess first = HrsyncProcess.start(dir, p);
        assertEquals(0, first.waitForExit(120), first.log());
        Path done = dir.resolve("sandbox/sftp-root/inbox/.done/hris-export.csv");
        Path again = dir.resolve("sandbox/sftp-root/inbox/hris-export.csv");
        // the very same file (name, size, timestamp) is back in the inbox when hrsync restarts
        Files.copy(done, again, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        HrsyncProcess second = HrsyncProcess.start(dir.resolve("second"), p);
        assertEquals(0, second.waitForExit(120), second.log());
        assertTrue(second.log().contains("run-once: inbox is empty, nothing to do"), second.log());
        assertTrue(Files.exists(again), "the file was processed again");
        try (Stream<Path> runs = Files.list(dir.resolve("results"))) {
            assertEquals(1, runs.count(), "a second run was started");
        }
    }

    @Test
    void deadLettersReplayToSuccessOnceTheVendorIsBack() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("replay"));
        Map<String, String> p = sandbox(dir);
        Sandbox sandbox = sandboxes.get(sandboxes.size() - 1);
        sandbox.workramp().failFraction(1.0, 503); // WorkRamp is down
        p.put("hrsync.delivery.max-redeliveries", "1");
        p.put("hrsync.delivery.initial-backoff-ms", "10");
        // its open circuit holds the people still waiting for 3 s, then they are dead-lettered too
        p.put("hrsync.delivery.circuit-hold-max-seconds", "3");
        p.put("hrsync.delivery.circuit-open-seconds", "1");
        HrsyncProcess down = HrsyncProcess.start(dir, p);
        assertEquals(1, down.waitForExit(120), down.log());
        JsonNode summary = onlySummary(dir);
        assertEquals(14, summary.path("vendors").path("workramp").path("NONE").path("DEAD_LETTERED").asInt(),
                summary.toPrettyString());
        assertTrue(Files.notExists(dir.resolve("dead-letters")), "dead letters are kept in the state store, not in files");

        // the vendor is back: replay the dead letters
        sandbox.workramp().failFraction(0.0, 503);
        p.put("hrsync.replay.enabled", "true");
        HrsyncProcess replay = HrsyncProcess.start(dir.resolve("replay-run"), p);
        assertEquals(0, replay.waitForExit(120), replay.log());
        JsonNode replayed;
        try (Stream<Path> runs = Files.list(dir.resolve("results"))) {
            Path run = runs.filter(r -> r.getFileName().toString().contains("-replay-")).findFirst().orElseThrow();
            replayed = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        }
        assertEquals("COMPLETED", replayed.path("status").asText(), replayed.toPrettyString());
        assertEquals("replay", replayed.path("mode").asText());
        assertEquals(11, replayed.path("vendors").path("workramp").path("CREATE").path("APPLIED").asInt(), replayed.toPrettyString());
        long outcomes = 0;
        for (JsonNode byOutcome : replayed.path("vendors").path("workramp")) {
            for (JsonNode n : byOutcome) {
                outcomes += n.asLong();
            }
        }
        assertEquals(14, outcomes, "every letter replayed once: " + replayed.toPrettyString());
    }

    @Test
    void vendorFailureExitsOne() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("vendor-failure"));
        Map<String, String> p = sandbox(dir);
        Path rules = dir.resolve("rules.yaml");
        // WorkRamp refuses (400) the attribute the rules allow but its admin UI does not have: a business
        // failure of each row that writes it. (A group the vendor lacks is no longer one: the rules
        // preflight reports it and the accounts are created without it.)
        Files.writeString(rules, Files.readString(Path.of("config/provisioning-rules.yaml"))
                .replace("allowedCustomAttributes: [department, title,", "allowedCustomAttributes: [nickname, department, title,")
                .replace("    employee_id: employee_id\n", "    employee_id: employee_id\n    nickname: first_name\n"));
        p.put("hrsync.rules-file", rules.toString());
        HrsyncProcess app = HrsyncProcess.start(dir, p);
        assertEquals(1, app.waitForExit(120), app.log());
        JsonNode summary = onlySummary(dir);
        assertEquals("COMPLETED_WITH_FAILURES", summary.path("status").asText());
        assertTrue(summary.path("vendors").path("workramp").path("CREATE").path("FAILED").asInt() > 0, summary.toPrettyString());
    }

    @Test
    void rejectedFileExitsTwo() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("rejected"));
        Path inbox = dir.resolve("local-inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("export.csv"), "employee_id,email\nE1,a@example.com\n", StandardCharsets.UTF_8);
        Map<String, String> p = sandbox(dir);
        p.put("hrsync.hris.source", "local");
        p.put("hrsync.hris.local-dir", inbox.toString());
        HrsyncProcess app = HrsyncProcess.start(dir, p);
        assertEquals(2, app.waitForExit(120), app.log());
        assertEquals("REJECTED", onlySummary(dir).path("status").asText());
        assertTrue(Files.exists(inbox.resolve(".error/export.csv")));
        assertTrue(Files.readString(inbox.resolve(".error/export.csv.reason.txt")).startsWith("REJECTED: missing required column(s)"));
    }

    @Test
    void unknownRulesKeyExitsThreeNamingFileAndKey() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("rules-typo"));
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "workramp:\n  departmentGroup:\n    Sales: [Sales]\n");
        Map<String, String> p = sandbox(dir);
        p.put("hrsync.rules-file", rules.toString());
        HrsyncProcess app = HrsyncProcess.start(dir, p);
        assertEquals(3, app.waitForExit(120), app.log());
        assertTrue(app.log().contains(rules + ": unknown key 'departmentGroup' at workramp.departmentGroup"), app.log());
    }

    @Test
    void missingCredentialExitsThreeNamingTheProperty() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("config-missing"));
        Map<String, String> p = sandbox(dir);
        p.put("hrsync.vendors.workramp.api-key", "");
        HrsyncProcess app = HrsyncProcess.start(dir, p);
        assertEquals(3, app.waitForExit(120), app.log());
        assertTrue(app.log().contains("hrsync.vendors.workramp.api-key is required when WorkRamp is enabled"), app.log());
    }

    @Test
    void mistypedPropertyExitsThreeNamingIt() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("config-typo"));
        Map<String, String> p = sandbox(dir);
        p.put("hrsync.hris.sftp.knwon-hosts-file", "x");
        HrsyncProcess app = HrsyncProcess.start(dir, p);
        assertEquals(3, app.waitForExit(120), app.log());
        assertTrue(app.log().contains("hrsync.hris.sftp.knwon-hosts-file"), app.log());
    }

    @Test
    void aHalfConfiguredPostgresqlStateStoreExitsThreeNamingWhatIsMissing() throws Exception {
        Path dir = HrsyncProcess.fresh(ROOT.resolve("state-store"));
        Map<String, String> p = sandbox(dir);
        p.put("quarkus.datasource.postgresql.active", "true");
        HrsyncProcess app = HrsyncProcess.start(dir, p);
        assertEquals(3, app.waitForExit(120), app.log());
        assertTrue(app.log().contains("two state stores: with quarkus.datasource.postgresql.active=true set "
                + "quarkus.datasource.h2.active=false"), app.log());
        p.put("quarkus.datasource.h2.active", "false");
        HrsyncProcess again = HrsyncProcess.start(dir.resolve("again"), p);
        assertEquals(3, again.waitForExit(120), again.log());
        assertTrue(again.log().contains("quarkus.datasource.postgresql.jdbc.url is required"), again.log());
    }

    /**
     * The sandbox (README command 1) started here on free ports, its sample export in the inbox, and
     * the production artifact pointed at it with the sandbox profile's settings; every file under the
     * test's own directory.
     */
    Map<String, String> sandbox(Path dir) {
        Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY);
        sandboxes.add(sandbox);
        sandbox.seedSampleExport();
        Map<String, String> p = new HashMap<>(sandbox.properties());
        p.putAll(sandbox.scimProperties());
        p.put("hrsync.vendors." + Sandbox.SCIM_VENDOR + ".enabled", "true");
        p.put("hrsync.run-once", "true");
        p.put("hrsync.hris.read-lock-min-age-ms", "500");
        p.put("hrsync.hris.work-dir", dir.resolve("work").toString());
        p.put("hrsync.results.dir", dir.resolve("results").toString());
        p.put("hrsync.delivery.dead-letter-dir", dir.resolve("dead-letters").toString());
        p.put("hrsync.state.dir", dir.resolve("state").toString());
        // as the sandbox profile: the sample's one leaver is 7 % of a first run
        p.put("hrsync.guards.first-run-max-leaver-percent", "10");
        p.put("hrsync.guards.limits.deactivate.max-percent", "20");
        p.put("hrsync.vendors.ramp.create-poll-interval-ms", "50");
        p.put("hrsync.vendors.workramp.rate-limit", "1000");
        p.put("hrsync.delivery.circuit-hold-max-seconds", "60");
        return p;
    }

    static JsonNode onlySummary(Path dir) throws Exception {
        try (Stream<Path> runs = Files.list(dir.resolve("results"))) {
            Path run = runs.findFirst().orElseThrow();
            return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        }
    }
}
