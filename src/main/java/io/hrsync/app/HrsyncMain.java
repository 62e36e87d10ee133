package io.hrsync.app;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.apache.camel.quarkus.core.CamelRuntime;

import io.hrsync.run.RunOnce;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Exit codes: 0 all applied, 1 some actions failed, 2 a file rejected or a run
 * aborted, 3 the configuration (properties or route files) is wrong and nothing started.
 * Being a custom main, it starts Camel itself (as Camel Quarkus' default main would) so that a
 * configuration error found while Camel starts becomes exit code 3.
 */
@QuarkusMain
public class HrsyncMain implements QuarkusApplication {

    public static final int CONFIGURATION_ERROR = 3;
    private static final Logger LOG = Logger.getLogger(HrsyncMain.class);

    @Inject
    RunOnce runOnce;

    @Inject
    CamelRuntime camel;

    public static void main(String... args) {
        Quarkus.run(HrsyncMain.class, (code, failure) -> {
            if (failure != null) {
                LOG.errorf("hrsync did not start: %s", rootMessage(failure));
                System.exit(CONFIGURATION_ERROR);
            }
            System.exit(code);
        }, args);
    }

    @Override
    public int run(String... args) {
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
