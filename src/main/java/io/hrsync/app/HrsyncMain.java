package io.hrsync.app;

import java.io.PrintStream;
import java.util.function.BiConsumer;
import java.util.function.ToIntBiFunction;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.apache.camel.quarkus.core.CamelRuntime;

import io.hrsync.cli.HrsyncCommand;
import io.hrsync.cli.OpsQueries;
import io.hrsync.run.RunOnce;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Exit codes: 0 all applied, 1 some actions failed, 2 a file rejected or a run
 * aborted, 3 the configuration (properties or route files) is wrong and nothing started, 4 the
 * result files could not be written; 64 a usage error of the command line.
 * Being a custom main, it starts Camel itself (as Camel Quarkus' default main would) so that a
 * configuration error found while Camel starts becomes exit code 3. With arguments, the command
 * line ({@link HrsyncCommand}) is parsed first; without, it starts exactly as configured.
 */
@QuarkusMain
public class HrsyncMain implements QuarkusApplication {

    public static final int CONFIGURATION_ERROR = 3;
    private static final Logger LOG = Logger.getLogger(HrsyncMain.class);

    /** A read-only command's query ({@code plans}, {@code dead-letters}, {@code status}): run instead of Camel. */
    public static volatile ToIntBiFunction<OpsQueries, PrintStream> query;

    @Inject
    RunOnce runOnce;

    @Inject
    CamelRuntime camel;

    @Inject
    Instance<OpsQueries> queries;

    /** Whether {@link #boot()} has run: the application's exit code then went to Quarkus' exit handler. */
    private static volatile boolean booted;

    public static void main(String... args) {
        if (args.length == 0) {
            boot();
        } else {
            int code = HrsyncCommand.execute(args);
            if (!booted) {
                // validate, --help, a usage error: nothing was started, the command's code is the exit code
                System.exit(code);
            }
        }
    }

    /**
     * Starts the application as configured (the command line has set its system properties); when it
     * ends, hands its exit code (3 when it did not start) to Quarkus' default exit handler. Packaged,
     * that handler exits the JVM with the code; in dev mode ({@code quarkus:dev}) it keeps the JVM for
     * the next live reload, which stops this application and starts a new one.
     */
    public static int boot() {
        booted = true;
        BiConsumer<Integer, Throwable> exit = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        Quarkus.run(HrsyncMain.class, (code, failure) -> {
            if (failure != null) {
                LOG.errorf("hrsync did not start: %s", rootMessage(failure));
                exit.accept(CONFIGURATION_ERROR, null);
            } else {
                exit.accept(code, null);
            }
        });
        return 0;
    }

    @Override
    public int run(String... args) {
        ToIntBiFunction<OpsQueries, PrintStream> readOnly = query;
        if (readOnly != null) {
            try {
                return readOnly.applyAsInt(queries.get(), System.out);
            } catch (RuntimeException e) {
                LOG.errorf("hrsync: the state store could not be read: %s", rootMessage(e));
                return CONFIGURATION_ERROR;
            }
        }
        try {
            camel.start(args);
        } catch (RuntimeException e) {
            LOG.errorf("hrsync did not start: %s", rootMessage(e));
            return CONFIGURATION_ERROR;
        }
        camel.waitForExit();
        return runOnce.exitCode();
    }

    private static String rootMessage(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && (text.length() == 0 || !text.toString().contains(t.getMessage()))) {
                text.append(text.length() == 0 ? "" : " <- ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}
