package io.hrsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.hrsync.delivery.VendorCircuits;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.PostgresCluster;
import io.hrsync.state.StateStore;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the sandbox (real SFTP server, vendor simulators over loopback HTTP) on free ports for the
 * whole test suite, and points hrsync at it.
 */
public class SandboxTestResource implements QuarkusTestResourceLifecycleManager {

    public static final Path DATA = Path.of("target/test-data");
    /** {@code -Dtest.database=postgresql}: the state store is a throwaway PostgreSQL server, not H2. */
    public static final String DATABASE = System.getProperty("test.database", "h2");
    private static Sandbox sandbox;
    /** A second SCIM app (vendor scim-two), beside the sandbox's: enabled where a test profile says so (ScimPutProfile). */
    private static io.hrsync.sandbox.ScimSimulator secondScim;
    private static PostgresCluster postgres;

    public static Sandbox sandbox() {
        return sandbox;
    }

    public static io.hrsync.sandbox.ScimSimulator secondScim() {
        return secondScim;
    }

    /**
     * Empty vendors and an empty state store: a test that resets the simulators must also make hrsync
     * forget what it applied there, or change detection rightly sees nothing to do.
     */
    public static void resetVendorsAndState() {
        sandbox.resetVendors();
        secondScim.reset();
        io.hrsync.state.StateStoreReset.forgetEverything(Arc.container().instance(StateStore.class).get());
        Arc.container().instance(VendorCircuits.class).get().closeAll();
    }

    @Override
    public Map<String, String> start() {
        deleteTree(DATA);
        sandbox = Sandbox.start(DATA.resolve("sandbox"), Sandbox.Ports.ANY);
        Map<String, String> properties = new HashMap<>(sandbox.properties());
        properties.putAll(sandbox.scimProperties()); // enabled only where a test profile says so (ScimProfile)
        secondScim = new io.hrsync.sandbox.ScimSimulator("scim-two", "second-scim-token").start(0);
        properties.put("hrsync.vendors.scim-two.type", "scim");
        properties.put("hrsync.vendors.scim-two.base-url", secondScim.baseUrl() + io.hrsync.sandbox.ScimSimulator.BASE_PATH);
        properties.put("hrsync.vendors.scim-two.bearer-token", "second-scim-token");
        if (DATABASE.equals("postgresql")) {
            postgres = PostgresCluster.start(Path.of("target"));
            properties.put("quarkus.datasource.h2.active", "false");
            properties.put("quarkus.datasource.postgresql.active", "true");
            properties.put("quarkus.datasource.postgresql.jdbc.url", postgres.jdbcUrl());
            properties.put("quarkus.datasource.postgresql.username", postgres.username());
            properties.put("quarkus.datasource.postgresql.password", postgres.password());
        } else if (!DATABASE.equals("h2")) {
            throw new IllegalArgumentException("test.database must be h2 or postgresql, not " + DATABASE);
        }
        return properties;
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (secondScim != null) {
            secondScim.close();
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
