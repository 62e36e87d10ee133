package io.hrsync.queue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.hrsync.state.JdbcTransactions;

/**
 * The runs whose items are in the work queue (table {@code work_run}), with the process delivering
 * each and its heartbeat: a run whose process is gone is interrupted, and the next run takes it over
 * ({@link Resumption}).
 */
public final class WorkRuns {

    private final DataSource dataSource;
    private final Clock clock;
    private final String worker;
    private final Duration heartbeatTimeout;
    private final boolean fileRunsOnTheLeaderOnly;

    /**
     * @param worker this process's id (see {@link Workers})
     * @param heartbeatTimeout how long a run's process may stay silent before the run counts as interrupted
     */
    public WorkRuns(DataSource dataSource, Clock clock, String worker, Duration heartbeatTimeout) {
        this(dataSource, clock, worker, heartbeatTimeout, false);
    }

    /**
     * @param fileRunsOnTheLeaderOnly leader election is on ({@code hrsync.cluster.enabled}, service mode):
     *        only the leader runs an export, so when this process runs one, another process's unfinished
     *        export run belongs to a leader that is gone (its Lease lost), whatever its heartbeat says, and
     *        is resumed now rather than after the heartbeat timeout. Runs without an input (a webhook's
     *        relay, which any replica runs) still go by heartbeat and host.
     */
    public WorkRuns(DataSource dataSource, Clock clock, String worker, Duration heartbeatTimeout, boolean fileRunsOnTheLeaderOnly) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.worker = worker;
        this.heartbeatTimeout = heartbeatTimeout;
        this.fileRunsOnTheLeaderOnly = fileRunsOnTheLeaderOnly;
    }

    /** A run starts delivering: recorded with this process as its worker, its heartbeat beating from now. */
    public void start(String runId, String inputSha256) {
        Timestamp now = now();
        execute("INSERT INTO work_run (run_id, input_sha256, worker, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)",
                runId, inputSha256, worker, now, now);
    }

    /** The process delivering the run is alive (beaten while it waits for the run's items). */
    public void heartbeat(String runId) {
        execute("UPDATE work_run SET heartbeat_at = ? WHERE run_id = ? AND worker = ?", now(), runId, worker);
    }

    /**
     * The process stops before its runs are delivered: their heartbeats are marked as long gone, so
     * the next run (on any host) resumes them at once. How many runs.
     */
    public int handOver() {
        return execute("UPDATE work_run SET heartbeat_at = ? WHERE worker = ? AND finished_at IS NULL AND resumed_by IS NULL",
                Timestamp.from(java.time.Instant.EPOCH), worker);
    }

    /** The run is over: nothing resumes it. */
    public void end(String runId) {
        execute("UPDATE work_run SET finished_at = ? WHERE run_id = ? AND finished_at IS NULL", now(), runId);
    }

    /**
     * Runs that were interrupted, oldest first: not finished, with items not finished, and their
     * process gone: silent for longer than the heartbeat timeout, or seen dead on this host.
     */
    public List<String> interrupted() {
        Instant stale = clock.instant().minus(heartbeatTimeout);
        return transaction(c -> {
            List<String> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.run_id, r.worker, r.heartbeat_at, MIN(w.id), r.input_sha256 "
                    + "FROM work_run r JOIN work_item w ON w.run_id = r.run_id WHERE w.status IN ('QUEUED', 'CLAIMED') "
                    + "AND r.finished_at IS NULL AND r.resumed_by IS NULL "
                    + "GROUP BY r.run_id, r.worker, r.heartbeat_at, r.input_sha256 ORDER BY MIN(w.id)");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean silent = rs.getTimestamp(3).toInstant().isBefore(stale);
                    boolean ofAFormerLeader = fileRunsOnTheLeaderOnly && rs.getString(5) != null && !worker.equals(rs.getString(2));
                    if (silent || ofAFormerLeader || Workers.goneFromThisHost(rs.getString(2), worker)) {
                        runs.add(rs.getString(1));
                    }
                }
            }
            return runs;
        });
    }

    /**
     * This process takes an interrupted run over for {@code resumingRun}: false when another process
     * already did (only one resumes it).
     */
    public boolean takeOver(String interruptedRun, String resumingRun) {
        return execute("UPDATE work_run SET resumed_by = ? WHERE run_id = ? AND resumed_by IS NULL AND finished_at IS NULL",
                resumingRun, interruptedRun) == 1;
    }

    /** The interrupted run, taken over, is finished. */
    public void closeInterrupted(String runId) {
        execute("UPDATE work_run SET finished_at = ? WHERE run_id = ?", now(), runId);
    }

    /** A run of the work queue as {@code work_run} keeps it. */
    public record RunRow(String runId, String worker, Instant startedAt, Instant heartbeatAt, Instant finishedAt, String resumedBy) {
    }

    /** The most recent runs, newest first (for {@code hrsync status}). */
    public List<RunRow> recent(int limit) {
        return transaction(c -> {
            List<RunRow> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, worker, started_at, heartbeat_at, finished_at, resumed_by "
                    + "FROM work_run ORDER BY started_at DESC")) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp finished = rs.getTimestamp(5);
                        runs.add(new RunRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant(), finished == null ? null : finished.toInstant(), rs.getString(6)));
                    }
                }
            }
            return runs;
        });
    }

    private int execute(String sql, Object... values) {
        return JdbcTransactions.update(dataSource, WorkRuns::failure, sql, values);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private <R> R transaction(JdbcTransactions.Work<R> work) {
        return JdbcTransactions.inTransaction(dataSource, work, WorkRuns::failure);
    }

    private static RuntimeException failure(java.sql.SQLException e) {
        return new WorkQueueException("work runs: " + e.getMessage(), e);
    }
}
