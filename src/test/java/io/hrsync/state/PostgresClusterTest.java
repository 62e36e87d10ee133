package io.hrsync.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * {@link PostgresCluster} against the machine's real PostgreSQL: start, password auth, a write and
 * a read, stop. Fails when PostgreSQL is not installed, so a CI machine without it is noticed;
 * {@code -Dtest.postgresql=skip} skips it instead.
 */
class PostgresClusterTest {

    static void requirePostgres() {
        assumeFalse("skip".equals(System.getProperty("test.postgresql")),
                "PostgreSQL tests skipped (-Dtest.postgresql=skip)");
        if (!PostgresCluster.available()) {
            fail("PostgreSQL server binaries not found: apt-get install -y postgresql"
                    + " (or -Dtest.postgresql=skip to skip the PostgreSQL tests)");
        }
    }

    @Test
    void startsWithPasswordAuthStoresRowsAndStops() throws Exception {
        requirePostgres();
        PostgresCluster cluster = PostgresCluster.start(Path.of("target"));
        Path dir = cluster.directory();
        try (cluster) {
            assertEquals("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/hrsync", cluster.jdbcUrl());
            try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(), cluster.username(), cluster.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE processed_file (name text PRIMARY KEY, rows integer NOT NULL)");
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO processed_file VALUES (?, ?)")) {
                    insert.setString(1, "hris-export-é.csv");
                    insert.setInt(2, 15);
                    assertEquals(1, insert.executeUpdate());
                }
                try (ResultSet rows = statement.executeQuery("SELECT name, rows, current_database() FROM processed_file")) {
                    assertTrue(rows.next());
                    assertEquals("hris-export-é.csv", rows.getString(1));
                    assertEquals(15, rows.getInt(2));
                    assertEquals("hrsync", rows.getString(3));
                    assertFalse(rows.next());
                }
            }
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(cluster.jdbcUrl(), cluster.username(), "wrong-password").close());
            assertEquals("28P01", refused.getSQLState(), refused.getMessage()); // invalid_password
        }
        assertFalse(Files.exists(dir), dir + " still exists after close()");
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", cluster.port()), 1000);
            }
        }, "port " + cluster.port() + " still accepts connections after close()");
    }
}
