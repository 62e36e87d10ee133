package io.hrsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The backlog the queue gauges read: waiting items, the oldest one's enqueue time, dead letters, per vendor. */
class WorkQueueBacklogTest {

    @Test
    void waitingOldestAndDeadPerVendor() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:work-queue-backlog-test;DB_CLOSE_DELAY=-1");
        WorkQueueTest.migrated(h2);
        Instant first = Instant.parse("2026-12-04T01:00:00Z");
        WorkQueue early = new WorkQueue(h2, Clock.fixed(first, ZoneOffset.UTC), "w1", Duration.ofMinutes(5));
        WorkQueue later = new WorkQueue(h2, Clock.fixed(first.plusSeconds(90), ZoneOffset.UTC), "w1", Duration.ofMinutes(5));

        early.enqueue(List.of(WorkQueueTest.item("r1", "workramp", "E1", null), WorkQueueTest.item("r1", "ramp", "E1", null)));
        later.enqueue(List.of(WorkQueueTest.item("r1", "workramp", "E2", null), WorkQueueTest.item("r1", "workramp", "E3", null)));
        // ramp's only item is dead-lettered; of WorkRamp's, E3 is finished, E1 claimed, E2 queued
        WorkItem rampItem = later.claim("ramp", 1).get(0);
        later.deadLetter(rampItem.id(), "CREATE", 503, "retries used up");
        List<WorkItem> claimed = later.claim("workramp", 3);
        later.finish(claimed.stream().filter(i -> i.employeeId().equals("E3")).findFirst().orElseThrow().id(), "CREATE",
                "APPLIED", "u1", 201, "");
        later.release(claimed.stream().filter(i -> i.employeeId().equals("E2")).findFirst().orElseThrow().id(), first);

        Map<String, WorkQueue.Backlog> backlog = later.backlog();
        assertEquals(new WorkQueue.Backlog(1, 1, Optional.of(first), 0), backlog.get("workramp")); // one queued + one claimed
        assertEquals(new WorkQueue.Backlog(0, 0, Optional.empty(), 1), backlog.get("ramp"));
        assertEquals(null, backlog.get("skilljar"));
    }
}
