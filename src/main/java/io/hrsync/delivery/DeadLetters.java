package io.hrsync.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.ArrayList;
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
import io.hrsync.hris.Person;
import io.hrsync.queue.WorkItem;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.vendor.VendorCallException;

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
    private final HrsyncConfig.Replay replay;

    public DeadLetters(HrsyncConfig config) {
        this.dir = config.delivery().deadLetterDir();
        this.replay = config.replay();
    }

    /** A stored dead letter, as the replay needs it. */
    public record Letter(Path file, String id, String vendor, long row, Person person) {
    }

    /**
     * The stored letters the replay selects, oldest first: hrsync.replay.vendor / .email narrow it,
     * and so does a {@code hrsyncReplayRunId} header (one run's letters).
     */
    public List<Letter> pending(Exchange exchange) throws IOException {
        String runId = exchange.getMessage().getHeader("hrsyncReplayRunId", String.class);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Letter> letters = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = JSON.readTree(file.toFile());
                Person person = JSON.treeToValue(json.path("person"), Person.class);
                Letter letter = new Letter(file, json.path("id").asText(), json.path("vendor").asText(),
                        json.path("row").asLong(), person);
                if ((runId == null || runId.equals(json.path("runId").asText()))
                        && replay.vendor().map(v -> v.equals(letter.vendor())).orElse(true)
                        && replay.email().map(e -> Person.normaliseEmail(e).equals(person.email())).orElse(true)) {
                    letters.add(letter);
                }
            }
        }
        LOG.infof("replay: %d dead letter(s) selected in %s", letters.size(), dir);
        return letters;
    }

    /** Sets up the exchange to send a letter down its vendor's delivery route again. */
    public void prepareReplay(Exchange exchange) {
        Letter letter = exchange.getMessage().getBody(Letter.class);
        exchange.setProperty(ExchangeKeys.VENDOR, letter.vendor());
        exchange.setProperty(ExchangeKeys.ROW, letter.row());
        exchange.setProperty(ExchangeKeys.PERSON, letter.person());
        exchange.setProperty(REPLAYED, letter);
        exchange.removeProperty(ID);
    }

    /** After the replay: the letter is archived; a new dead letter was written if it failed again. */
    public void replayed(Exchange exchange) throws IOException {
        Letter letter = exchange.getProperty(REPLAYED, Letter.class);
        Path archive = Files.createDirectories(dir.resolve("replayed"));
        Files.move(letter.file(), archive.resolve(letter.file().getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    private static final String REPLAYED = "hrsyncReplayedLetter";

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
        if (error instanceof VendorCallException call) {
            attempts = Math.max(attempts, call.attempt());
        }
        WorkItem item = exchange.getProperty(ExchangeKeys.WORK_ITEM, WorkItem.class);
        if (item != null) {
            letter.put("itemAttempts", item.attempts()); // times the work item was taken from the queue
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
