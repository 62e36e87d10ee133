package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
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
import io.hrsync.state.PersonSnapshots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A replay re-plans each dead letter against the person's last accepted HRIS data and what hrsync
 * last applied, instead of delivering the data the letter was stored with: a deactivation whose
 * person was rehired since and a create whose person has left since are not replayed (and the
 * replay's actions.csv says why), while a letter that still stands is delivered as re-planned.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ReplayReplanTest {

    @Inject
    WorkQueue queue;

    @Inject
    ProducerTemplate camel;

    @Test
    void aDeactivationReplayedAfterARehireIsSkipped() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        assertEquals("COMPLETED", RunResults.process(sandbox, "replay-rehired.csv",
                RunResultsFixtures.people("Back", 2, "Sales")).summary.path("status").asText());
        // the night Back1 was terminated, WorkRamp's deactivation was dead-lettered; Back1 is back since
        // (today's accepted data: active, as the file above says)
        letter("20261101T020000Z-leave0", "workramp", person("Back1", "back1@example.com", PersonStatus.TERMINATED),
                "LEAVE", "DEACTIVATE");

        RunResults replay = replay();

        Map<String, String> line = replay.action("back1@example.com", "workramp");
        assertEquals("SKIPPED", line.get("outcome"), replay.describe());
        assertEquals("NONE", line.get("action"), replay.describe());
        assertTrue(line.get("message").startsWith("not replayed"), line.get("message"));
        assertTrue(line.get("message").contains("would deactivate"), line.get("message"));
        assertTrue(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals("back1@example.com") && !u.deleted()),
                "the rehired person keeps their WorkRamp account");
        assertEquals("COMPLETED", replay.summary.path("status").asText(), replay.describe());
        assertEquals(0, replay.summary.path("plan").path("replayed").asInt(), replay.describe());
    }

    @Test
    void aCreateReplayedAfterATerminationIsSkippedAndAStandingLetterIsDeliveredAsReplanned() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        // the night Gone1 joined, WorkRamp's create was dead-lettered
        letter("20261101T020000Z-join00", "workramp", person("Gone1", "gone1@example.com", PersonStatus.ACTIVE), "JOIN", "CREATE");
        // since then Gone1 was terminated; WorkRamp refused Stay1's create that night (FAILED)
        sandbox.workramp().refuseBodiesContaining("stay1@example.com", "seat limit reached");
        RunResults night = RunResults.process(sandbox, "replay-terminated.csv", RunResultsFixtures.HEADER
                + "Gone1,gone1@example.com,Gone,One,Sales,,,,,,terminated\n"
                + "Stay1,stay1@example.com,Stay,One,Sales,Lead,,,,,active\n"
                + "Other1,other1@example.com,Other,One,Sales,,,,,,active\n"
                + "Other2,other2@example.com,Other,Two,Sales,,,,,,active\n");
        sandbox.workramp().refuseBodiesContaining(null, null);
        assertEquals("FAILED", night.action("stay1@example.com", "workramp").get("outcome"), night.describe());
        // and a later attempt at Stay1's create was dead-lettered (its data: the title of an older file)
        Person stale = new Person("Stay1", "stay1@example.com", "Stay", "One", "Sales", "Trainee", null, null,
                LocalDate.parse("2024-01-08"), null, PersonStatus.ACTIVE);
        letter("20261202T020000Z-join01", "workramp", stale, "JOIN", "CREATE");
        long workRampWritesBefore = sandbox.workramp().writeCount();

        RunResults replay = replay();

        Map<String, String> gone = replay.action("gone1@example.com", "workramp");
        assertEquals("SKIPPED", gone.get("outcome"), replay.describe());
        assertTrue(gone.get("message").contains("says they left"), gone.get("message"));
        assertFalse(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals("gone1@example.com") && !u.deleted()),
                "a leaver's create is never replayed");
        Map<String, String> stay = replay.action("stay1@example.com", "workramp");
        assertEquals("APPLIED", stay.get("outcome"), replay.describe());
        assertEquals("JOIN", stay.get("change"), replay.describe());
        assertTrue(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals("stay1@example.com") && !u.deleted()));
        java.util.List<io.hrsync.queue.WorkItem> items = new java.util.ArrayList<>();
        queue.forEachItem(replay.runId(), items::add);
        assertEquals("Lead", PersonSnapshots.fromJson(items.stream().filter(i -> i.employeeId().equals("Stay1")).findFirst()
                .orElseThrow().payload()).title(), "delivered from the accepted HRIS data, not the letter's");
        assertEquals(1, replay.summary.path("plan").path("replayed").asInt(), replay.describe());
        assertTrue(sandbox.workramp().writeCount() > workRampWritesBefore);
    }

    private RunResults replay() {
        camel.sendBody("direct:dead-letter-replay", null);
        return RunResults.forInput("dead-letters").orElseThrow();
    }

    private void letter(String run, String vendor, Person person, String change, String action) {
        assertTrue(queue.importDead(new NewWorkItem(run, vendor, person.employeeId(), person.email(), 2, change, action, null,
                PersonSnapshots.toJson(person)), "HTTP 503 (a night's dead letter)"));
    }

    private static Person person(String id, String email, PersonStatus status) {
        return new Person(id, email, id.replaceAll("\\d", ""), "One", "Sales", null, null, null, LocalDate.parse("2024-01-08"),
                null, status);
    }
}
