package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.hrsync.RunResults;
import io.hrsync.SandboxTestResource;
import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.sandbox.Sandbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Dead letters live in the state store; a letter file written by an earlier version (the old
 * dead-letter directory) is imported by the next replay, delivered through its vendor's drain, and
 * never replayed twice.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class DeadLetterReplayTest {

    @Inject
    ProducerTemplate camel;

    @Test
    void aLetterFileOfTheOldStoreIsImportedReplayedOnceAndArchived() throws Exception {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        Path dir = Files.createDirectories(SandboxTestResource.DATA.resolve("dead-letters"));
        Person person = new Person("OLD1", "old.letter@example.com", "Old", "Letter", null, null, null, null,
                LocalDate.parse("2024-01-08"), null, PersonStatus.values()[0]);
        // the format the file store wrote (DeadLetters until the work queue)
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("id", "1764640000000-0a1b2c3d");
        letter.put("storedAt", "2026-12-01T02:14:00Z");
        letter.put("runId", "20261201T020000Z-0ld000");
        letter.put("vendor", "workramp");
        letter.put("row", 7);
        letter.put("person", person);
        letter.put("error", "io.hrsync.connector.RetryableVendorException: workramp answered 503");
        letter.put("attempts", 4);
        letter.put("headers", Map.of("CamelHttpMethod", "POST"));
        new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValue(dir.resolve("1764640000000-0a1b2c3d.json").toFile(), letter);

        camel.sendBody("direct:dead-letter-replay", null);

        RunResults replay = RunResults.forInput("dead-letters").orElseThrow();
        assertEquals("COMPLETED", replay.summary.path("status").asText(), replay.describe());
        assertEquals(1, replay.actions.size(), replay.actions.toString());
        Map<String, String> action = replay.action("old.letter@example.com", "workramp");
        assertEquals("CREATE", action.get("action"));
        assertEquals("APPLIED", action.get("outcome"));
        assertEquals("7", action.get("row"));
        assertTrue(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals("old.letter@example.com")));
        assertFalse(Files.exists(dir.resolve("1764640000000-0a1b2c3d.json")), "the file was left in the old store");
        assertTrue(Files.exists(dir.resolve("imported/1764640000000-0a1b2c3d.json")));

        camel.sendBody("direct:dead-letter-replay", null);
        RunResults again = RunResults.forInput("dead-letters").orElseThrow();
        assertFalse(again.runId().equals(replay.runId()));
        assertEquals("COMPLETED", again.summary.path("status").asText());
        assertEquals(0, again.actions.size(), "a replayed letter is not replayed again: " + again.actions);
        assertEquals(1, sandbox.workramp().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/users")).count());
    }
}
