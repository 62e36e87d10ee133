package io.hrsync.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.hrsync.config.SecretRedactor;
import io.hrsync.plan.PlannedChange;
import io.hrsync.state.JdbcTransactions;

/**
 * The durable per-vendor work queue in the state store (table {@code work_item}, H2 or PostgreSQL).
 *
 * <p>Claiming is {@code SELECT … FOR UPDATE SKIP LOCKED} in one short transaction that marks the
 * rows CLAIMED with this worker's id and a lease: two processes on one database never claim the same
 * item, and neither waits for the other's locks. An item is ready when it is QUEUED and due, or
 * CLAIMED with an expired lease (its process died: the item is tried again, and {@code attempts}
 * says an answer may have been lost), and its manager's item in the same run and vendor is not still
 * outstanding. Finishing, rescheduling and dead-lettering check that this worker still holds the
 * claim, so a worker whose lease ran out cannot overwrite the outcome of the one that took over.
 */
public final class WorkQueue {

    private static final String COLUMNS = "id, run_id, vendor, employee_id, email, row_no, change_kind, vendor_action, "
            + "depends_on_email, payload, status, attempts, next_attempt_at, claimed_by, lease_until, outcome, "
            + "vendor_user_id, http_status, message, pending_task, plan_note, previous_email, snapshot_hash, managed";

    private final DataSource dataSource;
    private final Clock clock;
    private final String worker;
    private final Duration lease;

