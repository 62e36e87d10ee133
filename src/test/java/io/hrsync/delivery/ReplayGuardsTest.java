package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.hrsync.plan.GuardedProfile;
import io.hrsync.queue.NewWorkItem;
import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.WorkStatus;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.state.StateStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A replay passes the guards a night passes, in the same implementation: a protected account's
 * deactivation is refused, and more deactivations than a vendor's threshold allows stop the whole
 * replay before anything moves (the letters stay dead letters, the refusal names the id that
 * approves it).
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
@TestProfile(GuardedProfile.class)
class ReplayGuardsTest {

    @Inject
    WorkQueue queue;

    @Inject
    StateStore state;

    @Inject
    ProducerTemplate camel;

    @Test
    void aReplayPassesTheProtectedAccountsAndTheThresholds() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        String night = RunResultsFixtures.people("Fin", 3, "Finance") + RunResultsFixtures.people("Ops", 6, "Sales").lines()
                .skip(1).map(l -> l + "\n").reduce("", String::concat)
                + "BG1," + GuardedProfile.BREAK_GLASS + ",Break,Glass,Sales,,,,,,active\n";
        RunResults first = RunResults.process(sandbox, "replay-guards.csv", night);
        assertEquals("COMPLETED", first.summary.path("status").asText(), first.describe());
        // a later night accepted Fin1, Fin2 and the break-glass account as terminated, and their
        // deactivations were dead-lettered (Workiva and WorkRamp down)
        Person fin1 = terminated("Fin1", "fin1@example.com", "Finance");
        Person fin2 = terminated("Fin2", "fin2@example.com", "Finance");
        Person breakGlass = terminated("BG1", GuardedProfile.BREAK_GLASS, "Sales");
        state.recordPeople(List.of(fin1, fin2, breakGlass), "20261202T020000Z-later0");
        letter("20261202T020000Z-wkv000", "workiva", fin1);
        letter("20261202T020000Z-wkv000", "workiva", fin2);
        letter("20261202T020000Z-bg0000", "workramp", breakGlass);

        camel.sendBodyAndHeader("direct:dead-letter-replay", null, "hrsyncReplayRunId", "20261202T020000Z-wkv000");
        RunResults refused = RunResults.forInput("dead-letters").orElseThrow();

        assertEquals("ABORTED", refused.summary.path("status").asText(), refused.describe());
        String reason = refused.summary.path("reason").asText();
        assertTrue(reason.contains("threshold: 2 deactivate operations planned in workiva, more than 1 allowed"), reason);
        assertTrue(reason.contains("-Dhrsync.replay.approve="), reason);
        assertEquals(0, refused.actions.size(), refused.actions.toString());
        List<WorkItem> letters = new java.util.ArrayList<>();
        queue.forEachItem("20261202T020000Z-wkv000", letters::add);
        assertEquals(2, letters.stream().filter(i -> i.status() == WorkStatus.DEAD).count(), "the letters stay dead letters");
        assertEquals(2, sandbox.workiva().users().stream().filter(u -> u.email().startsWith("fin") && u.active()
                && !u.email().equals("fin3@example.com")).count(), "nothing deactivated");

        camel.sendBodyAndHeader("direct:dead-letter-replay", null, "hrsyncReplayRunId", "20261202T020000Z-bg0000");
        RunResults protectedReplay = RunResults.forInput("dead-letters").orElseThrow();

        Map<String, String> line = protectedReplay.action(GuardedProfile.BREAK_GLASS, "workramp");
        assertEquals("REFUSED", line.get("outcome"), protectedReplay.describe());
        assertTrue(line.get("message").contains("protected account"), line.get("message"));
        assertTrue(sandbox.workramp().users().stream().anyMatch(u -> u.email().equals(GuardedProfile.BREAK_GLASS) && !u.deleted()));
    }

    private void letter(String run, String vendor, Person person) {
        assertTrue(queue.importDead(new NewWorkItem(run, vendor, person.employeeId(), person.email(), 2, "LEAVE", "DEACTIVATE",
                null, PersonSnapshots.toJson(person)), "HTTP 503 (a night's dead letter)"));
    }

    private static Person terminated(String id, String email, String department) {
        return new Person(id, email, id, "Person", department, null, null, null, LocalDate.parse("2024-01-08"), null,
                PersonStatus.TERMINATED);
    }
}
