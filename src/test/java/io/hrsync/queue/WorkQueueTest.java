package io.hrsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

import io.hrsync.delivery.VendorTrafficGate;
import io.hrsync.state.PostgresCluster;
import io.hrsync.connector.VendorAccount;
import io.hrsync.connector.VendorConnector;

/**
 * The work queue on the state store's real databases, the embedded H2 and a real PostgreSQL server
 * (started by the test): claims, per-vendor ordering, scheduled retries, crash take-over, dead
 * letters, and two processes that deliver every item exactly once.
 */
class WorkQueueTest {

    static PostgresCluster postgres;
    static final Map<String, DataSource> DATABASES = new ConcurrentHashMap<>();

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T02:00:00Z"));

    @BeforeAll
    static void databases() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:work-queue-test;DB_CLOSE_DELAY=-1");
        DATABASES.put("h2", migrated(h2));
        postgres = PostgresCluster.start(Path.of("target"));
        DATABASES.put("postgresql", migrated(pg()));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    static PGSimpleDataSource pg() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(postgres.jdbcUrl());
        ds.setUser(postgres.username());
        ds.setPassword(postgres.password());
        return ds;
    }

    static DataSource migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    /** An empty queue on that database, seen by a process called {@code worker}. */
    WorkQueue queue(String db, String worker) throws Exception {
        DataSource ds = DATABASES.get(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM work_item");
            s.executeUpdate("DELETE FROM work_run");
            s.executeUpdate("DELETE FROM vendor_drain");
        }
        return process(db, worker);
    }

    /** Another process on the same database: its own DataSource (its own connections). */
    WorkQueue process(String db, String worker) {
        DataSource ds = db.equals("h2") ? DATABASES.get("h2") : pg();
        return new WorkQueue(ds, clock, worker, Duration.ofSeconds(30));
    }

    static NewWorkItem item(String run, String vendor, String id, String manager) {
        return new NewWorkItem(run, vendor, id, id.toLowerCase() + "@example.com", 2, "JOIN", "CREATE",
                manager == null ? null : manager.toLowerCase() + "@example.com", "{\"employee_id\":\"" + id + "\"}");
    }

    static List<String> ids(List<WorkItem> items) {
        return items.stream().map(WorkItem::employeeId).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aDrainClaimsItsOwnVendorsReadyItemsOldestFirst(String db) throws Exception {
        WorkQueue q = queue(db, "p1");
        q.enqueue(List.of(item("r1", "ramp", "E1", null), item("r1", "workramp", "E2", null), item("r1", "ramp", "E3", null),
                item("r1", "ramp", "E4", null)));
        List<WorkItem> first = q.claim("ramp", 2);
        assertEquals(List.of("E1", "E3"), ids(first));
        assertEquals(WorkStatus.CLAIMED, first.get(0).status());
        assertEquals("p1", first.get(0).claimedBy());
        assertEquals(1, first.get(0).attempts());
        assertFalse(first.get(0).retried());
        assertEquals(List.of("E4"), ids(q.claim("ramp", 5)), "claimed items are not claimed again");
        assertEquals(List.of(), q.claim("ramp", 5));
        assertEquals(List.of("E2"), ids(q.claim("workramp", 5)), "each vendor its own items");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReportWaitsForItsManagersItemInTheSameVendorOnly(String db) throws Exception {
        WorkQueue q = queue(db, "p1");
        q.enqueue(List.of(item("r1", "ramp", "M1", null), item("r1", "ramp", "R1", "M1"), item("r1", "ramp", "X1", null),
                item("r1", "workramp", "R1", "M1")));
        // WorkRamp has no item for M1 this run: the report goes at once there
        assertEquals(List.of("R1"), ids(q.claim("workramp", 5)));
        List<WorkItem> ramp = q.claim("ramp", 5);
        assertEquals(List.of("M1", "X1"), ids(ramp), "R1 waits for M1's Ramp item, X1 does not");
        assertEquals(List.of(), q.claim("ramp", 5));
        assertTrue(q.finish(ramp.get(0).id(), "CREATE", "APPLIED", "ramp-m1", 201, null));
        assertEquals(List.of("R1"), ids(q.claim("ramp", 5)), "the manager's item is done: the report is ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTransientFailureIsScheduledAndTheDrainMovesOn(String db) throws Exception {
        WorkQueue q = queue(db, "p1");
        q.enqueue(List.of(item("r1", "ramp", "E1", null), item("r1", "ramp", "E2", null)));
        WorkItem e1 = q.claim("ramp", 1).get(0);
        assertTrue(q.retryAt(e1.id(), clock.instant().plusSeconds(20), 503, "503 from Ramp"));
        assertEquals(List.of("E2"), ids(q.claim("ramp", 5)), "E1 waits for its next attempt; E2 does not wait for E1");
        assertEquals(clock.instant().plusSeconds(20), q.nextDue("ramp").orElseThrow());
        clock.advance(Duration.ofSeconds(21));
        WorkItem again = q.claim("ramp", 5).get(0);
        assertEquals("E1", again.employeeId());
        assertEquals(2, again.attempts());
        assertTrue(again.retried(), "a create tried before is looked up first (its answer may have been lost)");
        assertEquals(503, again.httpStatus());
        assertTrue(q.finish(again.id(), "CREATE", "APPLIED", "u1", 201, "created"));
        WorkItem done = q.item(again.id()).orElseThrow();
        assertEquals(WorkStatus.DONE, done.status());
        assertEquals("APPLIED", done.outcome());
        assertEquals("u1", done.vendorUserId());
        assertEquals(201, done.httpStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOpenCircuitGivesItemsBackUntried(String db) throws Exception {
        WorkQueue q = queue(db, "p1");
        q.enqueue(List.of(item("r1", "ramp", "E1", null)));
        WorkItem e1 = q.claim("ramp", 1).get(0);
        assertTrue(q.release(e1.id(), clock.instant().plusSeconds(60)));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(1, q.claim("ramp", 1).get(0).attempts(), "held, not given up: no attempt counted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theItemsOfADeadProcessAreTakenOverAfterTheirLease(String db) throws Exception {
        WorkQueue crashed = queue(db, "p1");
        crashed.enqueue(List.of(item("r1", "ramp", "E1", null), item("r1", "ramp", "E2", null)));
        List<WorkItem> held = crashed.claim("ramp", 5);
        assertEquals(2, held.size());
        assertEquals(List.of("r1"), crashed.unfinishedRuns());

        WorkQueue restarted = process(db, "p2");
        assertEquals(List.of(), restarted.claim("ramp", 5), "a live lease is respected");
        clock.advance(Duration.ofSeconds(31));
        List<WorkItem> taken = restarted.claim("ramp", 5);
        assertEquals(List.of("E1", "E2"), ids(taken));
        assertTrue(taken.stream().allMatch(i -> i.attempts() == 2 && i.claimedBy().equals("p2")));
        assertFalse(crashed.finish(held.get(0).id(), "CREATE", "APPLIED", "late", 200, null), "the late answer of the old claim is refused");
        assertTrue(restarted.finish(taken.get(0).id(), "CREATE", "APPLIED", "u1", 200, null));
        assertEquals("u1", restarted.item(taken.get(0).id()).orElseThrow().vendorUserId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deadLettersAreTerminalUntilReplayQueuesThemAgain(String db) throws Exception {
        WorkQueue q = queue(db, "p1");
        q.enqueue(List.of(item("r1", "ramp", "E1", null), item("r1", "workramp", "E1", null)));
        WorkItem ramp = q.claim("ramp", 1).get(0);
        WorkItem workramp = q.claim("workramp", 1).get(0);
        assertTrue(q.deadLetter(ramp.id(), "CREATE", 503, "retries exhausted"));
        assertTrue(q.deadLetter(workramp.id(), "CREATE", 500, "retries exhausted"));
        assertEquals(WorkStatus.DEAD, q.item(ramp.id()).orElseThrow().status());
        assertEquals("DEAD_LETTERED", q.item(ramp.id()).orElseThrow().outcome());
        assertEquals(1L, q.counts("r1", "ramp").get(WorkStatus.DEAD));
        assertEquals(List.of(), q.unfinishedRuns(), "dead letters are terminal");
        assertEquals(List.of(), q.claim("ramp", 5));

        assertEquals(1, replayDead(q, "replay-1", "ramp", null, null));
        WorkItem replayed = q.claim("ramp", 5).get(0);
        assertEquals(1, replayed.attempts());
        assertEquals(WorkStatus.DEAD, q.item(workramp.id()).orElseThrow().status(), "only that vendor's letters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReplayTakesTheSelectedLettersButNeverOneALaterItemSuperseded(String db) throws Exception {
        WorkQueue q = queue(db, "p1");
        // night 1: E1, E2 and E3 dead in Ramp, E1 dead in WorkRamp too
        q.enqueue(List.of(item("n1", "ramp", "E1", null), item("n1", "ramp", "E2", null), item("n1", "ramp", "E3", null),
                item("n1", "workramp", "E1", null)));
        for (WorkItem i : q.claim("ramp", 5)) {
            q.deadLetter(i.id(), "CREATE", 503, "Service Unavailable");
        }
        WorkItem workrampE1 = q.claim("workramp", 5).get(0);
        q.deadLetter(workrampE1.id(), "CREATE", 503, "Service Unavailable");
        // night 2: E2 delivered after all, E3 dead again
        q.enqueue(List.of(item("n2", "ramp", "E2", null), item("n2", "ramp", "E3", null)));
        long night2E3 = 0;
        for (WorkItem i : q.claim("ramp", 5)) {
            if (i.employeeId().equals("E2")) {
                q.finish(i.id(), "CREATE", "APPLIED", "r-2", 201, null);
            } else {
                q.deadLetter(i.id(), "CREATE", 503, "Service Unavailable");
                night2E3 = i.id();
            }
        }

        Map<String, String> superseded = new java.util.TreeMap<>();
        for (WorkQueue.DeadLetter l : q.deadLetters("ramp", null, null)) {
            superseded.put(l.item().runId() + "/" + l.item().employeeId(), String.valueOf(l.supersededByRun()));
        }
        assertEquals(Map.of("n1/E1", "null", "n1/E2", "n2", "n1/E3", "n2", "n2/E3", "null"), superseded,
                "E2 of night 1 was delivered on night 2, E3 of night 1 dead-lettered again on night 2");
        assertEquals(2, replayDead(q, "replay-1", "ramp", null, null), "E1 of night 1 and E3 of night 2");
        List<WorkItem> replayed = q.claim("ramp", 10, List.of("replay-1"));
        assertEquals(List.of("E1", "E3"), ids(replayed).stream().sorted().toList());
        assertTrue(replayed.stream().allMatch(i -> i.runId().equals("replay-1") && i.attempts() == 1));
        long newest = night2E3;
        assertTrue(replayed.stream().anyMatch(i -> i.id() == newest), "the newest letter of E3 is the one replayed");
        List<WorkItem> night1 = new ArrayList<>();
        q.forEachItem("n1", night1::add);
        for (WorkItem i : night1) {
            if (i.vendor().equals("ramp") && !i.employeeId().equals("E1")) {
                assertEquals(WorkStatus.DONE, i.status(), "superseded by a later item, never replayed: " + i);
                assertEquals("DEAD_LETTERED", i.outcome());
                assertTrue(i.message().startsWith("not replayed: superseded by run n2"), i.message());
            }
        }
        assertEquals(WorkStatus.DEAD, q.item(workrampE1.id()).orElseThrow().status(), "another vendor's letter waits");
        assertEquals(1, replayDead(q, "replay-2", null, "e1@example.com", "n1"));
        assertEquals("replay-2", q.item(workrampE1.id()).orElseThrow().runId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aDeadLetterFileOfTheOldStoreIsImportedOnce(String db) throws Exception {
        WorkQueue q = queue(db, "p1");
        NewWorkItem letter = item("old-run", "skilljar", "E9", null);
        assertTrue(q.importDead(letter, "HTTP 503 (imported dead letter 17-ab)"));
        assertFalse(q.importDead(letter, "again"), "the run already has that person's item");
        assertEquals(1, replayDead(q, "replay", null, null, null));
        WorkItem replayed = q.claim("skilljar", 5).get(0);
        assertEquals("E9", replayed.employeeId());
        assertEquals(letter.payload(), replayed.payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoProcessesDeliverEveryItemExactlyOnce(String db) throws Exception {
        int items = 300;
        WorkQueue first = queue(db, "p1");
        List<NewWorkItem> work = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            // a management chain every ten people, so the dependency check runs under contention too
            work.add(item("r1", "ramp", "E" + i, i % 10 == 0 ? null : "E" + (i - i % 10)));
        }
        first.enqueue(work);
        WorkQueue second = process(db, "p2");

        Map<Long, Integer> claims = new ConcurrentHashMap<>();
        Map<Long, Integer> finished = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> drains = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        for (int t = 0; t < 6; t++) {
            WorkQueue q = t % 2 == 0 ? first : second;
            drains.add(threads.submit(() -> {
                while (finished.size() < items && System.currentTimeMillis() < deadline) {
                    for (WorkItem claimed : q.claim("ramp", 7)) {
                        claims.merge(claimed.id(), 1, Integer::sum);
                        if (q.finish(claimed.id(), "CREATE", "APPLIED", q.worker(), 201, null)) {
                            finished.merge(claimed.id(), 1, Integer::sum);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> drain : drains) {
            drain.get(90, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertEquals(items, finished.size(), "every item delivered");
        assertTrue(finished.values().stream().allMatch(n -> n == 1), "no item finished twice");
        assertTrue(claims.values().stream().allMatch(n -> n == 1), "no item claimed twice");
        assertEquals((long) items, first.counts("r1", "ramp").get(WorkStatus.DONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anInterruptedRunIsResumedOnceKeepingWhatItFinished(String db) throws Exception {
        WorkQueue killed = queue(db, "another-host-4711-beef"); // not this host: only its silence tells
        runs(db, killed).start("r1", "sha");
        killed.enqueue(List.of(item("r1", "ramp", "E1", null), item("r1", "ramp", "E2", null), item("r1", "ramp", "E3", null)));
        WorkItem e1 = killed.claim("ramp", 1).get(0);
        killed.finish(e1.id(), "CREATE", "APPLIED", "u-1", 201, null);
        WorkItem e2 = killed.claim("ramp", 1).get(0); // in flight when the process died
        WorkItem e3 = killed.item(e2.id() + 1).orElseThrow();
        runs(db, killed).heartbeat("r1");

        WorkQueue restarted = process(db, "p2");
        clock.advance(Duration.ofSeconds(59));
        WorkRuns restartedRuns = runs(db, restarted);
        assertEquals(List.of(), restartedRuns.interrupted(), "a run whose process beat within the timeout is not interrupted");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of("r1"), restartedRuns.interrupted());
        assertTrue(restartedRuns.takeOver("r1", "r2"));
        assertFalse(runs(db, process(db, "p3")).takeOver("r1", "r3"), "only one process resumes a run");
        assertEquals(List.of(), restartedRuns.interrupted(), "a run taken over is no longer waiting to be resumed");

        restartedRuns.start("r2", "sha");
        restarted.adopt("r1", "r2", List.of(new WorkQueue.Adoption(e1.id(), 7, "delivered by run r1"),
                new WorkQueue.Adoption(e2.id(), 8, null)));
        assertEquals(1, restarted.cancelInterrupted("r1", "r2"), "E3, not adopted, is cancelled");
        restartedRuns.closeInterrupted("r1");

        WorkItem kept = restarted.item(e1.id()).orElseThrow();
        assertEquals("r2", kept.runId());
        assertEquals(WorkStatus.DONE, kept.status());
        assertEquals("APPLIED", kept.outcome());
        assertEquals(7, kept.row());
        assertEquals("delivered by run r1", kept.message());
        WorkItem again = restarted.claim("ramp", 5).get(0);
        assertEquals(e2.id(), again.id(), "the item in flight is delivered by the new run, at once");
        assertEquals("r2", again.runId());
        assertEquals(2, again.attempts());
        assertTrue(again.earlierAttemptCreated(), "its create may have happened: it is looked up first");
        assertEquals("CANCELLED", restarted.item(e3.id()).orElseThrow().outcome());
        assertEquals("r1", restarted.item(e3.id()).orElseThrow().runId());
        assertEquals(List.of(), restartedRuns.interrupted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void underLeaderElectionTheNewLeaderResumesTheFormerLeadersExportRunAtOnceButNoReplicasRelay(String db) throws Exception {
        WorkQueue formerLeader = queue(db, "another-host-4711-beef"); // another pod: neither its pid nor its silence tell
        runs(db, formerLeader).start("r1", "sha");
        formerLeader.enqueue(List.of(item("r1", "ramp", "E1", null)));
        WorkQueue replica = process(db, "third-host-42-cafe");
        runs(db, replica).start("relay-1", null); // a webhook's relay, which any replica runs
        replica.enqueue(List.of(item("relay-1", "ramp", "E2", null)));

        WorkQueue leader = process(db, "leader-host-7-f00d");
        assertEquals(List.of(), runs(db, leader).interrupted(), "without leader election: the heartbeat decides");
        WorkRuns leaderRuns = runs(db, leader, true);
        assertEquals(List.of("r1"), leaderRuns.interrupted());
        leaderRuns.start("r2", "sha");
        leader.enqueue(List.of(item("r2", "ramp", "E3", null)));
        assertEquals(List.of("r1"), leaderRuns.interrupted(), "its own run is not one to resume");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRunOfAProcessGoneFromThisHostIsInterruptedAtOnceAndAFinishedRunNever(String db) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        WorkQueue dead = queue(db, Workers.host() + "-" + gone.pid() + "-dead");
        runs(db, dead).start("r1", "sha");
        dead.enqueue(List.of(item("r1", "ramp", "E1", null)));
        WorkQueue alive = process(db, Workers.host() + "-" + ProcessHandle.current().parent().orElseThrow().pid() + "-live");
        runs(db, alive).start("r2", "sha");
        alive.enqueue(List.of(item("r2", "ramp", "E1", null)));
        WorkQueue done = process(db, Workers.host() + "-" + gone.pid() + "-done");
        runs(db, done).start("r3", "sha");
        done.enqueue(List.of(item("r3", "ramp", "E1", null)));
        runs(db, done).end("r3");

        assertEquals(List.of("r1"), runs(db, process(db, Workers.newId())).interrupted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void oneProcessDrainsAVendorAtATimeAndHandsItsRecentCallsToTheNext(String db) throws Exception {
        queue(db, "p1");
        VendorDrainLeases first = leases(db, "p1");
        VendorDrainLeases second = leases(db, "p2");
        Duration lease = Duration.ofSeconds(30);
        Duration window = Duration.ofSeconds(10);

        assertEquals(clock.instant(), first.hold("ramp", lease, window).orElseThrow().mayCallFrom());
        assertTrue(second.hold("ramp", lease, window).isEmpty(), "p1 drains Ramp");
        assertTrue(second.hold("workramp", lease, window).isPresent(), "one lease per vendor");
        assertTrue(first.hold("ramp", lease, window).isPresent(), "renewed");

        first.release("ramp", "0;1000,2000", window);
        VendorDrainLeases.Lease taken = second.hold("ramp", lease, window).orElseThrow();
        assertEquals(clock.instant(), taken.mayCallFrom(), "a released vendor is taken at once");
        assertEquals("0;1000,2000", taken.recentCallsOfPrevious().orElseThrow(), "with the calls p1 made in the window");
        assertTrue(first.hold("ramp", lease, window).isEmpty());

        // p2 dies: once its lease runs out p1 takes Ramp over, and calls it one window later
        clock.advance(Duration.ofSeconds(31));
        VendorDrainLeases.Lease takenOver = first.hold("ramp", lease, window).orElseThrow();
        assertEquals(clock.instant().plus(window), takenOver.mayCallFrom());
        assertTrue(takenOver.recentCallsOfPrevious().isEmpty());

        // released by p1 itself and taken again by p1: its own gate saw its calls
        first.release("ramp", "0;", window);
        VendorDrainLeases.Lease again = first.hold("ramp", lease, window).orElseThrow();
        assertEquals(clock.instant(), again.mayCallFrom());
        assertTrue(again.recentCallsOfPrevious().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aListingOutsideTheDrainWaitsForTheVendorsLeaseAndSaysSoWhenItDoesNotCome(String db) throws Exception {
        queue(db, "p1");
        VendorConnector ramp = new VendorConnector() {
            @Override
            public String name() {
                return "ramp";
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode user) {
                return null;
            }
        };
        VendorDrainLeases other = leases(db, "p2");
        assertTrue(other.hold("ramp", Duration.ofSeconds(30), Duration.ofSeconds(10)).isPresent(), "p2 drains Ramp");
        VendorDrainHolder p1 = new VendorDrainHolder(leases(db, "p1"), new VendorTrafficGate(), Duration.ofSeconds(30));
        AtomicInteger listed = new AtomicInteger();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> p1.whileHolding(ramp, Duration.ofMillis(500), listed::incrementAndGet));
        assertTrue(refused.getMessage().contains("another process has been delivering to ramp"), refused.getMessage());
        assertEquals(0, listed.get(), "no call to Ramp while another process drains it");

        other.release("ramp", "0;", Duration.ofSeconds(10));
        assertEquals(1, p1.whileHolding(ramp, Duration.ofSeconds(5), listed::incrementAndGet));
        assertTrue(other.hold("ramp", Duration.ofSeconds(30), Duration.ofSeconds(10)).isEmpty(), "p1 holds Ramp now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoProcessesAskingForAFreeVendorAtOnceGetItOnce(String db) throws Exception {
        queue(db, "p1");
        for (int round = 0; round < 10; round++) {
            String vendor = "v" + round;
            List<VendorDrainLeases> processes = List.of(leases(db, "p1"), leases(db, "p2"), leases(db, "p3"));
            ExecutorService threads = Executors.newFixedThreadPool(3);
            List<Future<Boolean>> asks = new ArrayList<>();
            for (VendorDrainLeases p : processes) {
                asks.add(threads.submit(() -> p.hold(vendor, Duration.ofSeconds(30), Duration.ofSeconds(10)).isPresent()));
            }
            int holders = 0;
            for (Future<Boolean> ask : asks) {
                holders += ask.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            threads.shutdown();
            assertEquals(1, holders, "round " + round);
        }
    }

    /** The runs table as that queue's process sees it (heartbeat timeout 60 s). */
    WorkRuns runs(String db, WorkQueue as) {
        return runs(db, as, false);
    }

    /** The same, with leader election on or off ({@code hrsync.cluster.enabled} in service mode). */
    WorkRuns runs(String db, WorkQueue as, boolean leaderElection) {
        DataSource ds = db.equals("h2") ? DATABASES.get("h2") : pg();
        return new WorkRuns(ds, clock, as.worker(), Duration.ofSeconds(60), leaderElection);
    }

    VendorDrainLeases leases(String db, String worker) {
        DataSource ds = db.equals("h2") ? DATABASES.get("h2") : pg();
        return new VendorDrainLeases(ds, clock, worker);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A replay as RunItems makes it, without the re-planning: superseded letters finished, the others queued as they were. */
    private static int replayDead(WorkQueue q, String replayRun, String vendor, String email, String fromRun) {
        List<WorkQueue.Replay> replays = new ArrayList<>();
        List<WorkQueue.Replay> finished = new ArrayList<>();
        int queued = 0;
        for (WorkQueue.DeadLetter l : q.deadLetters(vendor, email, fromRun)) {
            WorkItem i = l.item();
            boolean superseded = l.supersededByRun() != null;
            queued += superseded ? 0 : 1;
            (superseded ? finished : replays).add(new WorkQueue.Replay(i.id(), new NewWorkItem(replayRun, i.vendor(),
                    i.employeeId(), i.email(), i.row(), i.change(), i.action(), null, i.payload(), superseded ? "SKIPPED" : null,
                    superseded ? "not replayed: superseded by run " + l.supersededByRun() : null, null)));
        }
        assertEquals(finished.size(), q.finishSuperseded(finished));
        assertEquals(queued, q.replay(replays));
        return queued;
    }
}
