package io.hrsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.hrsync.queue.NewWorkItem;
import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.WorkRuns;

/** The read-only commands' queries on a real (H2) state store: queue depth per vendor, recent runs, dead letters by reason. */
class OpsQueriesTest {

    @Test
    void queueDepthRecentRunsAndDeadLetters() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ops-queries-test;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        WorkQueue queue = new WorkQueue(h2, Clock.systemUTC(), "test-worker", Duration.ofMinutes(5));
        WorkRuns runs = new WorkRuns(h2, Clock.systemUTC(), "test-worker", Duration.ofMinutes(5));
        runs.start("run-1", null);
        queue.enqueue(List.of(item("run-1", "ramp", "E1"), item("run-1", "ramp", "E2"), item("run-1", "ramp", "E3"),
                item("run-1", "workramp", "E4")));
        List<WorkItem> claimed = queue.claim("ramp", 2);
        assertEquals(2, claimed.size());
        queue.deadLetter(claimed.get(0).id(), "CREATE", 503, "Service Unavailable");
        queue.deadLetter(claimed.get(1).id(), "CREATE", 503, "Service Unavailable");

        Map<String, WorkQueue.Backlog> depth = queue.backlog();
        assertEquals(List.of(1L, 0L, 2L), List.of(depth.get("ramp").queued(), depth.get("ramp").claimed(), depth.get("ramp").dead()));
        assertEquals(List.of(1L, 0L, 0L), List.of(depth.get("workramp").queued(), depth.get("workramp").claimed(),
                depth.get("workramp").dead()));
        assertEquals(List.of("run-1"), runs.recent(10).stream().map(WorkRuns.RunRow::runId).toList());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, new OpsQueries(null, queue, runs, null).deadLetters(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                null, null, null));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("2 dead letter(s)"), out);
        assertTrue(out.contains("ramp: 2\n        2  HTTP 503: Service Unavailable\n"), out);
    }

    private static NewWorkItem item(String run, String vendor, String id) {
        return new NewWorkItem(run, vendor, id, id.toLowerCase() + "@example.com", 2, "JOIN", "CREATE", null, "{}");
    }
}
