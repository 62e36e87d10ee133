package io.hrsync.run;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.quarkus.runtime.Quarkus;

/**
 * Run-once mode: once the inbox has been processed, the process exits with 0 (all applied),
 * 1 (some actions failed) or 2 (a file rejected or a run aborted). In service mode it does nothing.
 */
@ApplicationScoped
@Named("runOnce")
public class RunOnce {

    private static final Logger LOG = Logger.getLogger(RunOnce.class);

    private final boolean enabled;
    private final RunLedger ledger;
    private final AtomicInteger exitCode = new AtomicInteger();
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RunOnce(HrsyncConfig config, RunLedger ledger) {
        this.enabled = config.runOnce();
        this.ledger = ledger;
    }

    public int exitCode() {
        return exitCode.get();
    }

    /** The poll found no file. */
    public void inboxEmpty(Exchange exchange) {
        if (enabled) {
            LOG.info(seen.isEmpty() ? "run-once: inbox is empty, nothing to do" : "run-once: inbox processed");
            exitAfter(exchange);
        }
    }

    /**
     * A file arrives. In run-once mode a file seen before in this process means it could not be
     * moved out of the inbox: stop rather than process it again and again.
     */
    public void beforeFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (enabled && !seen.add(name)) {
            LOG.errorf("run-once: %s is still in the inbox after its run (it could not be moved): stopping", name);
            exitCode.accumulateAndGet(RunStatus.ABORTED.exitCode(), Math::max);
            exchange.setRouteStop(true);
            exitAfter(exchange);
        }
    }

    /**
     * A file's run is over. The consumer polls again at once (greedy) and, once the inbox is
     * empty, {@link #inboxEmpty} ends the process: by then every file has been moved.
     */
    public void fileDone(Exchange exchange) {
        Run run = ledger.lastFinished();
        if (run != null) {
            exitCode.accumulateAndGet(run.status().exitCode(), Math::max);
        }
    }

    /** The poll or a file failed unexpectedly. */
    public void failed(Exchange exchange) {
        exitCode.accumulateAndGet(RunStatus.ABORTED.exitCode(), Math::max);
        if (enabled) {
            Throwable error = Failures.of(exchange);
            LOG.errorf("run-once: aborted: %s", error == null ? "unknown error" : error.getMessage());
            exitAfter(exchange);
        }
    }

    /** Exits once the exchange is complete, so the input file has been moved first. */
    private void exitAfter(Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                LOG.infof("run-once: exiting with code %d", exitCode.get());
                Quarkus.asyncExit(exitCode.get());
            }
        });
    }
}
