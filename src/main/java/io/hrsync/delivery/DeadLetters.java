package io.hrsync.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.run.ExchangeKeys;

/**
 * The dead-letter store: one JSON file per exhausted person×vendor exchange, written atomically,
 * holding what a replay needs (run, vendor, row, person) and why it failed, never a credential.
 */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    public static final String ID = "hrsyncDeadLetterId";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Pattern SECRET = Pattern.compile("(?i).*(auth|token|secret|password|api[-_]?key|cookie).*");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path dir;

    public DeadLetters(HrsyncConfig config) {
        this.dir = config.delivery().deadLetterDir();
    }

    public void store(Exchange exchange) {
        String id = Instant.now().toEpochMilli() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("id", id);
        letter.put("storedAt", Instant.now().toString());
        letter.put("runId", exchange.getProperty(ExchangeKeys.RUN_ID));
        letter.put("vendor", exchange.getProperty(ExchangeKeys.VENDOR));
        letter.put("row", exchange.getProperty(ExchangeKeys.ROW));
        letter.put("person", exchange.getProperty(ExchangeKeys.PERSON));
        letter.put("error", error == null ? null : error.getClass().getName() + ": " + error.getMessage());
        int attempts = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (error instanceof io.hrsync.vendor.VendorCallException call) {
            attempts = Math.max(attempts, call.attempt());
        }
        letter.put("attempts", attempts);
        Map<String, Object> headers = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (!SECRET.matcher(k).matches() && v != null && (v instanceof String || v instanceof Number || v instanceof Boolean)) {
                headers.put(k, v);
            }
        });
        letter.put("headers", headers);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + id + ".tmp");
            JSON.writeValue(tmp.toFile(), letter);
            Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letter to " + dir, e);
        }
        exchange.setProperty(ID, id);
        LOG.errorf("dead-lettered row %s for %s: %s (%s)", letter.get("row"), letter.get("vendor"), letter.get("error"), id);
    }
}
