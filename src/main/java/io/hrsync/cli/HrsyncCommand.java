package io.hrsync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntBiFunction;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.hrsync.app.HrsyncMain;
import io.hrsync.validate.ConfigValidation;
import io.hrsync.validate.OfflineConfig;
import io.hrsync.validate.Problem;

/**
 * The ops command line. Parsed in {@code main} before Quarkus starts: the commands that are run modes
 * set today's properties ({@code hrsync.run-once}, {@code hrsync.mode}, {@code hrsync.plan.approve},
 * {@code hrsync.replay.*}) as system properties and boot the application, so one code path serves
 * both the commands and the {@code -D} forms; the read-only ones boot it without starting Camel;
 * {@code validate} starts nothing at all. picocli itself rather than quarkus-picocli: quarkus-picocli
 * parses the command line inside the started application, after the configuration is read, the
 * datasource is up and Flyway has run, which {@code validate} must not need.
 */
@Command(name = "hrsync", mixinStandardHelpOptions = true, versionProvider = HrsyncCommand.Version.class,
        description = "HR-driven user provisioning. Without a command: as configured (service, or run-once with hrsync.run-once=true).",
        subcommands = { HrsyncCommand.Validate.class, HrsyncCommand.Run.class, HrsyncCommand.Serve.class, HrsyncCommand.Plan.class,
                HrsyncCommand.Approve.class, HrsyncCommand.Plans.class, HrsyncCommand.Replay.class, HrsyncCommand.DeadLetters.class,
                HrsyncCommand.Status.class },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = { "0:all applied (or planned); a query or validate found nothing wrong",
                "1:some actions failed", "2:a file rejected, a run aborted (safety guard) or an approval refused",
                "3:configuration error: nothing started (validate: problems found)",
                "4:the run's result files could not be written", "64:usage error (unknown command or option)",
                "70:internal error of the command line" })
public class HrsyncCommand implements Callable<Integer> {

    public static final int USAGE = 64;
    public static final int SOFTWARE = 70;

    /** Runs the command line; returns the exit code (the run-mode commands do not return: the application exits). */
    public static int execute(String... args) {
        CommandLine line = new CommandLine(new HrsyncCommand());
        line.getCommandSpec().exitCodeOnInvalidInput(USAGE).exitCodeOnExecutionException(SOFTWARE);
        line.getSubcommands().values()
                .forEach(c -> c.getCommandSpec().exitCodeOnInvalidInput(USAGE).exitCodeOnExecutionException(SOFTWARE));
        return line.execute(args);
    }

    @Override
    public Integer call() {
        return HrsyncMain.boot();
    }

    static void set(String property, String value) {
        if (value != null) {
            System.setProperty(property, value);
        }
    }

    /** Starts the application for one run (run-once, listening nowhere); it exits when the run ends. */
    static int bootOnce() {
        set("hrsync.run-once", "true");
        listenNowhere();
        return HrsyncMain.boot();
    }

