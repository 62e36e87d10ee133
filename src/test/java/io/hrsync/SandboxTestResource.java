package io.hrsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.StateStore;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the sandbox (real SFTP server, vendor simulators over loopback HTTP) on free ports for the
 * whole test suite, and points hrsync at it.
 */
public class SandboxTestResource implements QuarkusTestResourceLifecycleManager {

    public static final Path DATA = Path.of("target/test-data");
    private static Sandbox sandbox;

    public static Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Empty vendors and an empty state store: a test that resets the simulators must also make hrsync
     * forget what it applied there, or change detection rightly sees nothing to do.
     */
    public static void resetVendorsAndState() {
        sandbox.resetVendors();
        Arc.container().instance(StateStore.class).get().forgetEverything();
    }

    @Override
    public Map<String, String> start() {
        deleteTree(DATA);
        sandbox = Sandbox.start(DATA.resolve("sandbox"), Sandbox.Ports.ANY);
        return sandbox.properties();
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
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
