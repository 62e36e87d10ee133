package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.builder.AdviceWith;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.WorkStatus;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.connector.RetryableVendorException;
import io.quarkus.arc.Arc;
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
            WorkItem letter = deadLetter(run, email);
            assertTrue(letter.message().contains("4 calls"), "1 call + 3 redeliveries: " + letter.message());
            assertTrue(letter.message().contains("503"), letter.message());
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

        WorkItem letter = deadLetter(run, "dead.letter@example.com");
        String text = letter.toString();
        assertFalse(text.contains(Sandbox.WORKRAMP_API_KEY), "a credential reached the dead-letter store");
        assertFalse(text.toLowerCase().contains("authorization"), text);
        assertEquals("dead.letter@example.com", PersonSnapshots.fromJson(letter.payload()).email());
        assertEquals(2, letter.row());
        assertEquals(503, letter.httpStatus());
        assertTrue(letter.message().contains("4 calls"), letter.message());
        assertTrue(letter.message().contains("work item " + letter.id()), letter.message());
    }

    /** The dead letter the run made of this person's WorkRamp item: a DEAD work item in the state store. */
    static WorkItem deadLetter(RunResults run, String email) {
        List<WorkItem> items = new ArrayList<>();
        Arc.container().instance(WorkQueue.class).get().forEachItem(run.runId(), items::add);
        return items.stream().filter(i -> i.vendor().equals("workramp") && i.email().equals(email)
                && i.status() == WorkStatus.DEAD && "DEAD_LETTERED".equals(i.outcome())).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for " + email + " in run " + run.runId() + " among " + items));
    }
}
