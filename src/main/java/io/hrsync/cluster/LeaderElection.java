package io.hrsync.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hrsync.config.HrsyncConfig;

/**
 * Turns leader election on when {@code hrsync.cluster.enabled=true} (service mode only): the routes
 * of {@code hrsync.cluster.leader-routes} run on the leader of Camel's cluster service, a
 * coordination.k8s.io Lease on Kubernetes ({@code kind=kubernetes}) or a lock file on one host
 * ({@code kind=file}). Off, nothing is added and every route starts as configured.
 *
 * <p>The Kubernetes cluster service is configured here, not by camel-quarkus' own
 * {@code camel-quarkus-kubernetes-cluster-service} extension ({@code quarkus.camel.cluster.kubernetes.*}):
 * that artifact is not published for 3.27.0 (Maven Central's metadata lists it up to 3.16.0;
 * {@code mvn dependency:get} of 3.27.0 answers 404), while camel-kubernetes' KubernetesClusterService
 * it would configure is (through camel-quarkus-kubernetes).
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    void install(@Observes @Priority(50) BeforeConfigure event, HrsyncConfig config) {
        HrsyncConfig.Cluster cluster = config.cluster();
        if (!cluster.enabled()) {
            return;
        }
        if (config.runOnce()) {
            LOG.info("hrsync.cluster.enabled ignored in run-once mode: this run starts every route itself");
            return;
        }
        LOG.info("Leader election on ({}, view {}): the leader runs {}", cluster.kind(), cluster.view(),
                cluster.leaderRoutes());
        event.getCamelContext().addRoutePolicyFactory(
                new LeaderOnlyRoutes(cluster.leaderRoutes(), cluster.view(), context -> clusterService(cluster, context)));
    }

    static CamelClusterService clusterService(HrsyncConfig.Cluster cluster, CamelContext context) {
        return switch (cluster.kind()) {
            case file -> fileLock(cluster);
            case kubernetes -> kubernetesLease(cluster.kubernetes(), context);
        };
    }

    private static CamelClusterService fileLock(HrsyncConfig.Cluster cluster) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("hrsync-" + ProcessHandle.current().pid());
        service.setRoot(cluster.fileRoot().toString());
        service.setAcquireLockInterval(cluster.fileLockIntervalMs(), TimeUnit.MILLISECONDS);
        return service;
    }

    private static CamelClusterService kubernetesLease(HrsyncConfig.ClusterKubernetes kubernetes, CamelContext context) {
        KubernetesClusterService service = new KubernetesClusterService();
        service.setCamelContext(context);
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName("hrsync-leader");
        kubernetes.namespace().ifPresent(service::setKubernetesNamespace);
        kubernetes.podName().ifPresent(service::setPodName);
        service.setClusterLabels(labels(kubernetes));
        service.setLeaseDurationMillis(kubernetes.leaseDurationMs());
        service.setRenewDeadlineMillis(kubernetes.renewDeadlineMs());
        service.setRetryPeriodMillis(kubernetes.retryPeriodMs());
        return service;
    }

    static Map<String, String> labels(HrsyncConfig.ClusterKubernetes kubernetes) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : kubernetes.podLabels()) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("hrsync.cluster.kubernetes.pod-labels: '" + pair + "' is not name=value");
            }
            labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return labels;
    }
}
