package io.hrsync.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Empties the state store between tests: every table but the migrations' history and the webhook
 * events. Test code only: production code has no way to forget what it applied.
 */
public final class StateStoreReset {

    static final List<String> TABLES = List.of("vendor_account", "person_state", "accepted_file", "run_plan", "work_item",
            "work_run", "vendor_drain", "CAMEL_MESSAGEPROCESSED");

    private StateStoreReset() {
    }

    /** Deletes every row of {@link #TABLES} in the store's database (H2 or PostgreSQL). */
    public static void forgetEverything(StateStore state) {
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the state store could not be emptied", e);
        }
    }
}
