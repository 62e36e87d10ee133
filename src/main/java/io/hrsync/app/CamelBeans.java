package io.hrsync.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.state.StateStore;
import io.hrsync.connector.EnrichIntoProperty;

/** Camel building blocks the YAML routes refer to by name. */
@ApplicationScoped
public class CamelBeans {

    /**
     * Input files already processed (name-size-modified), in the state store's
     * CAMEL_MESSAGEPROCESSED table, so a restart (or another replica) does not redo them.
     */
    @Produces
    @Singleton
    @Named("processedFiles")
    IdempotentRepository processedFiles(StateStore state) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(state.dataSource(), "hris-inbox");
        repository.setCreateTableIfNotExists(false); // Flyway owns the schema (db/migration)
        return repository;
    }

    /**
     * The SFTP password for the three sftp endpoints of routes/hris-file-ingest.camel.yaml, which
     * refer to it as {@code #bean:hrisSftpPassword}: the value never becomes part of an endpoint URI.
     * Written into the URI, a password with {@code )} ends {@code RAW(...)} early and one with
     * {@code &} splits the options (the YAML DSL wraps every secret option in {@code RAW(...)} unless
     * its value starts with {@code #}); a reference is bound to the endpoint as it is. Empty when only
     * a private key is configured, as {@code RAW()} was.
     */
    @Produces
    @Singleton
    @Named("hrisSftpPassword")
    String hrisSftpPassword(HrsyncConfig config) {
        return config.hris().sftp().password().orElse("");
    }

    /** The vendor's account found by the lookup goes into an exchange property. */
    @Produces
    @Singleton
    @Named("intoVendorAccount")
    AggregationStrategy intoVendorAccount() {
        return new EnrichIntoProperty(ExchangeKeys.ACCOUNT);
    }

    /**
     * After the fan-out to the vendors the person's exchange goes on to the next row. A vendor route
     * that handled its own failure (recorded FAILED or DEAD_LETTERED) marks its exchange as handled;
     * that mark must not stop the splitter that feeds the next person, so it is cleared here.
     */
    @Produces
    @Singleton
    @Named("isolateVendorOutcomes")
    AggregationStrategy isolateVendorOutcomes() {
        return (previous, reply) -> {
            Exchange result = previous == null ? reply : previous;
            result.getExchangeExtension().setErrorHandlerHandled(null);
            result.setRouteStop(false);
            return result;
        };
    }
}