    /**
     * A command that runs once and exits listens on no port: no webhook receiver, no management
     * interface, whatever the environment says (a command run with {@code kubectl exec} in a service
     * pod inherits HRSYNC_RUN_ONCE=false and HRSYNC_WEBHOOKS_RAMP_ENABLED=true, and binding the ports the
     * pod's own process holds made it fail with exit 3). A -D the operator gives still wins.
     */
    static void listenNowhere() {
        for (String property : new String[] {"hrsync.webhooks.ramp.enabled", "quarkus.management.host-enabled"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "false");
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = { "Checks routes/*.camel.yaml and config/ without connecting anywhere (no SFTP, vendor or database,"
                    + " no credentials needed): YAML syntax, unknown EIPs and keys, endpoint options, undefined {{placeholders}},"
                    + " references to beans that do not exist, provisioning-rule errors. Each problem with file and line.",
                    "Exit 0 with a summary when all is well, 3 otherwise." })
    static class Validate implements Callable<Integer> {
        @Option(names = "--config", description = "the configuration file (default: ${DEFAULT-VALUE})", defaultValue = "config/application.properties")
        Path config;

        @Option(names = "--profile", description = "the Quarkus profile to read the configuration with (default: quarkus.profile, QUARKUS_PROFILE, else prod)")
        String profile;

        @Override
        public Integer call() {
            String active = profile != null ? profile : OfflineConfig.activeProfile();
            long start = System.nanoTime();
            ConfigValidation.Report report = ConfigValidation.offline(config, active);
            List<Problem> problems = report.problems();
            long ms = (System.nanoTime() - start) / 1_000_000;
            PrintStream out = System.out;
            if (problems.isEmpty()) {
                out.printf("OK: %s (profile %s) in %d ms%n", report.summary(), active, ms);
                return 0;
            }
            problems.forEach(p -> out.println(p));
            out.printf("%d problem(s) (profile %s)%n", problems.size(), active);
            return HrsyncMain.CONFIGURATION_ERROR;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "The nightly run, once: process what is in the inbox and exit (hrsync.run-once=true).")
    static class Run implements Callable<Integer> {
        @Override
        public Integer call() {
            return bootOnce();
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Service mode: poll the inbox every hrsync.hris.poll-interval-ms (hrsync.run-once=false).")
    static class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            set("hrsync.run-once", "false");
            return HrsyncMain.boot();
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "A dry run, once: every decision written to the result files as PLANNED, no vendor write (hrsync.mode=plan).")
    static class Plan implements Callable<Integer> {
        @Override
        public Integer call() {
            set("hrsync.mode", "plan");
            return bootOnce();
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Applies a plan a safety guard stopped or a plan-mode run made, if re-planning still yields that id (hrsync.plan.approve).")
    static class Approve implements Callable<Integer> {
        @Parameters(paramLabel = "<plan id>", description = "the plan id (16 hex digits: summary.json, hrsync plans)")
        String planId;

        @Override
        public Integer call() {
            set("hrsync.plan.approve", planId);
            return bootOnce();
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Replays the dead letters, re-planned and guarded, then exits (hrsync.replay.enabled=true).")
    static class Replay implements Callable<Integer> {
        @Option(names = "--vendor", description = "only this vendor's letters (hrsync.replay.vendor)")
        String vendor;

        @Option(names = "--email", description = "only this person's letters (hrsync.replay.email)")
        String email;

        @Option(names = "--run", description = "only the letters of this run (hrsync.replay.run)")
        String run;

        @Option(names = "--approve", paramLabel = "<replay id>", description = "lets a replay a guard refused go ahead (hrsync.replay.approve)")
        String approve;

        @Override
        public Integer call() {
            set("hrsync.replay.enabled", "true");
            set("hrsync.replay.vendor", vendor);
            set("hrsync.replay.email", email);
            set("hrsync.replay.run", run);
            set("hrsync.replay.approve", approve);
            return bootOnce();
        }
    }

    @Command(name = "plans", mixinStandardHelpOptions = true, description = "Lists the plans waiting for approval, with why (read-only).")
    static class Plans implements Callable<Integer> {
        @Override
        public Integer call() {
            return query((q, out) -> q.plans(out));
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true, description = "Lists the dead letters with counts and reasons per vendor (read-only).")
    static class DeadLetters implements Callable<Integer> {
        @Option(names = "--vendor", description = "only this vendor's letters")
        String vendor;

        @Option(names = "--email", description = "only this person's letters")
        String email;

        @Option(names = "--run", description = "only this run's letters")
        String run;

        @Override
        public Integer call() {
            String normalised = email == null ? null : io.hrsync.hris.Person.normaliseEmail(email);
            return query((q, out) -> q.deadLetters(out, vendor, normalised, run));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The last runs and the work queue's depth per vendor (read-only).")
    static class Status implements Callable<Integer> {
        @Option(names = "--last", description = "how many runs (default: ${DEFAULT-VALUE})", defaultValue = "10")
        int last;

        @Override
        public Integer call() {
            return query((q, out) -> q.status(out, last));
        }
    }

    /** Boots the application without starting Camel, runs a query of the state store, exits with its code. */
    static int query(ToIntBiFunction<OpsQueries, PrintStream> query) {
        // the query's answer is what the operator reads: the application's own INFO lines stay out of it
        if (System.getProperty("quarkus.log.level") == null && System.getenv("QUARKUS_LOG_LEVEL") == null) {
            System.setProperty("quarkus.log.level", "WARN");
        }
        set("quarkus.banner.enabled", "false");
        listenNowhere();
        HrsyncMain.query = query;
        return HrsyncMain.boot();
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HrsyncCommand.class.getPackage().getImplementationVersion();
            return new String[] { "hrsync " + (version == null ? "(development build)" : version) };
        }
    }
}
