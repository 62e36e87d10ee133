package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.builder.AdviceWith;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.vendor.RetryableVendorException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Focused route test: the production route {@code workramp-http} is advised to answer 503 every
 * time, which a simulator cannot do precisely enough to count attempts. The vendor-delivery policy
 * must retry max-redeliveries times, then dead-letter the person×vendor exchange without any
 * credential and record it as DEAD_LETTERED, and the run must go on.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class WorkRampDeadLetterRouteTest {

    /**
     * The application's own context: CamelQuarkusTestSupport is not used, since after each test it
     * removes every component of the shared context (the timer and seda behind the vendor drains too).
     */
    @Inject
    CamelContext context;

    static volatile String failingMethod = "none";

    /** Both cases in one test; the advice stays in the shared application, inert once failingMethod is "none". */
    @Test
    void exhaustedRetriesAreDeadLetteredAndTheRunGoesOn() throws Exception {
        AdviceWith.adviceWith(context, "workramp-http", route -> route.weaveAddFirst().process(exchange -> {
            if (failingMethod.equals(exchange.getMessage().getHeader("CamelHttpMethod"))) {
                throw new RetryableVendorException("workramp", 503, "Service Unavailable (advised)",
                        1 + exchange.getMessage().getHeader("CamelRedeliveryCounter", 0, Integer.class));
            }
        }));
        try {
            lookupsThatKeepFailingAreDeadLetteredWithoutSecrets();
            writesThatKeepFailingAreDeadLetteredAndTheRunGoesOn();
        } finally {
            failingMethod = "none"; // the advice outlives this class in the shared application
        }
    }

    void writesThatKeepFailingAreDeadLetteredAndTheRunGoesOn() throws Exception {
        failingMethod = "POST";
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        RunResults run = RunResults.process(sandbox, "dead-letter-write.csv", RunResultsFixtures.HEADER
                + "DW1,dead.write@example.com,Dead,Write,,,,,,,active\n"
                + "DW2,dead.write2@example.com,Dead,Write2,,,,,,,active\n");
        for (String email : new String[] {"dead.write@example.com", "dead.write2@example.com"}) {
            JsonNode letter = deadLetter(run, email);
            assertEquals(4, letter.path("attempts").asInt(), "1 attempt + 3 redeliveries");
            assertTrue(letter.path("error").asText().contains("503"), letter.toPrettyString());
        }
        assertEquals("DEAD_LETTERED", run.action("dead.write@example.com", "workramp").get("outcome"));
        assertEquals("DEAD_LETTERED", run.action("dead.write2@example.com", "workramp").get("outcome"));
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText());
        assertEquals(0, sandbox.workramp().users().stream().filter(u -> u.email().startsWith("dead.write")).count());
    }

    void lookupsThatKeepFailingAreDeadLetteredWithoutSecrets() throws Exception {
        failingMethod = "GET";
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();

        RunResults run = RunResults.process(sandbox, "dead-letter.csv", RunResultsFixtures.HEADER
                + "DL1,dead.letter@example.com,Dead,Letter,,,,,,,active\n");

        Map<String, String> action = run.action("dead.letter@example.com", "workramp");
        assertEquals("DEAD_LETTERED", action.get("outcome"));
        assertEquals("503", action.get("http_status"));
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText());

        JsonNode letter = deadLetter(run, "dead.letter@example.com");
        String text = letter.toString();
        assertFalse(text.contains(Sandbox.WORKRAMP_API_KEY), "a credential reached the dead-letter store");
        assertFalse(text.toLowerCase().contains("authorization"), text);
        assertEquals("dead.letter@example.com", letter.path("person").path("email").asText());
        assertEquals(2, letter.path("row").asInt());
        assertEquals(4, letter.path("attempts").asInt());
        assertTrue(letter.path("error").asText().contains("503"), letter.toPrettyString());
    }

    /** The dead letter the run wrote for this person (1 attempt + max-redeliveries). */
    static JsonNode deadLetter(RunResults run, String email) throws Exception {
        List<Path> letters;
        try (Stream<Path> files = Files.list(SandboxTestResource.DATA.resolve("dead-letters"))) {
            letters = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        for (Path file : letters) {
            JsonNode letter = new ObjectMapper().readTree(file.toFile());
            if ("workramp".equals(letter.path("vendor").asText()) && run.runId().equals(letter.path("runId").asText())
                    && email.equals(letter.path("person").path("email").asText())) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter for " + email + " in run " + run.runId() + " among " + letters);
    }
}
