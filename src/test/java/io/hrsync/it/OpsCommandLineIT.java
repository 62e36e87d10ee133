package io.hrsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar's command line: --help, validate (the repository's files, then a broken copy,
 * which startup refuses with the same message), a usage error, and the read-only commands on an
 * empty state store, which start no route.
 */
class OpsCommandLineIT {

    static final Path DIR = Path.of("target/it/ops-cli");

    private static HrsyncProcess run(String name, Map<String, String> properties, String... args) {
        return HrsyncProcess.start(DIR.resolve(name), properties, List.of(), List.of(args));
    }

    @Test
    void helpValidateAndUsageError() throws Exception {
        HrsyncProcess.fresh(DIR);
        HrsyncProcess help = run("help", Map.of(), "--help");
        assertEquals(0, help.waitForExit(60), help.log());
        for (String command : List.of("validate", "run", "serve", "plan", "approve", "plans", "replay", "dead-letters", "status")) {
            assertTrue(help.log().contains("  " + command + " "), command + " missing from:\n" + help.log());
        }
        assertTrue(help.log().contains("64   usage error"), help.log());

        HrsyncProcess validate = run("validate", Map.of(), "validate");
        assertEquals(0, validate.waitForExit(60), validate.log());
        long routeFiles;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("routes"))) {
            routeFiles = files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).count();
        }
        assertTrue(validate.log().startsWith("OK: " + routeFiles + " route file(s), config/provisioning-rules.yaml"), validate.log());

        HrsyncProcess usage = run("usage", Map.of(), "replay", "--vendr", "ramp");
        assertEquals(64, usage.waitForExit(60), usage.log());
        assertTrue(usage.log().contains("Unknown options: '--vendr'") && usage.log().contains("--vendor"), usage.log());
    }

    @Test
    void brokenRouteIsReportedByValidateAndRefusedAtStartup() throws Exception {
        Path routes = HrsyncProcess.fresh(DIR.resolve("broken-routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Path broken = routes.resolve("vendor-drain.camel.yaml");
        Files.writeString(broken, Files.readString(broken).replace("{{hrsync.delivery.drain-poll-ms}}", "{{hrsync.delivery.drain-pol-ms}}"));
        Map<String, String> pattern = Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        String expected = broken + ":" + (lineOf(Files.readString(broken), "{{hrsync.delivery.drain-pol-ms}}"))
                + ": placeholder {{hrsync.delivery.drain-pol-ms}}: property hrsync.delivery.drain-pol-ms is not defined";

        HrsyncProcess validate = run("validate-broken", pattern, "validate");
        assertEquals(3, validate.waitForExit(60), validate.log());
        assertTrue(validate.log().contains(expected), expected + "\n" + validate.log());

        // the prod profile with nothing configured: startup lists every problem, the route's among them
        java.util.HashMap<String, String> prod = new java.util.HashMap<>(pattern);
        prod.put("hrsync.state.dir", DIR.resolve("start-state").toAbsolutePath().toString());
        HrsyncProcess start = run("start-broken", prod, "run");
        assertEquals(3, start.waitForExit(120), start.log());
        assertTrue(start.log().contains("  - " + expected), expected + "\n" + start.log());
        assertFalse(start.log().contains("hrsync ready"), start.log());
    }

    @Test
    void readOnlyCommandsOnAnEmptyStateStore() throws Exception {
        Map<String, String> state = Map.of("hrsync.state.dir", DIR.resolve("state").toAbsolutePath().toString(),
                "hrsync.results.dir", DIR.resolve("results").toAbsolutePath().toString());
        HrsyncProcess.fresh(DIR.resolve("state"));
        HrsyncProcess plans = run("plans", state, "plans");
        assertEquals(0, plans.waitForExit(120), plans.log());
        assertTrue(plans.log().contains("No plan waits for approval."), plans.log());

        // as in a service pod (kubectl exec): its environment says service mode with webhooks, and the
        // pod's own process holds the webhook and management ports; a one-shot command binds neither
        HrsyncProcess status;
        try (java.net.ServerSocket webhooks = new java.net.ServerSocket(0); java.net.ServerSocket management = new java.net.ServerSocket(0)) {
            Map<String, String> heldPorts = new java.util.HashMap<>(state);
            heldPorts.put("quarkus.management.port", String.valueOf(management.getLocalPort()));
            status = HrsyncProcess.start(DIR.resolve("status"), heldPorts, List.of(), List.of("status"), Map.of(
                    "HRSYNC_RUN_ONCE", "false", "HRSYNC_WEBHOOKS_RAMP_ENABLED", "true",
                    "QUARKUS_HTTP_PORT", String.valueOf(webhooks.getLocalPort())));
            assertEquals(0, status.waitForExit(120), status.log());
        }
        assertTrue(status.log().contains("State store: h2\nNo run yet.\nWork queue: empty."), status.log());
        for (HrsyncProcess p : List.of(plans, status)) {
            // no route started, no configuration check of SFTP or vendors (those are what Camel's start runs)
            assertFalse(p.log().contains("Apache Camel"), p.log());
            assertFalse(p.log().contains("hrsync ready"), p.log());
        }
    }

    private static int lineOf(String text, String what) {
        return (int) text.substring(0, text.indexOf(what)).chars().filter(c -> c == '\n').count() + 1;
    }
}
