package io.hrsync.state;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hrsync.hris.FieldLimits;

/**
 * The state store's column sizes checked against {@link FieldLimits}: a value validation let through
 * must fit where it is stored, or the run that writes it fails after its vendor writes and every
 * night repeats it. Checked at startup on the live schema (H2 or PostgreSQL, after Flyway).
 */
public final class StateSchema {

    private StateSchema() {
    }

    /** table.column → the most characters it must hold. */
    static Map<String, Integer> required() {
        Map<String, Integer> need = new LinkedHashMap<>();
        need.put("person_state.employee_id", FieldLimits.maxLength("employee_id"));
        need.put("person_state.email", FieldLimits.maxLength("email"));
        need.put("person_state.snapshot", FieldLimits.maxSnapshotLength());
        need.put("vendor_account.employee_id", FieldLimits.maxLength("employee_id"));
        need.put("vendor_account.email", FieldLimits.maxLength("email"));
        need.put("vendor_account.name", FieldLimits.maxNameLength());
        need.put("accepted_file.header", FieldLimits.MAX_HEADER_LENGTH);
        return need;
    }

    /** Each column that is missing or smaller than the limits need, as a sentence. */
    public static List<String> problems(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Integer> need : required().entrySet()) {
            String[] tc = need.getKey().split("\\.");
            Integer size = columnSize(meta, tc[0], tc[1]);
            if (size == null) {
                problems.add("state store: column " + need.getKey() + " not found (is the schema migrated?)");
            } else if (size < need.getValue()) {
                problems.add("state store: column " + need.getKey() + " holds " + size + " characters, but FieldLimits lets "
                        + need.getValue() + " through: migrate the column or lower the limit");
            }
        }
        return problems;
    }

    private static Integer columnSize(DatabaseMetaData meta, String table, String column) throws SQLException {
        for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
            for (String c : List.of(column, column.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getColumns(null, null, t, c)) {
                    if (rs.next()) {
                        return rs.getInt("COLUMN_SIZE");
                    }
                }
            }
        }
        return null;
    }
}
