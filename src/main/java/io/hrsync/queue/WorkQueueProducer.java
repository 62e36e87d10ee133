package io.hrsync.queue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.state.StateStore;

/** The work queue on the state store's active datasource, claiming as this process. */
@ApplicationScoped
public class WorkQueueProducer {

    @Produces
    @Singleton
    WorkQueue workQueue(StateStore state, HrsyncConfig config) {
        return new WorkQueue(state.dataSource(), Clock.systemUTC(), workerId(),
                Duration.ofSeconds(config.delivery().leaseSeconds()));
    }

    /** host, process id and a random suffix: unique per process, readable in the claimed_by column. */
    static String workerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);
    }
}
