package io.hrsync.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.hrsync.config.SecretRedactor;
import io.hrsync.state.StateStore;

/**
 * Readiness: the state store answers a cheap query (one row of the work queue's table, by its index).
 * Not cached: the connection comes from the pool and the query reads nothing but an index.
 * Quarkus' own datasource check stays off (quarkus.datasource.health.enabled=false): it would also
 * probe the datasource that is built in but inactive.
 */
@Readiness
@ApplicationScoped
public class StateStoreReadiness implements HealthCheck {

    static final String NAME = "state-store";

    private final StateStore store;

    public StateStoreReadiness(StateStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM work_item WHERE id = 0")) {
                rs.next();
            }
            return HealthCheckResponse.named(NAME).up().withData("datasource", StateStore.activeDatasourceName()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named(NAME).down().withData("datasource", StateStore.activeDatasourceName())
                    .withData("error", SecretRedactor.mask(String.valueOf(e.getMessage()))).build();
        }
    }
}
