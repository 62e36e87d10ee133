package io.hrsync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.hrsync.LoopbackPorts;

import com.sun.security.auth.module.UnixSystem;

/**
 * A throwaway PostgreSQL server for tests, started from the machine's own PostgreSQL binaries
 * (Debian's {@code postgresql} package; no container runtime needed).
 *
 * <p>{@link #start(Path)} runs {@code initdb} into a fresh directory (database user
 * {@value #USER} with a random password, scram-sha-256 auth, UTF-8), starts the server on a free
 * port of 127.0.0.1 with durability off ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes}: nothing here has to survive a crash) and creates the database
 * {@value #DATABASE}. Connect with {@link #jdbcUrl()}, {@link #username()} and {@link #password()},
 * exactly as production does. {@link #close()} stops the server ({@code pg_ctl -m immediate}) and
 * deletes the directory; a JVM shutdown hook does the same if a test run is interrupted (a
 * {@code kill -9} of the JVM still leaves the server running).
 *
 * <p>Binaries: the highest {@code /usr/lib/postgresql/<version>/bin}, else {@code pg_config --bindir}.
 * {@code initdb} and {@code postgres} refuse to run as root, so when the JVM runs as root (CI) every
 * server command runs as the {@code postgres} OS user ({@code runuser}, or {@code setpriv}) and the
 * cluster directory is owned by it (mode 0700); otherwise they run as the current user.
 *
 * <p>Where: a {@code pg-<random>} directory under the given base directory when the server user
 * can write there and its path is short and plain (the Unix socket lives in it: socket paths are
 * limited to ~107 bytes, and the path goes through {@code pg_ctl}'s shell command line);
 * otherwise {@code /tmp/hrsync-pg-<random>}. The fallback exists because a project checked out
 * under a directory the {@code postgres} user cannot traverse (a 0700 home directory, {@code /root},
 * a {@code /work} that is not world-searchable) cannot hold a data directory that user must own.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String USER = "hrsync";
    public static final String DATABASE = "hrsync";
    private static final String SERVER_OS_USER = "postgres";

    private final Path binDir;
    private final Path dir;
    private final int port;
    private final String password;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "postgres-cluster-stop");
    private boolean closed;

    private PostgresCluster(Path binDir, Path dir, int port, String password) {
        this.binDir = binDir;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Whether PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}) exist here. */
    public static boolean available() {
        return findBinDir() != null;
    }

    /** Creates, starts and returns a fresh cluster with database {@value #DATABASE}; see the class comment. */
    public static PostgresCluster start(Path baseDir) {
        Path binDir = findBinDir();
        if (binDir == null) {
            throw new IllegalStateException("PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin"
                    + " and pg_config --bindir); install them: apt-get install -y postgresql");
        }
        Path dir = createClusterDir(baseDir.toAbsolutePath());
        String password = randomPassword();
        PostgresCluster cluster = null;
        try {
            initdb(binDir, dir, password);
            for (int attempt = 1; cluster == null; attempt++) {
                int port = freePort();
                Result started = run(serverCommand(binDir, "pg_ctl", "-w", "-t", "60", "-D", dir + "/data",
                        "-l", dir + "/server.log", "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                        "start"));
                if (started.ok()) {
                    cluster = new PostgresCluster(binDir, dir, port, password);
                } else if (attempt == 3 || !logTail(dir).contains("Address already in use")) {
                    throw new IllegalStateException("pg_ctl start failed (exit " + started.exit() + "): "
                            + started.output() + "\n--- server log (tail) ---\n" + logTail(dir));
                }
            }
            Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
            cluster.createDatabase();
            return cluster;
        } catch (RuntimeException e) {
            try {
                if (cluster != null) {
                    cluster.close();
                } else {
                    stopAndDelete(binDir, dir);
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The cluster's directory (data directory, server log, Unix socket); gone after {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** Stops the server (immediate mode: no checkpoint) and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shutdownInProgress) {
                // the hook is running or about to: it will find the cluster closed
            }
        }
        stopAndDelete(binDir, dir);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("PostgresCluster: " + e.getMessage());
        }
    }

    private void createDatabase() {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, USER, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + " on " + url + ": " + e.getMessage()
                    + "\n--- server log (tail) ---\n" + logTail(dir), e);
        }
    }

    private static void initdb(Path binDir, Path dir, String password) {
        Path pwfile = dir.resolve("pwfile");
        write(pwfile, password + "\n");
        Result result = null;
        // C.UTF-8: code-point collation like C, but upper()/lower() and the like know non-ASCII letters
        for (String locale : List.of("C.UTF-8", "C")) {
            result = run(serverCommand(binDir, "initdb", "-D", dir + "/data", "-U", USER, "--pwfile=" + pwfile,
                    "-A", "scram-sha-256", "-E", "UTF8", "--locale=" + locale, "--no-sync"));
            if (result.ok() || !result.output().toLowerCase(Locale.ROOT).contains("locale")) {
                break;
            }
        }
        delete(pwfile);
        if (!result.ok()) {
            throw new IllegalStateException("initdb failed (exit " + result.exit() + "): " + result.output());
        }
    }

    /** Stops the server if its pid file is there, then deletes the directory; a failed stop keeps it for inspection. */
    private static void stopAndDelete(Path binDir, Path dir) {
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            Result stopped = run(serverCommand(binDir, "pg_ctl", "-D", dir + "/data", "-m", "immediate", "-w", "stop"));
            if (!stopped.ok() && Files.exists(dir.resolve("data/postmaster.pid"))) {
                throw new IllegalStateException("pg_ctl stop failed (exit " + stopped.exit() + "), " + dir + " kept: "
                        + stopped.output());
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(PostgresCluster::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh 0700 directory owned by the server user, under baseDir when usable there, else under /tmp. */
    private static Path createClusterDir(Path baseDir) {
        try {
            Files.createDirectories(baseDir);
            Path dir = Files.createTempDirectory(baseDir, "pg-"); // mode 0700
            giveToServerUser(dir);
            if (dir.toString().length() <= 80 && dir.toString().matches("[\\w/.-]+") && serverUserCanWrite(dir)) {
                return dir;
            }
            Files.delete(dir);
            dir = Files.createTempDirectory(Path.of("/tmp"), "hrsync-pg-");
            giveToServerUser(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a cluster directory under " + baseDir + ": " + e, e);
        }
    }

    private static void giveToServerUser(Path path) throws IOException {
        if (isRoot()) {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(SERVER_OS_USER));
        }
    }

    private static boolean serverUserCanWrite(Path dir) {
        return !isRoot() || run(serverCommand(null, "test", "-w", dir.toString(), "-a", "-x", dir.toString())).ok();
    }

    /** binDir/program args..., prefixed to run as the postgres OS user when we are root. */
    private static List<String> serverCommand(Path binDir, String program, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser").map(Path::of)
                    .filter(Files::isExecutable).findFirst().orElse(null);
            command.addAll(runuser != null ? List.of(runuser.toString(), "-u", SERVER_OS_USER, "--")
                    : List.of("setpriv", "--reuid=" + SERVER_OS_USER, "--regid=" + SERVER_OS_USER, "--init-groups", "--"));
        }
        command.add(binDir == null ? program : binDir.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The highest /usr/lib/postgresql/<version>/bin holding the server binaries, else pg_config --bindir; or null. */
    private static Path findBinDir() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path debian = versions.map(p -> p.getFileName().toString()).filter(v -> v.matches("\\d+(\\.\\d+)*"))
                    .sorted(Comparator.comparing(Runtime.Version::parse).reversed())
                    .map(v -> Path.of("/usr/lib/postgresql", v, "bin")).filter(PostgresCluster::hasServerBinaries)
                    .findFirst().orElse(null);
            if (debian != null) {
                return debian;
            }
        } catch (IOException noDebianLayout) {
            // try pg_config
        }
        try {
            Result pgConfig = run(List.of("pg_config", "--bindir"));
            Path bin = pgConfig.ok() ? Path.of(pgConfig.output().trim()) : null;
            return bin != null && hasServerBinaries(bin) ? bin : null;
        } catch (UncheckedIOException noPgConfig) {
            return null;
        }
    }

    private static boolean hasServerBinaries(Path bin) {
        return Stream.of("initdb", "pg_ctl", "postgres").allMatch(program -> Files.isExecutable(bin.resolve(program)));
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static int freePort() {
        return LoopbackPorts.free();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String logTail(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    private record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** Runs a command to completion (pg_ctl -l sends the server's own output to the log, not to this pipe). */
    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
            giveToServerUser(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
