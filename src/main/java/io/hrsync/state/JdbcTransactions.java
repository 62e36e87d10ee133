package io.hrsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.function.Function;

import javax.sql.DataSource;

/** One unit of work on one connection, committed or rolled back as a whole (the state store and the work queue). */
public final class JdbcTransactions {

    /** Work done on the transaction's connection. */
    @FunctionalInterface
    public interface Work<R> {
        R apply(Connection c) throws SQLException;
    }

    private JdbcTransactions() {
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws; a
     * database error comes out as what {@code wrap} makes of it.
     */
    public static <R> R inTransaction(DataSource dataSource, Work<R> work, Function<SQLException, RuntimeException> wrap) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                R result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw wrap.apply(e);
        }
    }

    /** One statement in its own transaction (see {@link #bind}); the number of rows it changed. */
    public static int update(DataSource dataSource, Function<SQLException, RuntimeException> wrap, String sql, Object... values) {
        return inTransaction(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, 1, values);
                return ps.executeUpdate();
            }
        }, wrap);
    }

    /** Binds values to the statement's parameters from {@code from} on, null as SQL NULL; the next parameter's index. */
    public static int bind(PreparedStatement ps, int from, Object... values) throws SQLException {
        int i = from;
        for (Object v : values) {
            if (v == null) {
                ps.setNull(i++, Types.NULL);
            } else {
                ps.setObject(i++, v);
            }
        }
        return i;
    }
}
