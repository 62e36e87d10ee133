package io.hrsync.it;

import static io.hrsync.it.InterruptedRuns.VENDORS;
import static io.hrsync.it.InterruptedRuns.assertKeptNotWrittenAgain;
import static io.hrsync.it.InterruptedRuns.assertNoDuplicateEmails;
import static io.hrsync.it.InterruptedRuns.completedRunDir;
import static io.hrsync.it.InterruptedRuns.completedSummary;
import static io.hrsync.it.InterruptedRuns.creates;
import static io.hrsync.it.InterruptedRuns.emails;
import static io.hrsync.it.InterruptedRuns.people;
import static io.hrsync.it.InterruptedRuns.recordedOutcomes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.PostgresCluster;

/**
 * Scale-out (issue 13): two service-mode processes share one PostgreSQL state store, one SFTP inbox
 * and one set of vendors, with leader election on; a lock file (kind=file) stands in for the
 * Kubernetes Lease. Only the leader picks the export up and drains the vendors' queues; the other
 * waits. kill -9 of the leader half-way through: the other process takes the lock, picks the file
 * up again and resumes the killed run, so that every person exists once in every vendor, was
 * created once, and the finished run accounts for every row with nothing failed or dead-lettered.
 */
class LeaderTakeoverIT {

    @Test
    void onlyTheLeaderRunsTheExportAndTheOtherFinishesItWhenTheLeaderIsKilled() throws Exception {
        Path dir = HrsyncProcess.fresh(Path.of("target/it-leader-takeover"));
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"), Sandbox.Ports.ANY);
                PostgresCluster postgres = PostgresCluster.start(dir)) {
            sandbox.simulators().forEach(simulator -> simulator.latency(15));
            int rows = 40;
            Map<String, String> p = service(sandbox, dir, postgres);
            List<HrsyncProcess> processes = new ArrayList<>();
            List<Integer> ports = List.of(HrsyncProcess.freePort(), HrsyncProcess.freePort());
            try {
                for (int i = 0; i < 2; i++) {
                    Map<String, String> own = new HashMap<>(p);
                    own.put("quarkus.management.port", String.valueOf(ports.get(i)));
                    // two JVMs starting at once on a small machine: C1 only starts them sooner
                    processes.add(HrsyncProcess.start(dir.resolve("process-" + (char) ('a' + i)), own, List.of("-XX:TieredStopAtLevel=1")));
                }
                // both ready (Camel started, one of them leading) before the export arrives
                for (int i = 0; i < 2; i++) {
                    awaitReady(processes.get(i), ports.get(i));
                }
                // WorkRamp and Ramp get everyone, Skilljar the Sales half, Workiva the Finance half (config/provisioning-rules.yaml)
                sandbox.sftp().upload(Sandbox.INBOX, "takeover.csv", people("L", "lead", rows, List.of("Sales", "Finance")));

                // mid-drain: a third of the people in WorkRamp
                await().atMost(Duration.ofSeconds(60)).until(() -> emails(sandbox, "workramp").stream()
                        .filter(e -> e.startsWith("lead")).count() >= rows / 3);
                List<List<String>> runs = query(postgres, "SELECT run_id, worker FROM work_run");
                assertEquals(1, runs.size(), "one run of the export, by the leader: " + runs);
                String killedRun = runs.get(0).get(0);
                String leaderWorker = runs.get(0).get(1);
                HrsyncProcess leader = processes.stream().filter(process -> isWorker(process, leaderWorker)).findFirst().orElseThrow();
                HrsyncProcess follower = processes.get(1 - processes.indexOf(leader));
                // the other process drained nothing: every vendor's drain lease was only ever the leader's
                List<List<String>> drains = query(postgres, "SELECT vendor, holder, last_holder FROM vendor_drain ORDER BY vendor");
                assertEquals(VENDORS.size(), drains.size(), drains.toString());
                for (List<String> drain : drains) {
                    assertEquals(leaderWorker, drain.get(2), "drained by the leader only: " + drains);
                }
                assertTrue(follower.process.isAlive(), follower.log());

                leader.process.destroyForcibly(); // SIGKILL
                leader.process.waitFor();
                long createdBeforeKill = emails(sandbox, "workramp").stream().filter(e -> e.startsWith("lead")).count();
                assertTrue(createdBeforeKill < rows, "the run finished before the kill; make it slower");
                long finishedBeforeKill = count(postgres, "SELECT COUNT(*) FROM work_item WHERE status = 'DONE'");
                assertTrue(finishedBeforeKill > 0 && finishedBeforeKill < rows * 4L, finishedBeforeKill + " of " + rows * 4 + " items done");
                assertTrue(Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/takeover.csv")), "input moved before its results");
                int workrampCallsBeforeTakeover = sandbox.workramp().requests().size();
                long killedAt = System.nanoTime();

                // the other process takes the lock, picks the export up again and resumes the killed run
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    assertTrue(follower.process.isAlive(), follower.log());
                    return Files.exists(sandbox.sftp().path(Sandbox.INBOX + "/.done/takeover.csv"));
                });
                System.out.printf("kill -9 of the leader to the run finished by the other process: %d ms; %d of %d WorkRamp"
                        + " accounts and %d of %d items done before%n", (System.nanoTime() - killedAt) / 1_000_000,
                        createdBeforeKill, rows, finishedBeforeKill, rows * 4);

                Path results = dir.resolve("results");
                JsonNode summary = completedSummary(results);
                String finishingRun = summary.path("runId").asText();
                assertEquals(rows, summary.path("rows").path("valid").asInt(), summary.toPrettyString());
                List<List<String>> over = query(postgres, "SELECT run_id, worker, COALESCE(resumed_by, '') FROM work_run "
                        + "WHERE finished_at IS NOT NULL ORDER BY started_at");
                assertEquals(2, over.size(), "both runs over: " + over);
                assertEquals(List.of(killedRun, leaderWorker, finishingRun), over.get(0), "the killed run, resumed by the other process's");
                assertEquals(finishingRun, over.get(1).get(0));
                assertTrue(isWorker(follower, over.get(1).get(1)), "delivered by the other process: " + over);
                JsonNode resumed = summary.path("resumed");
                assertEquals(1, resumed.size(), summary.toPrettyString());
                assertEquals(killedRun, resumed.get(0).path("run").asText());
                long kept = resumed.get(0).path("finishedItemsKept").asLong();
                // PostgreSQL lost no commit of the killed process: what it finished is what was kept, never done again
                assertEquals(finishedBeforeKill, kept, summary.toPrettyString());
                assertEquals(rows * 4L, kept + resumed.get(0).path("unfinishedItemsContinued").asLong(), summary.toPrettyString());
                assertEquals(0, resumed.get(0).path("itemsCancelled").asLong(), "same file, nothing to plan afresh");

                // every person once in every vendor, created once: the create in flight at the kill was looked up, not repeated
                for (String vendor : VENDORS) {
                    assertNoDuplicateEmails(sandbox, vendor);
                    List<String> expected = new ArrayList<>();
                    for (int i = 1; i <= rows; i++) {
                        boolean sales = i % 2 == 1;
                        if (!(vendor.equals("skilljar") && !sales || vendor.equals("workiva") && sales)) {
                            expected.add("lead" + i + "@example.com");
                        }
                    }
                    assertEquals(expected.stream().sorted().toList(),
                            emails(sandbox, vendor).stream().filter(e -> e.startsWith("lead")).sorted().toList(), vendor);
                    for (String email : expected) {
                        assertEquals(1, creates(sandbox, vendor, email), vendor + ": creates of " + email);
                    }
                }
                assertEquals(rows, sandbox.ramp().invitesSent(), "Ramp invites");
                assertKeptNotWrittenAgain(sandbox, completedRunDir(results), workrampCallsBeforeTakeover, createdBeforeKill);

                // every row accounted for; nothing failed, dead-lettered (a DEAD item) or left in the queue
                assertEquals(rows * 4L, recordedOutcomes(summary), summary.toPrettyString());
                summary.path("vendors").forEach(actions -> actions.forEach(outcomes -> outcomes.fieldNames().forEachRemaining(
                        outcome -> assertFalse(outcome.equals("FAILED") || outcome.equals("DEAD_LETTERED"), summary.toPrettyString()))));
                // 120 in scope (WorkRamp and Ramp everyone, Skilljar and Workiva half each), the other 40 out of it
                assertEquals(List.of(List.of(finishingRun, "DONE", "APPLIED", String.valueOf(rows * 3)),
                        List.of(finishingRun, "DONE", "SKIPPED", String.valueOf(rows))),
                        query(postgres, "SELECT run_id, status, outcome, COUNT(*) FROM work_item GROUP BY run_id, status, outcome "
                                + "ORDER BY outcome"));
            } finally {
                for (HrsyncProcess process : processes) {
                    process.process.destroyForcibly();
                    process.process.waitFor();
                }
            }
        }
    }

    /** Service mode on the shared PostgreSQL, leader election by a lock file, slow enough to be killed mid-drain. */
    private static Map<String, String> service(Sandbox sandbox, Path dir, PostgresCluster postgres) {
        Map<String, String> p = InterruptedRuns.interruptible(sandbox, dir);
        p.put("hrsync.run-once", "false");
        p.put("hrsync.hris.poll-interval-ms", "500");
        p.put("hrsync.hris.read-lock-min-age-ms", "500");
        p.put("hrsync.hris.read-lock-check-interval-ms", "200");
        // the process taking over calls each vendor one rate window after the killed one: 1 s windows
        // (limits under the simulators' own; one item at a time per vendor, as interruptible has it)
        p.put("hrsync.vendors.workramp.rate-limit", "20");
        p.put("hrsync.vendors.workramp.rate-period-ms", "1000");
        p.put("hrsync.vendors.ramp.rate-limit", "18");
        p.put("hrsync.vendors.ramp.rate-period-ms", "1000");
        p.put("hrsync.vendors.workiva.rate-limit", "10");
        p.put("hrsync.vendors.workiva.rate-period-ms", "1000");
        p.put("hrsync.vendors.skilljar.rate-limit", "10");
        p.put("hrsync.vendors.skilljar.rate-period-ms", "1000");
        // (readiness with its default cache of a minute: a probe made before Camel started is not kept)
        p.put("hrsync.cluster.enabled", "true");
        p.put("hrsync.cluster.kind", "file");
        p.put("hrsync.cluster.file-root", dir.resolve("cluster").toString());
        p.put("hrsync.cluster.file-lock-interval-ms", "300");
        p.put("quarkus.datasource.h2.active", "false");
        p.put("quarkus.datasource.postgresql.active", "true");
        p.put("quarkus.datasource.postgresql.jdbc.url", postgres.jdbcUrl());
        p.put("quarkus.datasource.postgresql.username", postgres.username());
        p.put("quarkus.datasource.postgresql.password", postgres.password());
        return p;
    }

    private static void awaitReady(HrsyncProcess process, int managementPort) {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
        HttpClient client = HttpClient.newHttpClient();
        AtomicReference<String> last = new AtomicReference<>("(no answer)");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        assertTrue(process.process.isAlive(), process.log());
                        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
                        last.set(answer.statusCode() + " " + answer.body());
                        return answer.statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not ready: " + last.get(), e);
        }
    }

    /** Whether the worker id ({@code host-pid-suffix}, io.hrsync.queue.Workers) is the process's. */
    private static boolean isWorker(HrsyncProcess process, String worker) {
        return worker.substring(0, worker.lastIndexOf('-')).endsWith("-" + process.process.pid());
    }

    private static long count(PostgresCluster postgres, String sql) throws Exception {
        return Long.parseLong(query(postgres, sql).get(0).get(0));
    }

    private static List<List<String>> query(PostgresCluster postgres, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rowsRead = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rowsRead.add(row);
            }
            return rowsRead;
        }
    }
}
