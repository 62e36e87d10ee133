package io.hrsync.webhook;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

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

    private final StateStore state;

    public WebhookEvents(StateStore state) {
        this.state = state;
    }

    /** One stored event. */
    public record Event(String id, String type, String objectId, String body, String status, Instant receivedAt) {
    }

    /**
     * Stores a new event (status {@value #RECEIVED}); false when an event with that id is already
     * stored (a retry of the vendor): nothing is written then.
     */
    public boolean accept(String id, String type, String objectId, String body) {
        Timestamp now = Timestamp.from(Instant.now());
        try {
            // no lookup first: the primary key refuses a repeated id (one statement on the answer's path)
            return JdbcTransactions.inTransaction(state.dataSource(), c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO webhook_event (event_id, event_type, "
                        + "object_id, body, status, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    JdbcTransactions.bind(insert, 1, id, type, objectId, body, RECEIVED, now, now);
                    insert.executeUpdate();
                    return true;
                }
            }, WebhookEvents::failure) && written();
        } catch (WebhookStoreException e) {
            if (e.duplicateKey()) {
                return false; // an event with this id is stored already (a retry of the vendor)
            }
            throw e;
        }
    }

    /**
     * The embedded H2 writes a commit to its file up to half a second later (its write delay): a
     * process killed in between loses it. An acknowledged event must not be lost, so on H2 the store
     * is written out before the answer (CHECKPOINT); PostgreSQL has the commit on disk already.
     */
    private boolean written() {
        try (var c = state.dataSource().getConnection()) {
            if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
                try (var checkpoint = c.createStatement()) {
                    checkpoint.execute("CHECKPOINT");
                }
            }
            return true;
        } catch (SQLException e) {
            throw failure(e);
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

        boolean duplicateKey() {
            return sqlState != null && sqlState.startsWith("23");
        }
    }
}
