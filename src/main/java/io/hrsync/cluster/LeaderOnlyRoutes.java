package io.hrsync.cluster;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the routes named by {@code hrsync.cluster.leader-routes} under Camel's
 * {@link ClusteredRoutePolicy}: they run on the cluster leader only, and start on another process
 * when the leader goes. Every other route (the webhook receiver above all) runs everywhere.
 *
 * <p>Hand-written because Camel's own {@code ClusteredRoutePolicyFactory} puts <em>every</em> route
 * under the policy (the webhook receiver would then answer on the leader only), and the policy itself
 * starts every route it manages on the leader, a route configured {@code autoStartup: false} (a
 * disabled vendor's drain) included; naming the policy in each route's YAML instead would repeat
 * the cluster wiring in five routes and two templates. A route that does not start by itself is left
 * alone here.
 *
 * <p>One cluster service and one policy per Camel context, shared by the leader-only routes (one
 * leadership for all of them: the inbox poll and the drains move together).
 */
public final class LeaderOnlyRoutes implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderOnlyRoutes.class);

    private final List<String> routePatterns;
    private final String view;
    private final Function<CamelContext, CamelClusterService> clusterServiceFactory;
    private CamelContext context;
    private ClusteredRoutePolicy policy;

    /**
     * @param routePatterns route ids or Camel patterns ({@code vendor-*-drain}) of the leader-only routes
     * @param view the cluster view (namespace) whose leader runs them
     * @param clusterServiceFactory builds the cluster service (Kubernetes Lease, lock file) for a context
     */
    public LeaderOnlyRoutes(List<String> routePatterns, String view,
            Function<CamelContext, CamelClusterService> clusterServiceFactory) {
        this.routePatterns = List.copyOf(routePatterns);
        this.view = view;
        this.clusterServiceFactory = clusterServiceFactory;
    }

    /** Whether the route id is one of the leader-only routes. */
    public boolean isLeaderOnly(String routeId) {
        return routeId != null && routePatterns.stream().anyMatch(p -> glob(p.strip()).matcher(routeId).matches());
    }

    /** {@code *} matches any text, everything else itself (Camel's PatternHelper reads vendor-*-drain as a regex). */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public synchronized RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (!isLeaderOnly(routeId) || !startsByItself(camelContext, route)) {
            return null;
        }
        LOG.info("Route {} runs on the cluster leader only (cluster view {})", routeId, view);
        return policyFor(camelContext);
    }

    private static boolean startsByItself(CamelContext camelContext, NamedNode route) {
        if (route instanceof RouteDefinition definition && definition.getAutoStartup() != null) {
            Boolean auto = CamelContextHelper.parseBoolean(camelContext, definition.getAutoStartup());
            return auto == null || auto;
        }
        return true;
    }

    private ClusteredRoutePolicy policyFor(CamelContext camelContext) {
        if (policy != null && context == camelContext) {
            return policy;
        }
        try {
            CamelClusterService service = clusterServiceFactory.apply(camelContext);
            camelContext.addService(service, true, true);
            ClusteredRoutePolicy created = ClusteredRoutePolicy.forNamespace(service, view);
            created.setCamelContext(camelContext);
            context = camelContext;
            policy = created;
            return created;
        } catch (Exception e) {
            throw new RuntimeCamelException("Could not set up leader election (hrsync.cluster.*): " + e.getMessage(), e);
        }
    }
}
