package io.hrsync.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.queue.NewWorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.WorkRampSimulator;
import io.hrsync.state.AccountState;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.state.StateStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A vendor's lookup answer is used only when it has the expected shape and the very person asked
 * for: a WorkRamp that ignores its email filter, a {@code {}} and a proxy's HTML page with 200 change
 * no account; a leaver whose account was not found is recorded as not found (never as deactivated)
 * and listed in drift.csv, with any active account of theirs the vendor does list. (The lookups here are live ones, a
 * replay's: a night's first attempts are answered from the vendor's directory listing.)
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class OnlyThatPersonTest {

    private static final String HTML = "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>";

    @Inject
    WorkQueue queue;

    @Inject
    StateStore state;

    @Inject
    ProducerTemplate camel;

    @Test
    void aLookupAnswerThatIsNotThatPersonChangesNoAccount() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        String people = RunResultsFixtures.HEADER
                + "Ann1,ann1@example.com,Ann,One,Sales,,,,,,active\n"
                + "Ann2,ann2@example.com,Ann,Two,Sales,,,,,,active\n"
                + "Ann3,ann3@example.com,Ann,Three,Sales,,,,,,active\n"
                + "Bea1,bea1@example.com,Bea,One,Sales,,,,,,active\n"
                + "Cal1,cal1@example.com,Cal,One,Sales,,,,,,active\n";
        assertEquals("COMPLETED", RunResults.process(sandbox, "only-that-person.csv", people).summary.path("status").asText());
        // a later night accepted Ann3, Bea1 and Cal1 as terminated; their deactivations were dead-lettered
        Person ann3 = terminated("Ann3", "ann3@example.com");
        Person bea1 = terminated("Bea1", "bea1@example.com");
        Person cal1 = terminated("Cal1", "cal1@example.com");
        state.recordPeople(List.of(ann3, bea1, cal1), "20261202T020000Z-later0");
        long workRampWrites = sandbox.workramp().writeCount();
        long rampWrites = sandbox.ramp().writeCount();

        // WorkRamp ignores the email filter: its answer (limit 1) is Ann1, not Ann3
        sandbox.workramp().ignoreQueryParameters("email");
        letter("20261202T020000Z-filter", "workramp", ann3);
        RunResults ignored = replay("20261202T020000Z-filter");
        Map<String, String> line = ignored.action("ann3@example.com", "workramp");
        assertEquals("SKIPPED", line.get("outcome"), ignored.describe());
        assertTrue(line.get("message").contains("no WorkRamp account to deactivate"), line.get("message"));
        assertEquals(AccountState.ABSENT, state.account("workramp", "Ann3").orElseThrow().state(),
                "recorded as not found, not as deactivated");
        sandbox.workramp().ignoreQueryParameters();

        // WorkRamp answers {} to the lookup
        sandbox.workramp().answerGets("/api/v1/users", 200, "{}", "application/json");
        letter("20261202T020000Z-object", "workramp", bea1);
        RunResults object = replay("20261202T020000Z-object");
        line = object.action("bea1@example.com", "workramp");
        assertEquals("FAILED", line.get("outcome"), object.describe());
        assertTrue(line.get("message").contains("not a JSON array"), line.get("message"));

        // a proxy answers WorkRamp's and Ramp's lookups with its sign-in page, status 200
        sandbox.workramp().answerGets("/api/v1/users", 200, HTML, "text/html; charset=utf-8");
        sandbox.ramp().answerGets("/developer/v1/users", 200, HTML, "text/html");
        letter("20261202T020000Z-html00", "workramp", cal1);
        letter("20261202T020000Z-html00", "ramp", cal1);
        RunResults html = replay("20261202T020000Z-html00");
        for (String vendor : new String[] {"workramp", "ramp"}) {
            line = html.action("cal1@example.com", vendor);
            assertEquals("FAILED", line.get("outcome"), vendor + "\n" + html.describe());
            assertTrue(line.get("message").contains("not JSON"), line.get("message"));
            assertFalse(line.get("message").contains("Sign in"), "the body is described, never quoted: " + line.get("message"));
        }
        // a night while the proxy still answers: WorkRamp's directory listing gets the page too, so
        // does every lookup; a joiner and a leaver fail, and nothing is written
        RunResults proxied = RunResults.process(sandbox, "only-that-person-proxy.csv", RunResultsFixtures.HEADER
                + "Ann1,ann1@example.com,Ann,One,Sales,,,,,,active\n"
                + "Ann2,ann2@example.com,Ann,Two,Sales,,,,,,terminated\n"
                + "Dan1,dan1@example.com,Dan,One,Sales,,,,,,active\n");
        for (String email : new String[] {"ann2@example.com", "dan1@example.com"}) {
            assertEquals("FAILED", proxied.action(email, "workramp").get("outcome"), email + "\n" + proxied.describe());
        }
        assertTrue(proxied.drift.stream().anyMatch(d -> d.get("vendor").equals("workramp")
                && d.get("kind").equals("DIRECTORY_UNAVAILABLE")), proxied.drift.toString());
        sandbox.workramp().answerGets(null, 0, null, "text/plain");
        sandbox.ramp().answerGets(null, 0, null, "text/plain");

        assertEquals(workRampWrites, sandbox.workramp().writeCount(), "no WorkRamp account was changed");
        assertEquals(rampWrites, sandbox.ramp().writeCount(), "no Ramp account was changed");
        for (WorkRampSimulator.User user : sandbox.workramp().users()) {
            if (user.email().matches("(ann|bea|cal)\\d@example\\.com")) {
                assertFalse(user.deleted(), user.email() + " was deactivated");
            }
        }

        // the next night: the leavers whose deactivation failed are deactivated; Ann3, whose account
        // the lookup did not find, is not deactivated blindly: drift.csv says WorkRamp lists an active
        // account of hers; a leaver WorkRamp never had (Zed1) is recorded as not found and listed too
        RunResults night = RunResults.process(sandbox, "only-that-person-2.csv", RunResultsFixtures.HEADER
                + "Ann1,ann1@example.com,Ann,One,Sales,,,,,,active\n"
                + "Ann2,ann2@example.com,Ann,Two,Sales,,,,,,active\n"
                + "Ann3,ann3@example.com,Ann,Three,Sales,,,,,,terminated\n"
                + "Bea1,bea1@example.com,Bea,One,Sales,,,,,,terminated\n"
                + "Cal1,cal1@example.com,Cal,One,Sales,,,,,,terminated\n"
                + "Zed1,zed1@example.com,Zed,One,Sales,,,,,,terminated\n");
        assertEquals("COMPLETED", night.summary.path("status").asText(), night.describe());
        for (String email : new String[] {"bea1@example.com", "cal1@example.com"}) {
            assertEquals("DEACTIVATE", night.action(email, "workramp").get("action"), email + "\n" + night.describe());
            assertTrue(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals(email) && u.deleted()), email);
        }
        assertTrue(night.drift.stream().anyMatch(d -> d.get("vendor").equals("workramp") && d.get("kind").equals("LEAVER_NOT_FOUND")
                && d.get("email").equals("ann3@example.com") && d.get("detail").contains("lists an active account")),
                night.drift.toString());
        assertEquals("SKIPPED", night.action("zed1@example.com", "workramp").get("outcome"), night.describe());
        assertEquals(AccountState.ABSENT, state.account("workramp", "Zed1").orElseThrow().state());
        assertTrue(night.drift.stream().anyMatch(d -> d.get("vendor").equals("workramp") && d.get("kind").equals("LEAVER_NOT_FOUND")
                && d.get("email").equals("zed1@example.com")), night.drift.toString());
        assertTrue(sandbox.workramp().users().stream().noneMatch(u -> u.email().equals("ann1@example.com") && u.deleted()));
    }

    private RunResults replay(String run) {
        camel.sendBodyAndHeader("direct:dead-letter-replay", null, "hrsyncReplayRunId", run);
        return RunResults.forInput("dead-letters").orElseThrow();
    }

    private void letter(String run, String vendor, Person person) {
        assertTrue(queue.importDead(new NewWorkItem(run, vendor, person.employeeId(), person.email(), 2, "LEAVE", "DEACTIVATE",
                null, PersonSnapshots.toJson(person)), "HTTP 503 (a night's dead letter)"));
    }

    private static Person terminated(String id, String email) {
        return new Person(id, email, id.substring(0, 3), "One", "Sales", null, null, null, LocalDate.parse("2024-01-08"), null,
                PersonStatus.TERMINATED);
    }
}
