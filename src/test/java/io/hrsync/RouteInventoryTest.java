package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The app loads exactly these routes from routes/ (SFTP source, WorkRamp enabled). */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RouteInventoryTest {

    @Inject
    CamelContext camel;

    @Test
    void loadedRouteIds() {
        Set<String> ids = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            ids.add(route.getRouteId());
        }
        assertEquals(new TreeSet<>(Set.of(
                "hris-sftp-poll", "hris-file-process", "run-progress",
                "health-workramp-auth", "health-ramp-auth", "health-workiva-auth", "health-skilljar-auth", "hris-plan-apply", "hris-sftp-results-upload",
                "drift-report", "rules-preflight", "vendor-workramp-drain", "vendor-workramp-work", "vendor-ramp-drain", "vendor-ramp-work",
                "vendor-workiva-drain", "vendor-workiva-work", "vendor-skilljar-drain", "vendor-skilljar-work", "dead-letter-or-retry", "dead-letter-store", "dead-letter-replay",
                "vendor-workramp-deliver", "workramp-find-user", "workramp-create-user", "workramp-update-user",
                "workramp-add-to-group", "workramp-http", "workramp-list-accounts", "workramp-list-groups",
                "vendor-skilljar-deliver", "skilljar-find-user", "skilljar-create-user", "skilljar-set-membership",
                "skilljar-update-name", "skilljar-add-to-group", "skilljar-enrol", "skilljar-http", "skilljar-list-accounts",
                "vendor-workiva-deliver", "workiva-find-user", "workiva-create-user", "workiva-update-user",
                "workiva-set-active", "workiva-add-to-group", "workiva-http", "workiva-scim-http", "workiva-token",
                "workiva-list-accounts",
                "vendor-ramp-deliver", "ramp-find-user", "ramp-create-reference", "ramp-create-user", "ramp-poll-task", "ramp-update-user",
                "ramp-deactivate-user", "ramp-http", "ramp-token", "ramp-list-accounts")), ids);
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
