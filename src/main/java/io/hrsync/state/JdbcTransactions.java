package io.hrsync.state;

import java.sql.Connection;
import java.sql.SQLException;
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
}
