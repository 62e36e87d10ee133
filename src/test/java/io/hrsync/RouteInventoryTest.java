package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.Test;

import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the app loads for its vendors: every enabled vendor gets its whole pipeline (drain, workers,
 * delivery route, HTTP route, directory listing, readiness check), whether a route file declares it or
 * configuration does (a SCIM vendor); a disabled vendor gets none of it.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RouteInventoryTest {

    @Inject
    CamelContext camel;

    @Inject
    VendorRegistry vendors;

    @Test
    void everyEnabledVendorHasItsPipelineAndADisabledOneNone() {
        Set<String> ids = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            ids.add(route.getRouteId());
        }
        assertTrue(vendors.all().stream().anyMatch(v -> !v.enabled()), "the test configuration has a disabled vendor (scim-app)");
        assertTrue(vendors.enabled().size() >= 4, vendors.enabledNames().toString());
        for (VendorConnector vendor : vendors.all()) {
            String n = vendor.name();
            List<String> pipeline = List.of("vendor-" + n + "-drain", "vendor-" + n + "-work", n + "-http", n + "-list-accounts",
                    "health-" + n + "-auth");
            boolean delivers = camel.getRoutes().stream()
                    .anyMatch(r -> r.getEndpoint().getEndpointUri().equals("direct://vendor-" + n));
            if (vendor.enabled()) {
                assertTrue(ids.containsAll(pipeline), n + ": " + pipeline + " not all in " + ids);
                assertTrue(delivers, n + ": no route consumes " + vendor.endpoint());
                for (String id : pipeline) {
                    assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus(id), id);
                }
            } else {
                assertEquals(List.of(), pipeline.stream().filter(ids::contains).toList(), n + " is disabled");
                assertFalse(delivers, n + " is disabled but has a delivery route");
            }
        }
    }

    /** Leader election is off unless configured (hrsync.cluster.enabled): every route starts as configured. */
    @Test
    void noRouteWaitsForLeadershipByDefault() {
        for (Route route : camel.getRoutes()) {
            assertEquals(List.of(), route.getRoutePolicyList().stream()
                    .filter(p -> p instanceof ClusteredRoutePolicy).toList(), route.getRouteId());
        }
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("hris-sftp-poll"));
        assertEquals(ServiceStatus.Started, camel.getRouteController().getRouteStatus("vendor-workramp-drain"));
    }
}
