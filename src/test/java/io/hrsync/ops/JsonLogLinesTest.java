package io.hrsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.logging.Level;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.app.SafeLogLines;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A JSON log line (quarkus-logging-json's formatter, as the console handler uses it with
 * QUARKUS_LOG_CONSOLE_JSON_ENABLED=true) after the hrsync-safe-lines filter: one line, the secret
 * masked, control characters escaped, and the run's MDC as fields.
 */
class JsonLogLinesTest {

    static final String SECRET = "json-test-api-key-4711";
    SmallRyeConfig config;
    final ClassLoader original = Thread.currentThread().getContextClassLoader();

    /** A configuration with a secret, for this thread only (a class loader of its own: Quarkus' tests hold the default one). */
    @BeforeEach
    void configureASecret() {
        ClassLoader own = new java.net.URLClassLoader(new java.net.URL[0], original);
        Thread.currentThread().setContextClassLoader(own);
        config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("hrsync.vendors.workramp.api-key", SECRET), "test", 500)).build();
        ConfigProviderResolver.instance().registerConfig(config, own);
    }

    @AfterEach
    void release() {
        ConfigProviderResolver.instance().releaseConfig(config);
        Thread.currentThread().setContextClassLoader(original);
    }

    @Test
    void aFilteredJsonLineIsOneLineWithoutTheSecretAndWithTheRunFields() throws Exception {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "WorkRamp answered %s for %s", ExtLogRecord.FormatStyle.PRINTF,
                JsonLogLinesTest.class.getName());
        record.setParameters(new Object[] {"401 (key " + SECRET + ")", "x.csv\n12:00:00 ERROR forged"});
        record.setLoggerName("io.hrsync.connector.VendorResponses");
        record.setMdc(Map.of(LogContext.RUN_ID, "20261204T013000Z-abc123", LogContext.VENDOR, "workramp",
                LogContext.EMPLOYEE_ID, "E1002"));

        assertTrue(new SafeLogLines().isLoggable(record));
        String line = new JsonFormatter().format(record);

        assertEquals(1, line.strip().split("\n").length, line);
        assertFalse(line.contains(SECRET), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("WorkRamp answered 401 (key ***) for x.csv\\n12:00:00 ERROR forged", json.path("message").asText());
        assertEquals("WARNING", json.path("level").asText());
        assertEquals("20261204T013000Z-abc123", json.path("mdc").path("runId").asText());
        assertEquals("workramp", json.path("mdc").path("vendor").asText());
        assertEquals("E1002", json.path("mdc").path("employeeId").asText());
    }
}
