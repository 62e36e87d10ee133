package io.hrsync.app;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.OnCamelContextStopping;
import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;

/**
 * Whether this process is stopping (SIGTERM, the end of a run-once): set when Camel begins its
 * graceful shutdown, before any route stops (Camel calls every {@link OnCamelContextStopping} in its
 * registry). From then on the drains claim nothing new, and a run waiting for its items hands them
 * over to the next process ({@code io.hrsync.queue.RunHandOver}).
 */
@ApplicationScoped
@Unremovable
public class ProcessStopping implements OnCamelContextStopping {

    private static final Logger LOG = Logger.getLogger(ProcessStopping.class);

    private volatile boolean stopping;

    public boolean stopping() {
        return stopping;
    }

    @Override
    public void onContextStopping(CamelContext context) {
        if (!stopping) {
            stopping = true;
            LOG.infof("hrsync is stopping: no new work is claimed; vendor calls in flight may finish within %d s",
                    context.getShutdownStrategy().getTimeout());
        }
    }
}
