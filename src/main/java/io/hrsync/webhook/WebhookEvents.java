package io.hrsync.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.state.JdbcTransactions;
import io.hrsync.state.StateStore;

/**
 * The webhook events hrsync accepted, in the state store ({@code webhook_event}): an event is written
 * here before it is acknowledged, its id unique, so a retry of the same event by the vendor is
 * acknowledged and never processed twice, and a crash right after the acknowledgement loses nothing.
 */
@ApplicationScoped
public class WebhookEvents {

    public static final String RECEIVED = "RECEIVED";
    /** Held by the burst guard until an operator releases it. */
    public static final String HELD = "HELD";
    /** Released by an operator: relayed past the burst guard. */
    public static final String RELEASED = "RELEASED";

    /** Events written by one commit at most. */
    private static final int MAX_GROUP = 256;
    /** Events waiting for a commit at most; past it an event is answered 503 (Ramp retries). */
    private static final int MAX_WAITING = 10_000;
    /** How long an answer waits for its commit at most: well under Ramp's 10 s timeout. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final StateStore state;
    private WebhookGroupCommit groupCommit;

    public WebhookEvents(StateStore state) {
        this.state = state;
    }

    /** One stored event. */
    public record Event(String id, String type, String objectId, String body, String status, Instant receivedAt) {
    }

    /**
     * Stores a new event (status {@value #RECEIVED}) and returns once it is committed (written with the
     * events that arrive meanwhile: {@link WebhookGroupCommit}); false when an event with that id is
     * already stored (a retry of the vendor): nothing is written then.
     */
    public boolean accept(String id, String type, String objectId, String body) {
        return groupCommit().store(new WebhookGroupCommit.NewEvent(id, type, objectId, body));
    }

    private synchronized WebhookGroupCommit groupCommit() {
        if (groupCommit == null) {
            groupCommit = new WebhookGroupCommit(state.dataSource(), WebhookEvents::writtenOut, MAX_GROUP, MAX_WAITING,
                    MAX_WAIT);
        }
        return groupCommit;
    }

    @PreDestroy
    synchronized void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
    }

    /**
     * The embedded H2 writes a commit to its file up to half a second later (its write delay): a
     * process killed in between loses it. An acknowledged event must not be lost, so on H2 the store
     * is written out before the answers (CHECKPOINT); PostgreSQL has the commit on disk already.
     */
    private static void writtenOut(Connection c) throws SQLException {
        if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
            try (var checkpoint = c.createStatement()) {
                checkpoint.execute("CHECKPOINT");
            }
        }
    }

    /** One event by id. */
    public Optional<Event> event(String id) {
        return JdbcTransactions.inTransaction(state.dataSource(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, event_type, object_id, body, status, received_at "
                    + "FROM webhook_event WHERE event_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant())) : Optional.<Event>empty();
                }
            }
        }, WebhookEvents::failure);
    }

    /** Up to {@code max} events waiting for the relay, oldest first. */
    public java.util.List<Event> waiting(int max) {
        return JdbcTransactions.inTransaction(state.dataSource(), c -> {
            java.util.List<Event> waiting = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, event_type, object_id, body, status, received_at "
                    + "FROM webhook_event WHERE status IN (?, ?) ORDER BY received_at, event_id")) {
                ps.setMaxRows(max);
                ps.setString(1, RECEIVED);
                ps.setString(2, RELEASED);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        waiting.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getTimestamp(6).toInstant()));
                    }
                }
            }
            return waiting;
        }, WebhookEvents::failure);
    }

    /** What the relay made of an event: its status (RELAYED, IGNORED, FAILED) and why. */
    public void finish(String id, String status, String note) {
        JdbcTransactions.update(state.dataSource(), WebhookEvents::failure,
                "UPDATE webhook_event SET status = ?, note = ?, updated_at = ? WHERE event_id = ?", status,
                note == null ? null : note.length() > 4000 ? note.substring(0, 4000) : note, Timestamp.from(Instant.now()), id);
    }

    /** The held events become RELEASED (relayed past the burst guard); how many. */
    public int releaseHeld() {
        return JdbcTransactions.update(state.dataSource(), WebhookEvents::failure,
                "UPDATE webhook_event SET status = ?, updated_at = ? WHERE status = ?", RELEASED, Timestamp.from(Instant.now()), HELD);
    }

    /** How many events are stored (all statuses). */
    public long count() {
        return JdbcTransactions.inTransaction(state.dataSource(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_event");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }, WebhookEvents::failure);
    }

    private static RuntimeException failure(SQLException e) {
        return new WebhookStoreException(e);
    }

    /** The state store refused a webhook event's write or read. */
    static final class WebhookStoreException extends RuntimeException {
        private final String sqlState;

        WebhookStoreException(SQLException cause) {
            super("webhook events: " + cause.getMessage(), cause);
            this.sqlState = cause.getSQLState();
        }

        WebhookStoreException(String message, Throwable cause) {
            super(message, cause);
            this.sqlState = null;
        }

        boolean duplicateKey() {
            return sqlState != null && sqlState.startsWith("23");
        }
    }
}
