package io.hrsync.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hrsync.hris.FieldLimits;

/** The shipped migrations hold every value the field limits let through; a narrower column is named. */
class StateSchemaTest {

    static Connection migrated(String name) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        try (Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("src/main/resources/db/migration/V1__state_store.sql")));
        }
        return c;
    }

    @Test
    void theMigratedSchemaFitsTheFieldLimits() throws Exception {
        try (Connection c = migrated("schema-ok")) {
            assertEquals(List.of(), StateSchema.problems(c));
        }
        assertTrue(FieldLimits.maxSnapshotLength() < 20000, "the snapshot column is VARCHAR(20000)");
    }

    @Test
    void aColumnNarrowerThanItsLimitIsNamed() throws Exception {
        try (Connection c = migrated("schema-narrow"); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE person_state ALTER COLUMN employee_id SET DATA TYPE VARCHAR(64)");
            assertEquals(List.of("state store: column person_state.employee_id holds 64 characters, but FieldLimits lets "
                    + "100 through: migrate the column or lower the limit"), StateSchema.problems(c));
        }
    }
}
