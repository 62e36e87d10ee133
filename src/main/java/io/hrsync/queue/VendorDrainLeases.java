package io.hrsync.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import io.hrsync.state.JdbcTransactions;

/**
 * One process drains a vendor at a time (table {@code vendor_drain}), so processes sharing a state
 * store never together exceed a vendor's limit: each process's rate gate counts only its own calls.
 * The holder renews its lease while it works and releases it once idle, leaving its gate's recent
 * calls to the vendor for the next holder to count as its own. A holder that died is taken over when
 * its lease runs out (or at once, when it is seen dead on this host), and then the vendor is called
 * only one rate window later: its last calls are unknown.
 *
 * <p>Why a lease row rather than a gate shared through the database: a shared gate would put a
 * database round trip and a row lock in front of every vendor call (Ramp: up to 18 a second); the
 * lease costs one short update per renewal, and a single process (the embedded default) always holds
 * every vendor's lease.
 */
public final class VendorDrainLeases {

    private static final int MAX_RECENT_CALLS = 30_000;

    private final DataSource dataSource;
    private final Clock clock;
    private final String worker;

    public VendorDrainLeases(DataSource dataSource, Clock clock, String worker) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.worker = worker;
    }

    /** This process drains the vendor: from when it may call it, and the calls another holder left to count. */
    public record Lease(Instant mayCallFrom, Optional<String> recentCallsOfPrevious) {
    }

    /**
     * Takes or renews this process's lease on draining the vendor, for {@code lease}. Empty when
     * another process holds it.
     */
    public Optional<Lease> hold(String vendor, Duration lease, Duration ratePeriod) {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(lease));
        try {
            return transaction(c -> {
                try (PreparedStatement read = c.prepareStatement(
                        "SELECT holder, last_holder, lease_until, quiet_until, recent_calls FROM vendor_drain WHERE vendor = ? FOR UPDATE")) {
                    read.setString(1, vendor);
                    try (ResultSet rs = read.executeQuery()) {
                        if (!rs.next()) {
                            insert(c, vendor, until, now);
                            return Optional.of(new Lease(now, Optional.empty()));
                        }
                        String holder = rs.getString(1);
                        String lastHolder = rs.getString(2);
                        Instant leaseUntil = instant(rs.getTimestamp(3));
                        Instant quietUntil = instant(rs.getTimestamp(4));
                        String recent = rs.getString(5);
                        Instant from;
                        Optional<String> handedOver = Optional.empty();
                        if (worker.equals(holder)) {
                            from = quietUntil == null ? now : quietUntil;
                        } else if (holder == null) {
                            // released: by this process (its gate saw its own calls), or by another, whose
                            // recent calls this process counts as its own
                            boolean mine = worker.equals(lastHolder);
                            from = !mine && quietUntil != null && quietUntil.isAfter(now) ? quietUntil : now;
                            handedOver = mine ? Optional.empty() : Optional.ofNullable(recent);
                        } else if (leaseUntil != null && leaseUntil.isBefore(now) || Workers.goneFromThisHost(holder, worker)) {
                            // its holder stopped renewing (died): it may have called until now
                            from = now.plus(ratePeriod);
                        } else {
                            return Optional.<Lease>empty();
                        }
                        try (PreparedStatement take = c.prepareStatement("UPDATE vendor_drain SET holder = ?, last_holder = ?, "
                                + "lease_until = ?, quiet_until = ? WHERE vendor = ?")) {
                            JdbcTransactions.bind(take, 1, worker, worker, until, Timestamp.from(from), vendor);
                            take.executeUpdate();
                        }
                        return Optional.of(new Lease(from, handedOver));
                    }
                }
            });
        } catch (WorkQueueException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return Optional.empty(); // another process inserted the row first: it holds the vendor
            }
            throw e;
        }
    }

    /**
     * This process is idle for the vendor (or stopping): another may take it, counting the calls this
     * process made in the vendor's window ({@code recentCalls}, the gate's encoding).
     */
    public void release(String vendor, String recentCalls, Duration ratePeriod) {
        // too many calls to hand over in the column: the next holder waits one window instead
        boolean fits = recentCalls == null || recentCalls.length() <= MAX_RECENT_CALLS;
        JdbcTransactions.update(dataSource, VendorDrainLeases::failure, "UPDATE vendor_drain SET holder = NULL, "
                + "lease_until = NULL, quiet_until = ?, recent_calls = ? WHERE vendor = ? AND holder = ?",
                fits ? null : Timestamp.from(clock.instant().plus(ratePeriod)), fits ? recentCalls : null, vendor, worker);
    }

    private void insert(Connection c, String vendor, Timestamp until, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO vendor_drain (vendor, holder, last_holder, lease_until, quiet_until) VALUES (?, ?, ?, ?, ?)")) {
            JdbcTransactions.bind(ps, 1, vendor, worker, worker, until, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private <R> R transaction(JdbcTransactions.Work<R> work) {
        return JdbcTransactions.inTransaction(dataSource, work, VendorDrainLeases::failure);
    }

    private static RuntimeException failure(SQLException e) {
        return new WorkQueueException("vendor drain lease: " + e.getMessage(), e);
    }
}