    /**
     * @param worker this process's id (recorded on its claims, see {@link Workers})
     * @param lease how long a claim holds before another process may take the item over
     */
    public WorkQueue(DataSource dataSource, Clock clock, String worker, Duration lease) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.worker = worker;
        this.lease = lease;
    }

    public String worker() {
        return worker;
    }

    /** Adds items, due now, in one transaction (the caller streams a plan in batches). */
    public void enqueue(Collection<NewWorkItem> items) {
        Timestamp now = now();
        transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_item (run_id, vendor, employee_id, email, row_no, "
                    + "change_kind, vendor_action, depends_on_email, payload, status, outcome, message, attempts, next_attempt_at, "
                    + "created_at, updated_at, plan_note, previous_email, snapshot_hash, managed) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)")) {
                for (NewWorkItem i : items) {
                    String status = i.outcome() == null ? WorkStatus.QUEUED.name() : WorkStatus.DONE.name();
                    PlannedChange p = i.planned();
                    JdbcTransactions.bind(ps, 1, i.runId(), i.vendor(), i.employeeId(), i.email(), i.row(), i.change(), i.action(),
                            i.dependsOnEmail(), i.payload(), status, i.outcome(), i.message(), now, now, now,
                            p == null ? null : p.note(), p == null ? null : p.previousEmail(), p == null ? null : p.snapshotHash(),
                            p == null ? null : p.managed());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Claims up to {@code max} of one vendor's ready items, oldest due first. */
    public List<WorkItem> claim(String vendor, int max) {
        return claim(vendor, max, null);
    }

    /** The same, among the items of these runs only (null: any run). */
    public List<WorkItem> claim(String vendor, int max, Collection<String> runs) {
        if (max <= 0 || runs != null && runs.isEmpty()) {
            return List.of();
        }
        List<String> runIds = runs == null ? List.of() : List.copyOf(runs);
        Timestamp now = now();
        Timestamp until = Timestamp.from(now.toInstant().plus(lease));
        return transaction(c -> {
            List<Long> ids = new ArrayList<>();
            // max is an int from code: inlined, since FETCH FIRST ? is not portable between H2 and PostgreSQL
            try (PreparedStatement ps = c.prepareStatement("SELECT w.id FROM work_item w WHERE w.vendor = ? AND "
                    + "((w.status = 'QUEUED' AND w.next_attempt_at <= ?) OR (w.status = 'CLAIMED' AND w.lease_until < ?)) "
                    + "AND NOT EXISTS (SELECT 1 FROM work_item m WHERE m.run_id = w.run_id AND m.vendor = w.vendor "
                    + "AND m.email = w.depends_on_email AND m.status IN ('QUEUED', 'CLAIMED')) "
                    + (runIds.isEmpty() ? "" : "AND w.run_id IN (" + String.join(", ", java.util.Collections.nCopies(runIds.size(), "?")) + ") ")
                    + "ORDER BY w.next_attempt_at, w.id FETCH FIRST " + max + " ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, vendor);
                ps.setTimestamp(2, now);
                ps.setTimestamp(3, now);
                for (int i = 0; i < runIds.size(); i++) {
                    ps.setString(4 + i, runIds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<WorkItem> claimed = new ArrayList<>();
            try (PreparedStatement mark = c.prepareStatement("UPDATE work_item SET status = 'CLAIMED', claimed_by = ?, "
                    + "lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?");
                    PreparedStatement read = c.prepareStatement("SELECT " + COLUMNS + " FROM work_item WHERE id = ?")) {
                for (long id : ids) {
                    mark.setString(1, worker);
                    mark.setTimestamp(2, until);
                    mark.setTimestamp(3, now);
                    mark.setLong(4, id);
                    mark.executeUpdate();
                    read.setLong(1, id);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        claimed.add(item(rs));
                    }
                }
            }
            return claimed;
        });
    }

    /** Records a claimed item's outcome (and the action the vendor was asked for); false when this worker no longer holds it (its lease ran out and another took it). */
    public boolean finish(long id, String action, String outcome, String vendorUserId, Integer httpStatus, String message) {
        return updateClaimed(id, "status = 'DONE', vendor_action = ?, outcome = ?, vendor_user_id = ?, http_status = ?, "
                + "message = ?, pending_task = NULL, claimed_by = NULL, lease_until = NULL", action, outcome, vendorUserId,
                httpStatus, SecretRedactor.mask(message));
    }

    /** Puts a claimed item back for a later attempt (a transient failure): the drain moves on meanwhile. */
    public boolean retryAt(long id, Instant when, Integer httpStatus, String message) {
        return updateClaimed(id, "status = 'QUEUED', next_attempt_at = ?, http_status = ?, message = ?, claimed_by = NULL, "
                + "lease_until = NULL", Timestamp.from(when), httpStatus, SecretRedactor.mask(message));
    }

    /** The same, keeping the action the failed attempt had decided (its next attempt is told what may already be written). */
    public boolean retryAt(long id, Instant when, String action, Integer httpStatus, String message) {
        return updateClaimed(id, "status = 'QUEUED', next_attempt_at = ?, vendor_action = ?, http_status = ?, message = ?, "
                + "claimed_by = NULL, lease_until = NULL", Timestamp.from(when), action, httpStatus, SecretRedactor.mask(message));
    }

    /**
     * The item waits for a vendor task it started (Ramp's deferred invite): back in the queue, due at
     * the next poll, the task noted for that attempt; the wait is not counted as an attempt. The slot
     * it held is free meanwhile.
     */
    public boolean waitForTask(long id, Instant nextPoll, String pendingTask) {
        return updateClaimed(id, "status = 'QUEUED', next_attempt_at = ?, pending_task = ?, attempts = attempts - 1, "
                + "claimed_by = NULL, lease_until = NULL", Timestamp.from(nextPoll), pendingTask);
    }

    /** Gives a claimed item back untried (e.g. its vendor's circuit is open): its attempt is not counted. */
    public boolean release(long id, Instant when) {
        return updateClaimed(id, "status = 'QUEUED', next_attempt_at = ?, attempts = attempts - 1, claimed_by = NULL, "
                + "lease_until = NULL", Timestamp.from(when));
    }

    /**
     * The process stops: the items it claimed and had not begun go back to the queue untried (their
     * attempt not counted), ready at once for the next process; those in {@code inFlight} (a vendor
     * call may still be under way) keep their claim until their lease runs out. How many went back.
     */
    public int handBack(Set<Long> inFlight) {
        Timestamp now = now();
        return transaction(c -> {
            StringBuilder sql = new StringBuilder("UPDATE work_item SET status = 'QUEUED', next_attempt_at = ?, "
                    + "attempts = attempts - 1, claimed_by = NULL, lease_until = NULL, updated_at = ? "
                    + "WHERE status = 'CLAIMED' AND claimed_by = ?");
            if (!inFlight.isEmpty()) {
                sql.append(" AND id NOT IN (").append(String.join(", ", java.util.Collections.nCopies(inFlight.size(), "?")))
                        .append(')');
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = JdbcTransactions.bind(ps, 1, now, now, worker);
                for (Long id : inFlight) {
                    ps.setLong(i++, id);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** Retries exhausted: the item becomes a dead letter (outcome DEAD_LETTERED). */
    public boolean deadLetter(long id, String action, Integer httpStatus, String message) {
        return updateClaimed(id, "status = 'DEAD', vendor_action = ?, outcome = 'DEAD_LETTERED', http_status = ?, message = ?, "
                + "pending_task = NULL, claimed_by = NULL, lease_until = NULL", action, httpStatus, SecretRedactor.mask(message));
    }

    /**
     * The dead letters a replay selected (a vendor's, a person's, a run's; null: any), oldest first,
     * each with whether a later item of the same person and vendor superseded it (delivered, or
     * dead-lettered itself): replaying it would write older data over newer.
     */
    public List<DeadLetter> deadLetters(String vendor, String email, String fromRun) {
        String selected = "d.status = 'DEAD'" + (vendor == null ? "" : " AND d.vendor = ?") + (email == null ? "" : " AND d.email = ?")
                + (fromRun == null ? "" : " AND d.run_id = ?");
        Object[] criteria = java.util.stream.Stream.of(vendor, email, fromRun).filter(java.util.Objects::nonNull).toArray();
        String newer = "SELECT MIN(l.run_id) FROM work_item l WHERE l.vendor = d.vendor AND l.employee_id = d.employee_id "
                + "AND l.id > d.id AND (l.status = 'DEAD' OR (l.status = 'DONE' AND l.outcome IN ('APPLIED', 'UNCHANGED')))";
        return transaction(c -> {
            List<DeadLetter> letters = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS.replaceAll("(^|, )", "$1d.") + ", (" + newer
                    + ") FROM work_item d WHERE " + selected + " ORDER BY d.id")) {
                JdbcTransactions.bind(ps, 1, criteria);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        letters.add(new DeadLetter(item(rs), rs.getString(25)));
                    }
                }
            }
            return letters;
        });
    }

    /** A dead letter, and the run of a later item of the same person and vendor that superseded it (null: none). */
    public record DeadLetter(WorkItem item, String supersededByRun) {
    }

    /**
     * Dead letters a later item of the same person and vendor superseded: finished where they are (a
     * run holds one item per person and vendor, and the replay may hold that person's newer letter),
     * with why they were not replayed. How many were still DEAD.
     */
    public int finishSuperseded(Collection<Replay> superseded) {
        Timestamp now = now();
        return updateEach("UPDATE work_item SET status = 'DONE', message = ?, updated_at = ? WHERE id = ? AND status = 'DEAD'",
                superseded, r -> new Object[] {r.as().message(), now, r.letterId()});
    }

    /** One statement per replay, in one transaction: how many rows it changed in all. */
    private int updateEach(String sql, Collection<Replay> replays, java.util.function.Function<Replay, Object[]> values) {
        return transaction(c -> {
            int changed = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Replay r : replays) {
                    JdbcTransactions.bind(ps, 1, values.apply(r));
                    changed += ps.executeUpdate();
                }
            }
            return changed;
        });
    }

    /** A dead letter moved into a replay run as the item its re-planning made of it. */
    public record Replay(long letterId, NewWorkItem as) {
    }

    /**
     * Moves each dead letter into its replay run as the item it was re-planned into: queued for its
     * vendor's drain, or finished (not replayed, with why). A letter that is no longer DEAD (another
     * replay took it meanwhile) is left alone. How many letters moved.
     */
    public int replay(Collection<Replay> replays) {
        Timestamp now = now();
        return updateEach("UPDATE work_item SET run_id = ?, email = ?, row_no = ?, "
                + "change_kind = ?, vendor_action = ?, payload = ?, status = ?, outcome = ?, message = ?, attempts = 0, "
                + "depends_on_email = NULL, next_attempt_at = ?, claimed_by = NULL, lease_until = NULL, pending_task = NULL, "
                + "vendor_user_id = NULL, http_status = NULL, plan_note = ?, previous_email = ?, snapshot_hash = ?, "
                + "managed = ?, updated_at = ? WHERE id = ? AND status = 'DEAD'", replays, r -> {
                    NewWorkItem i = r.as();
                    PlannedChange p = i.planned();
                    String status = i.outcome() == null ? WorkStatus.QUEUED.name() : WorkStatus.DONE.name();
                    return new Object[] {i.runId(), i.email(), i.row(), i.change(), i.action(), i.payload(), status, i.outcome(),
                        i.message(), now, p == null ? null : p.note(), p == null ? null : p.previousEmail(),
                        p == null ? null : p.snapshotHash(), p == null ? null : p.managed(), now, r.letterId()};
                });
    }

    /**
     * A dead letter from before the work queue (a JSON file of the old dead-letter directory) becomes
     * a DEAD item of its run; false when that run already has an item for the person and vendor.
     */
    public boolean importDead(NewWorkItem letter, String message) {
        Timestamp now = now();
        return transaction(c -> {
            try (PreparedStatement exists = c.prepareStatement(
                    "SELECT 1 FROM work_item WHERE run_id = ? AND vendor = ? AND employee_id = ?")) {
                JdbcTransactions.bind(exists, 1, letter.runId(), letter.vendor(), letter.employeeId());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_item (run_id, vendor, employee_id, email, row_no, "
                    + "change_kind, vendor_action, payload, status, attempts, next_attempt_at, outcome, message, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'DEAD', 0, ?, 'DEAD_LETTERED', ?, ?, ?)")) {
                JdbcTransactions.bind(ps, 1, letter.runId(), letter.vendor(), letter.employeeId(), letter.email(), letter.row(),
                        letter.change(), letter.action(), letter.payload(), now, SecretRedactor.mask(message), now, now);
                ps.executeUpdate();
                return true;
            }
        });
    }

    /**
     * How many accounts of a vendor runs whose id carries {@code runMarker} (the relays of vendor
     * events) deactivated since then: the rolling count the burst guard holds against the thresholds.
     */
    public long deactivationsSince(String runMarker, String vendor, Instant since) {
        return transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM work_item WHERE vendor = ? AND run_id LIKE ? "
                    + "AND vendor_action = 'DEACTIVATE' AND outcome = 'APPLIED' AND updated_at >= ?")) {
                JdbcTransactions.bind(ps, 1, vendor, "%" + runMarker + "%", Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** How many of a run's items of one vendor stand where. */
    public Map<WorkStatus, Long> counts(String runId, String vendor) {
        Map<WorkStatus, Long> counts = new EnumMap<>(WorkStatus.class);
        for (WorkStatus s : WorkStatus.values()) {
            counts.put(s, 0L);
        }
        transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status, COUNT(*) FROM work_item WHERE run_id = ? AND vendor = ? GROUP BY status")) {
                ps.setString(1, runId);
                ps.setString(2, vendor);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(WorkStatus.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return null;
        });
        return counts;
    }

    /**
     * Per vendor: items queued and items held by a drain (together: waiting), when the oldest waiting
     * one was enqueued, and dead letters not replayed.
     */
    public record Backlog(long queued, long claimed, Optional<Instant> oldestWaiting, long dead) {
        public long waiting() {
            return queued + claimed;
        }
    }

    /**
     * Every vendor's backlog across all runs, in one grouped query: the queue's depth for the metrics
     * (the caller caches it), the status command and the run report page.
     */
    public Map<String, Backlog> backlog() {
        return transaction(c -> {
            Map<String, Backlog> byVendor = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT vendor, status, COUNT(*), MIN(created_at) FROM work_item "
                    + "WHERE status IN ('QUEUED', 'CLAIMED', 'DEAD') GROUP BY vendor, status");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String vendor = rs.getString(1);
                    String status = rs.getString(2);
                    long n = rs.getLong(3);
                    boolean dead = "DEAD".equals(status);
                    Optional<Instant> oldest = dead ? Optional.empty() : Optional.ofNullable(rs.getTimestamp(4)).map(Timestamp::toInstant);
                    Backlog was = byVendor.getOrDefault(vendor, new Backlog(0, 0, Optional.empty(), 0));
                    Optional<Instant> first = was.oldestWaiting().isEmpty() ? oldest
                            : oldest.isEmpty() || was.oldestWaiting().get().isBefore(oldest.get()) ? was.oldestWaiting() : oldest;
                    byVendor.put(vendor, new Backlog(was.queued() + ("QUEUED".equals(status) ? n : 0),
                            was.claimed() + ("CLAIMED".equals(status) ? n : 0), first, was.dead() + (dead ? n : 0)));
                }
            }
            return byVendor;
        });
    }

    /** How many of a run's items (every vendor) are not finished yet. */
    public long outstanding(String runId) {
        return transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM work_item WHERE run_id = ? AND status IN ('QUEUED', 'CLAIMED')")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * A run that stopped (an unexpected error) gives up its unfinished items: they end DONE with outcome
     * CANCELLED, so nothing delivers them later; the run's file is planned afresh next time.
     */
    public int cancel(String runId, String why) {
        return execute("UPDATE work_item SET status = 'DONE', outcome = 'CANCELLED', message = ?, claimed_by = NULL, "
                + "lease_until = NULL, updated_at = ? WHERE run_id = ? AND status = 'QUEUED'", SecretRedactor.mask(why), now(), runId);
    }

    /** Runs with items not yet finished, oldest first (interrupted ones are found by {@link WorkRuns#interrupted}). */
    public List<String> unfinishedRuns() {
        return transaction(c -> {
            List<String> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, MIN(id) FROM work_item "
                    + "WHERE status IN ('QUEUED', 'CLAIMED') GROUP BY run_id ORDER BY MIN(id)");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(rs.getString(1));
                }
            }
            return runs;
        });
    }

    /**
     * Moves items of an interrupted run into the run resuming it, in one transaction: a finished item
     * (DONE or DEAD) keeps its outcome; an unfinished one is queued again, due now, keeping its attempts
     * and action (so a create whose answer was lost is looked up before it is retried).
     */
    public void adopt(String fromRun, String toRun, Collection<Adoption> adoptions) {
        if (adoptions.isEmpty()) {
            return;
        }
        Timestamp now = now();
        transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE work_item SET run_id = ?, row_no = ?, "
                    + "next_attempt_at = CASE WHEN status IN ('QUEUED', 'CLAIMED') THEN ? ELSE next_attempt_at END, "
                    + "status = CASE WHEN status IN ('QUEUED', 'CLAIMED') THEN 'QUEUED' ELSE status END, "
                    + "message = CASE WHEN status IN ('DONE', 'DEAD') THEN ? ELSE message END, "
                    + "claimed_by = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND run_id = ?")) {
                for (Adoption a : adoptions) {
                    JdbcTransactions.bind(ps, 1, toRun, a.row(), now, a.finishedMessage(), now, a.itemId(), fromRun);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** An item of an interrupted run moving into the run that resumes it (at the row it has in the new file). */
    public record Adoption(long itemId, long row, String finishedMessage) {
    }

    /**
     * What the resuming run did not adopt of an interrupted run (people whose data changed, or no
     * longer in the file) ends CANCELLED: the new plan decides for them.
     */
    public int cancelInterrupted(String runId, String resumingRun) {
        return execute("UPDATE work_item SET status = 'DONE', outcome = 'CANCELLED', message = ?, claimed_by = NULL, "
                + "lease_until = NULL, updated_at = ? WHERE run_id = ? AND status IN ('QUEUED', 'CLAIMED')",
                "run " + runId + " was interrupted; run " + resumingRun + " planned this person afresh", now(), runId);
    }

    /** When the vendor's next queued item is due (the drain waits until then instead of polling hot). */
    public Optional<Instant> nextDue(String vendor) {
        return transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MIN(CASE WHEN status = 'QUEUED' THEN next_attempt_at ELSE lease_until END) FROM work_item "
                            + "WHERE vendor = ? AND status IN ('QUEUED', 'CLAIMED')")) {
                ps.setString(1, vendor);
                try (ResultSet rs = ps.executeQuery()) {
                    Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                    return Optional.ofNullable(t).map(Timestamp::toInstant);
                }
            }
        });
    }

    /**
     * Every item of a run, in row then vendor order, one at a time (for the result files, and a
     * resume): the rows of the file first, then the people no longer in it (row 0). Two queries that
     * each follow the index {@code work_item_in_row_order}, so the database walks the run's items in
     * order instead of sorting them (a sort of a 100,000-row run's 400,000 items took a minute in H2).
     */
    public void forEachItem(String runId, java.util.function.Consumer<WorkItem> each) {
        transaction(c -> {
            boolean h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
            if (h2) {
                // embedded H2 copies a whole result before its first row unless told to stream it
                // (PostgreSQL streams with the fetch size in a transaction)
                try (java.sql.Statement lazy = c.createStatement()) {
                    lazy.execute("SET LAZY_QUERY_EXECUTION TRUE");
                }
            }
            try {
                forEachItem(c, runId, each);
            } finally {
                if (h2) {
                    try (java.sql.Statement eager = c.createStatement()) {
                        eager.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
            }
            return null;
        });
    }

    private void forEachItem(Connection c, String runId, java.util.function.Consumer<WorkItem> each) throws SQLException {
        for (String rows : List.of("row_no > 0", "row_no = 0")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM work_item WHERE run_id = ? AND "
                    + rows + " ORDER BY run_id, row_no, employee_id, vendor")) {
                ps.setFetchSize(500);
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(item(rs));
                    }
                }
            }
        }
    }

    /** Whether the item is claimed by that worker and has no outcome yet. */
    public boolean heldBy(long id, String worker) {
        return item(id).map(i -> i.status() == WorkStatus.CLAIMED && worker.equals(i.claimedBy())).orElse(false);
    }

    /** One item by id (for tests, and for the result files rendered from items). */
    public Optional<WorkItem> item(long id) {
        return transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM work_item WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(item(rs)) : Optional.<WorkItem>empty();
                }
            }
        });
    }

    private int execute(String sql, Object... values) {
        return JdbcTransactions.update(dataSource, WorkQueue::failure, sql, values);
    }

    private boolean updateClaimed(long id, String set, Object... values) {
        Timestamp now = now();
        return transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE work_item SET " + set + ", updated_at = ? "
                    + "WHERE id = ? AND status = 'CLAIMED' AND claimed_by = ?")) {
                int i = JdbcTransactions.bind(ps, 1, values);
                ps.setTimestamp(i++, now);
                ps.setLong(i++, id);
                ps.setString(i, worker);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static WorkItem item(ResultSet rs) throws SQLException {
        int http = rs.getInt(18);
        Integer httpStatus = rs.wasNull() ? null : http;
        return new WorkItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), WorkStatus.valueOf(rs.getString(11)),
                rs.getInt(12), instant(rs.getTimestamp(13)), rs.getString(14), instant(rs.getTimestamp(15)), rs.getString(16),
                rs.getString(17), httpStatus, rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22),
                rs.getString(23), managed(rs));
    }

    private static Boolean managed(ResultSet rs) throws SQLException {
        boolean managed = rs.getBoolean(24);
        return rs.wasNull() ? null : managed;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private <R> R transaction(JdbcTransactions.Work<R> work) {
        return JdbcTransactions.inTransaction(dataSource, work, WorkQueue::failure);
    }

    private static RuntimeException failure(SQLException e) {
        return new WorkQueueException("work queue: " + e.getMessage(), e);
    }
}
