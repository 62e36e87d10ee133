package io.hrsync.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hrsync.config.HrsyncConfig;
import io.smallrye.config.WithDefault;

/**
 * Leader election with a real Camel cluster service standing in for the Kubernetes Lease: Camel's
 * file-lock cluster service, the other replica being a separate JVM holding the same lock file. Only the leader runs the leader-only routes, every replica
 * runs the others, a route configured not to start stays stopped on the leader, and when the leader
 * dies the other takes over.
 */
class LeaderOnlyRoutesTest {

    private final Path root = Path.of("target/test-data/cluster-" + System.nanoTime());
    private final List<CamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
    }

    @Test
    void whileAnotherProcessLeadsNothingIsPolledNorDrainedAndWhenItDiesThisOneTakesOver() throws Exception {
        // the other replica: a separate JVM holding the cluster view's lock file (Camel's file-lock
        // cluster service locks <root>/<view>), as a leading hrsync process does
        Path lockFile = root.resolve("hrsync");
        Files.createDirectories(root);
        Process leader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lockFile.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(leader.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the other process holds the lock");

            Replica replica = replica("b");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replica.receives.get() > 5);
            Thread.sleep(1000); // well past the cluster service's lock attempts (every 100 ms)
            assertEquals(0, replica.polls.get(), "polled while another process leads");
            assertEquals(0, replica.drains.get(), "drained while another process leads");
            assertEquals(ServiceStatus.Stopped, replica.context.getRouteController().getRouteStatus("vendor-workramp-drain"));
            assertEquals(ServiceStatus.Started, replica.context.getRouteController().getRouteStatus("ramp-webhook-receive"));

            leader.destroyForcibly().waitFor(); // the leader's pod is gone: the OS releases its lock
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replica.polls.get() > 0 && replica.drains.get() > 0);
            Thread.sleep(300);
            assertEquals(0, replica.disabledDrains.get(), "a drain configured not to start was started by the leader");
            assertEquals(ServiceStatus.Stopped, replica.context.getRouteController().getRouteStatus("vendor-ramp-drain"));
        } finally {
            leader.destroyForcibly();
        }
    }

    @Test
    void theLeaderRunsTheLeaderRoutesAndAnotherProcessCannotLead() throws Exception {
        Replica replica = replica("a");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replica.polls.get() > 0 && replica.drains.get() > 0
                && replica.receives.get() > 0);
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), root.resolve("hrsync").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("not locked", out.readLine(), "a second process got the leader's lock");
        } finally {
            other.destroyForcibly();
        }
        assertEquals(0, replica.disabledDrains.get(), "a drain configured not to start was started by the leader");
    }

    /** A process that takes the lock file (exclusive, as the cluster service does) and holds it until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock = channel.tryLock();
            System.out.println(lock != null ? "locked" : "not locked");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    @Test
    void theShippedLeaderRoutesNameThePollTheDrainsAndTheRelayOnly() throws Exception {
        String shipped = HrsyncConfig.Cluster.class.getMethod("leaderRoutes").getAnnotation(WithDefault.class).value();
        LeaderOnlyRoutes routes = new LeaderOnlyRoutes(Arrays.asList(shipped.split(",")), "hrsync", c -> null);
        List<String> ids = routeIds();
        List<String> leaderOnly = ids.stream().filter(routes::isLeaderOnly).sorted().toList();
        assertEquals(List.of("hris-local-poll", "hris-sftp-poll", "ramp-webhook-relay", "vendor-ramp-drain",
                "vendor-skilljar-drain", "vendor-workiva-drain", "vendor-workramp-drain"), leaderOnly,
                "leader-only routes among the route files' ids " + ids);
        assertFalse(routes.isLeaderOnly("ramp-webhook-receive"));
        assertFalse(routes.isLeaderOnly("vendor-workramp-work"));
    }

    /** The route ids of routes/*.camel.yaml (routes and templated routes). */
    private static List<String> routeIds() throws IOException {
        Pattern id = Pattern.compile("^\\s+(?:- )?(?:id|routeId):\\s*(\\S+)\\s*$", Pattern.MULTILINE);
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Matcher m = id.matcher(Files.readString(file));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    private record Replica(CamelContext context, AtomicInteger polls, AtomicInteger drains,
            AtomicInteger disabledDrains, AtomicInteger receives) {
    }

    private Replica replica(String name) throws Exception {
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger drains = new AtomicInteger();
        AtomicInteger disabledDrains = new AtomicInteger();
        AtomicInteger receives = new AtomicInteger();
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("replica-" + name);
        context.addRoutePolicyFactory(new LeaderOnlyRoutes(
                List.of("hris-sftp-poll", "vendor-*-drain", "ramp-webhook-relay"), "hrsync", c -> {
                    FileLockClusterService service = new FileLockClusterService();
                    service.setId("replica-" + name);
                    service.setRoot(root.toString());
                    service.setAcquireLockDelay(10, TimeUnit.MILLISECONDS);
                    service.setAcquireLockInterval(100, TimeUnit.MILLISECONDS);
                    return service;
                }));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:poll?period=50").routeId("hris-sftp-poll").process(e -> polls.incrementAndGet());
                from("timer:drain?period=50").routeId("vendor-workramp-drain").process(e -> drains.incrementAndGet());
                from("timer:disabled?period=50").routeId("vendor-ramp-drain").autoStartup("{{disabled}}")
                        .process(e -> disabledDrains.incrementAndGet());
                from("timer:receive?period=50").routeId("ramp-webhook-receive").process(e -> receives.incrementAndGet());
            }
        });
        context.getPropertiesComponent().addInitialProperty("disabled", "false");
        context.start();
        contexts.add(context);
        return new Replica(context, polls, drains, disabledDrains, receives);
    }
}
