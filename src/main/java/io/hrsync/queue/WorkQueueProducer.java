package io.hrsync.queue;

import java.time.Clock;
import java.time.Duration;

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
        return new WorkQueue(state.dataSource(), Clock.systemUTC(), Workers.newId(),
                Duration.ofSeconds(config.delivery().leaseSeconds()));
    }

    /** The runs delivering the queue's items, as the same process (worker id) as its claims. */
    @Produces
    @Singleton
    WorkRuns workRuns(StateStore state, WorkQueue queue, HrsyncConfig config) {
        return new WorkRuns(state.dataSource(), Clock.systemUTC(), queue.worker(),
                Duration.ofSeconds(config.delivery().heartbeatTimeoutSeconds()), config.cluster().enabled() && !config.runOnce());
    }

    /** The vendors' drain leases, held as the same process (worker id) as its claims. */
    @Produces
    @Singleton
    VendorDrainLeases vendorDrainLeases(StateStore state, WorkQueue queue) {
        return new VendorDrainLeases(state.dataSource(), Clock.systemUTC(), queue.worker());
    }
}
