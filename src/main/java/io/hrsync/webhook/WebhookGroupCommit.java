package io.hrsync.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.hrsync.state.JdbcTransactions;

/**
 * Writes the accepted webhook events to the state store in groups: the events that arrive while one
 * commit is under way are written together by the next, in one transaction, and each answer waits
 * for the commit that holds its event. The acknowledgement stays durable (nothing is answered before
 * its commit) and costs one commit per group instead of one per event.
 *
 * <p>Hand-written, measured: with a commit per event the acknowledgement's p99 at 500 signed events a
 * second was 68-1,162 ms on PostgreSQL and 5 s on H2 (each commit an fsync or a write-out of the file
 * store on a 2-core VM; docs/performance.md, "Webhook acknowledgement latency"). Neither a Camel EIP
 * nor the connection pool batches writes whose callers wait for their own row's commit: the aggregator
 * completes groups but cannot hand each waiting HTTP request its own row's result.
 *
 * <p>One writer thread; a repeated event id is found in the same transaction (a lookup of the group's
 * ids, then the inserts of the new ones), so each event gets "stored" or "already stored". Another
 * process inserting the same id between the two (two replicas behind one Service) fails the group on
 * the primary key: the group is then written again one event per transaction, where that key refusal
 * reads as "already stored".
 */
final class WebhookGroupCommit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookGroupCommit.class);

    /** One accepted event waiting for its commit. */
    record NewEvent(String id, String type, String objectId, String body) {
    }

    private record Pending(NewEvent event, Instant receivedAt, CompletableFuture<Boolean> stored) {
    }

    /** What a group's commit is followed by before its answers go out (the store's own durability step). */
    interface Afterwards {
        /** Called after each group's commit (H2's write-out of its file store); throws if that failed. */
        void written(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Afterwards afterwards;
    private final int maxGroup;
    private final Duration maxWait;
    private final BlockingQueue<Pending> waiting;
    private final Thread writer;
    private volatile boolean closed;

    WebhookGroupCommit(DataSource dataSource, Afterwards afterwards, int maxGroup, int capacity, Duration maxWait) {
        this.dataSource = dataSource;
        this.afterwards = afterwards;
        this.maxGroup = maxGroup;
        this.maxWait = maxWait;
        this.waiting = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::writeGroups, "hrsync-webhook-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Stores the event with the next group and waits for its commit: true when stored, false when an
     * event with that id was stored already. Throws {@link WebhookEvents.WebhookStoreException} when
     * the store refused the group or did not commit within the wait (the caller answers 5xx and the
     * vendor retries; a group committed after all makes that retry a duplicate, never a loss).
     */
    boolean store(NewEvent event) {
        Pending pending = new Pending(event, Instant.now(), new CompletableFuture<>());
        try {
            if (closed || !waiting.offer(pending, maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WebhookEvents.WebhookStoreException("webhook events: " + (closed ? "shutting down"
                        : waiting.size() + " events wait for the state store already"), null);
            }
            return pending.stored().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookEvents.WebhookStoreException("webhook events: interrupted while waiting for the store", null);
        } catch (TimeoutException e) {
            throw new WebhookEvents.WebhookStoreException("webhook events: the state store did not commit within " + maxWait, null);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new WebhookEvents.WebhookStoreException("webhook events: " + e.getCause(), null);
        }
    }

    private void writeGroups() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, maxGroup - 1);
                write(group);
            } catch (InterruptedException e) {
                closed = true;
            } catch (RuntimeException e) {
                LOG.errorf("webhook events: a group of %d could not be stored: %s", group.size(), e.getMessage());
                group.forEach(p -> p.stored().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        List<Boolean> stored;
        try {
            stored = JdbcTransactions.inTransaction(dataSource, c -> insertNew(c, group), WebhookEvents.WebhookStoreException::new);
        } catch (WebhookEvents.WebhookStoreException e) {
            if (!e.duplicateKey()) {
                throw e;
            }
            stored = new ArrayList<>(group.size()); // another process stored one of these ids meanwhile
            for (Pending p : group) {
                stored.add(insertAlone(p));
            }
        }
        try (Connection c = dataSource.getConnection()) {
            afterwards.written(c);
        } catch (SQLException e) {
            throw new WebhookEvents.WebhookStoreException(e);
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).stored().complete(stored.get(i));
        }
    }

    /** The group's new events inserted in one batch; per event whether it was new. */
    private static List<Boolean> insertNew(Connection c, List<Pending> group) throws SQLException {
        Set<String> known = storedIds(c, group);
        List<Boolean> stored = new ArrayList<>(group.size());
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Pending p : group) {
                boolean isNew = known.add(p.event().id()); // a repeat inside the group is a duplicate too
                stored.add(isNew);
                if (isNew) {
                    bind(insert, p);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        return stored;
    }

    private boolean insertAlone(Pending p) {
        try {
            return JdbcTransactions.inTransaction(dataSource, c -> {
                try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                    bind(insert, p);
                    insert.executeUpdate();
                    return true;
                }
            }, WebhookEvents.WebhookStoreException::new);
        } catch (WebhookEvents.WebhookStoreException e) {
            if (e.duplicateKey()) {
                return false;
            }
            throw e;
        }
    }

    private static Set<String> storedIds(Connection c, List<Pending> group) throws SQLException {
        Set<String> known = new HashSet<>();
        StringBuilder sql = new StringBuilder("SELECT event_id FROM webhook_event WHERE event_id IN (");
        for (int i = 0; i < group.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
            for (int i = 0; i < group.size(); i++) {
                ps.setString(i + 1, group.get(i).event().id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
        }
        return known;
    }

    private static final String INSERT = "INSERT INTO webhook_event (event_id, event_type, object_id, body, status, "
            + "received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static void bind(PreparedStatement insert, Pending p) throws SQLException {
        Timestamp at = Timestamp.from(p.receivedAt());
        NewEvent e = p.event();
        JdbcTransactions.bind(insert, 1, e.id(), e.type(), e.objectId(), e.body(), WebhookEvents.RECEIVED, at, at);
    }

    /** Writes what waits, then stops the writer (at shutdown: an event already queued is still stored). */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(maxWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
