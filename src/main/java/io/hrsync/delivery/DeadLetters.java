package io.hrsync.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.Person;
import io.hrsync.queue.NewWorkItem;
import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.connector.VendorCallException;

/**
 * Dead letters are work items in the terminal status DEAD, in the state store beside every other
 * item (shared by every process, nothing on one machine's disk): the item keeps the person, the
 * error, the HTTP status and how many calls were tried; the run's ledger marks it DEAD_LETTERED. A
 * replay moves the selected letters into a replay run ({@link WorkQueue#replayDead}).
 *
 * <p>Until this version letters were JSON files in {@code hrsync.delivery.dead-letter-dir}: a replay
 * first imports any such file as a DEAD item of its run and moves the file to {@code imported/}.
 */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    /** Exchange property: how the letter is named in its actions.csv message. */
    public static final String ID = "hrsyncDeadLetterId";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Path legacyDir;
    private final WorkQueue queue;

    public DeadLetters(HrsyncConfig config, WorkQueue queue) {
        this.legacyDir = config.delivery().deadLetterDir();
        this.queue = queue;
    }

    /**
     * Retries are used up: names the letter (its work item) and how many calls were tried, for the
     * outcome's message; the ledger then stores the item as DEAD.
     */
    public void store(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int calls = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (error instanceof VendorCallException call) {
            calls = Math.max(calls, call.attempt());
        }
        WorkItem item = exchange.getProperty(ExchangeKeys.WORK_ITEM, WorkItem.class);
        String id = (item == null ? "" : "work item " + item.id() + ", ") + calls + (calls == 1 ? " call" : " calls")
                + (item == null || item.attempts() <= 1 ? "" : " in the last of " + item.attempts() + " attempts");
        exchange.setProperty(ID, id);
        LOG.errorf("dead-lettered row %s for %s: %s (%s)", exchange.getProperty(ExchangeKeys.ROW),
                exchange.getProperty(ExchangeKeys.VENDOR), error == null ? "" : error.getMessage(), id);
    }

    /** Letters written as files by an earlier version become DEAD items; the files move to imported/. */
    public int importFiles() throws IOException {
        if (!Files.isDirectory(legacyDir)) {
            return 0;
        }
        List<Path> files;
        try (var list = Files.list(legacyDir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        int imported = 0;
        for (Path file : files) {
            JsonNode json = JSON.readTree(file.toFile());
            Person person = JSON.treeToValue(json.path("person"), Person.class);
            NewWorkItem letter = new NewWorkItem(json.path("runId").asText(), json.path("vendor").asText(), person.employeeId(),
                    person.email(), json.path("row").asLong(), "NONE", "NONE", null, PersonSnapshots.toJson(person));
            if (queue.importDead(letter, json.path("error").asText("") + " (imported dead letter " + json.path("id").asText() + ")")) {
                imported++;
            }
            Path archive = Files.createDirectories(legacyDir.resolve("imported"));
            Files.move(file, archive.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        if (!files.isEmpty()) {
            LOG.infof("%d dead-letter file(s) of %s imported into the state store (%d already there); moved to %s",
                    files.size(), legacyDir, files.size() - imported, legacyDir.resolve("imported"));
        }
        return imported;
    }
}
