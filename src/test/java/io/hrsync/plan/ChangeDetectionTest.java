package io.hrsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.hrsync.state.AccountState;
import io.hrsync.state.StateStore;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Joiners, movers, leavers and rehires over several nightly files against the state store, with the
 * exact decisions per person×vendor and the vendors' resulting state; a repeated file makes no
 * vendor write at all. Scopes (config/provisioning-rules.yaml): WorkRamp and Ramp everyone, Workiva
 * Finance and Executive, Skilljar Sales and Customer Success.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
class ChangeDetectionTest {

    static final LocalDate D = LocalDate.now();

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final MovableCalendar calendar = new MovableCalendar();

    @Inject
    StateStore state;

    @BeforeEach
    void freshWorld() {
        SandboxTestResource.resetVendorsAndState();
        QuarkusMock.installMockForType(calendar, PlanCalendar.class);
    }

    static Exports day1() {
        return new Exports()
                .person(D, "J1", "alice@jml.example.com", "Alice", "Archer", "Engineering", "Engineer", null, -400, null, "active")
                .person(D, "J2", "bob@jml.example.com", "Bob", "Baker", "Sales", "Account Executive", "alice@jml.example.com", -300, null, "active")
                .person(D, "J3", "carol@jml.example.com", "Carol", "Cole", "Finance", "Analyst", "alice@jml.example.com", -200, null, "active")
                .person(D, "J4", "dave@jml.example.com", "Dave", "Dunn", "Sales", "SDR", "bob@jml.example.com", -100, null, "active")
                // a leaver with a future end_date: active until then
                .person(D, "J5", "erin@jml.example.com", "Erin", "Evans", "Engineering", "Engineer", "alice@jml.example.com", -50, 3, "active")
                // a future joiner: nothing before the start date
                .person(D, "J6", "frank@jml.example.com", "Frank", "Ford", "Sales", "SDR", "bob@jml.example.com", 14, null, "active")
                .person(D, "J7", "gina@jml.example.com", "Gina", "Gray", "Finance", "Controller", "carol@jml.example.com", -500, null, "active")
                // terminated long ago, never provisioned
                .person(D, "J8", "hank@jml.example.com", "Hank", "Hill", "Engineering", "Engineer", null, -900, -30, "terminated")
                .person(D, "J9", "ivy@jml.example.com", "Ivy", "Irwin", "Engineering", "Engineer", "alice@jml.example.com", -60, null, "active");
    }

    @Test
    void joinersMoversLeaversAndRehiresOverFourNights() {
        // ---- night 1: everyone new ----------------------------------------------------------
        RunResults night1 = RunResults.process(sandbox, "jml-night1.csv", day1().csv());
        assertEquals("COMPLETED", night1.summary.path("status").asText(), night1.describe());
        Map<String, String> d1 = Exports.decisions(night1);
        for (String id : Set.of("J1", "J2", "J3", "J4", "J5", "J7", "J9")) {
            assertEquals("JOIN CREATE APPLIED", d1.get(id + "/workramp"), id);
            assertEquals("JOIN CREATE APPLIED", d1.get(id + "/ramp"), id);
        }
        assertEquals("JOIN CREATE APPLIED", d1.get("J3/workiva"));
        assertEquals("JOIN CREATE APPLIED", d1.get("J7/workiva"));
        assertEquals("OUT_OF_SCOPE NONE SKIPPED", d1.get("J1/workiva"));
        assertEquals("JOIN CREATE APPLIED", d1.get("J2/skilljar"));
        assertEquals("JOIN CREATE APPLIED", d1.get("J4/skilljar"));
        for (String vendor : Set.of("workramp", "ramp", "skilljar")) {
            assertEquals("PENDING NONE PENDING", d1.get("J6/" + vendor), vendor);
        }
        assertEquals("LEAVE DEACTIVATE SKIPPED", d1.get("J8/workramp").replace("NONE", "DEACTIVATE"));
        assertTrue(sandbox.workramp().user("frank@jml.example.com").isEmpty(), "a future joiner is not provisioned yet");
        assertTrue(sandbox.ramp().user("frank@jml.example.com").isEmpty());
        assertTrue(sandbox.workramp().user("hank@jml.example.com").isEmpty(), "an old leaver is not created");
        assertEquals(AccountState.ABSENT, state.account("workramp", "J8").orElseThrow().state()); // an old leaver WorkRamp never had: not found, not "deactivated"
        int daveWorkRampId = sandbox.workramp().user("dave@jml.example.com").orElseThrow().id();
        String daveSkilljarId = sandbox.skilljar().user("dave@jml.example.com").orElseThrow().id();
        int ginaWorkRampId = sandbox.workramp().user("gina@jml.example.com").orElseThrow().id();
        String ginaWorkivaId = sandbox.workiva().user("gina@jml.example.com").orElseThrow().id();
        int workRampUsers = sandbox.workramp().users().size();

        // ---- night 2: a mover (department), an email change, a leaver, a rehire without account -----
        Exports night2 = day1()
                .person(D, "J3", "carol@jml.example.com", "Carol", "Cole", "Sales", "Account Executive", "alice@jml.example.com", -200, null, "active")
                .person(D, "J4", "dave.dunn@jml.example.com", "Dave", "Dunn", "Sales", "SDR", "bob@jml.example.com", -100, null, "active")
                .person(D, "J7", "gina@jml.example.com", "Gina", "Gray", "Finance", "Controller", "carol@jml.example.com", -500, -1, "terminated")
                .person(D, "J8", "hank@jml.example.com", "Hank", "Hill", "Engineering", "Engineer", null, -1, null, "active");
        long[] writesBefore = writes();
        RunResults run2 = RunResults.process(sandbox, "jml-night2.csv", night2.csv());
        assertEquals("COMPLETED", run2.summary.path("status").asText(), run2.describe());
        Map<String, String> d2 = Exports.decisions(run2);
        assertEquals("MOVE UPDATE APPLIED", d2.get("J3/workramp"));
        assertEquals("MOVE UPDATE APPLIED", d2.get("J3/ramp"));
        assertEquals("OUT_OF_SCOPE NONE SKIPPED", d2.get("J3/workiva"), "a mover out of scope keeps the account, untouched");
        assertEquals("JOIN CREATE APPLIED", d2.get("J3/skilljar"), "a mover into a vendor's scope joins it");
        assertEquals("MOVE UPDATE APPLIED", d2.get("J4/workramp"));
        assertEquals("MOVE UPDATE APPLIED", d2.get("J4/skilljar"));
        assertEquals("LEAVE DEACTIVATE APPLIED", d2.get("J7/workramp"));
        assertEquals("LEAVE DEACTIVATE APPLIED", d2.get("J7/ramp"));
        assertEquals("LEAVE DEACTIVATE APPLIED", d2.get("J7/workiva"));
        assertEquals("REHIRE CREATE APPLIED", d2.get("J8/workramp"), "rehired, never had an account: created once");
        for (String id : Set.of("J1", "J2", "J5", "J9")) {
            assertEquals("NONE NONE UNCHANGED", d2.get(id + "/workramp"), id);
            assertEquals("NONE NONE UNCHANGED", d2.get(id + "/ramp"), id);
        }
        assertEquals("PENDING NONE PENDING", d2.get("J6/workramp"));
        // vendor state after night 2
        assertEquals(Set.of("Sales", "All Staff"), sandbox.workramp().user("carol@jml.example.com").orElseThrow().groupNames()
                .stream().filter(g -> !g.equals("Finance")).collect(Collectors.toSet()));
        assertEquals(daveWorkRampId, sandbox.workramp().user("dave.dunn@jml.example.com").orElseThrow().id(),
                "an email change updates the same WorkRamp user");
        assertTrue(sandbox.workramp().user("dave@jml.example.com").isEmpty());
        assertEquals(daveSkilljarId, sandbox.skilljar().user("dave.dunn@jml.example.com").orElseThrow().id());
        assertEquals(workRampUsers + 1, sandbox.workramp().users().size(), "only the rehire without account is new");
        assertTrue(sandbox.workramp().user("gina@jml.example.com").orElseThrow().deleted());
        assertFalse(sandbox.workiva().user("gina@jml.example.com").orElseThrow().active());
        assertEquals("USER_INACTIVE", sandbox.ramp().user("gina@jml.example.com").orElseThrow().status());
        long[] writesAfter = writes();
        assertTrue(writesAfter[0] > writesBefore[0]);

        // ---- night 3, five days later: the future end_date is reached; Gina is rehired ---------
        calendar.moveTo(D.plusDays(5));
        Exports night3 = night2.copy()
                .person(D, "J7", "gina@jml.example.com", "Gina", "Gray", "Finance", "Controller", "carol@jml.example.com", 4, null, "active");
        RunResults run3 = RunResults.process(sandbox, "jml-night3.csv", night3.csv());
        assertEquals("COMPLETED", run3.summary.path("status").asText(), run3.describe());
        Map<String, String> d3 = Exports.decisions(run3);
        assertEquals("LEAVE DEACTIVATE APPLIED", d3.get("J5/workramp"), "end_date reached: deactivated on the day");
        assertEquals("LEAVE DEACTIVATE APPLIED", d3.get("J5/ramp"));
        assertEquals("REHIRE REACTIVATE APPLIED", d3.get("J7/workramp"));
        assertEquals("REHIRE REACTIVATE APPLIED", d3.get("J7/workiva"));
        assertEquals("PENDING NONE PENDING", d3.get("J6/workramp"), "still before the start date");
        assertEquals(ginaWorkRampId, sandbox.workramp().user("gina@jml.example.com").orElseThrow().id(), "the same account, reactivated");
        assertFalse(sandbox.workramp().user("gina@jml.example.com").orElseThrow().deleted());
        assertEquals(ginaWorkivaId, sandbox.workiva().user("gina@jml.example.com").orElseThrow().id());
        assertTrue(sandbox.workiva().user("gina@jml.example.com").orElseThrow().active());
        assertTrue(sandbox.workramp().user("erin@jml.example.com").orElseThrow().deleted());

        // ---- night 4: the same file again: not one vendor write ------------------------------
        long[] before4 = writes();
        RunResults run4 = RunResults.process(sandbox, "jml-night3-again.csv", night3.csv());
        assertEquals("COMPLETED", run4.summary.path("status").asText(), run4.describe());
        assertEquals(java.util.Arrays.toString(before4), java.util.Arrays.toString(writes()), "vendor writes on an unchanged file");
        assertTrue(Exports.decisions(run4).values().stream().allMatch(d -> d.startsWith("NONE") || d.startsWith("PENDING")
                || d.startsWith("OUT_OF_SCOPE")), Exports.decisions(run4).toString());

        // ---- the start date comes: the pending joiner is provisioned -------------------------
        calendar.moveTo(D.plusDays(14));
        RunResults run5 = RunResults.process(sandbox, "jml-night-start.csv", night3.csv());
        assertEquals("JOIN CREATE APPLIED", Exports.decisions(run5).get("J6/workramp"));
        assertTrue(sandbox.workramp().user("frank@jml.example.com").isPresent());
    }

    @Test
    void anAccountLeftOutOfScopeIsStillDeactivatedWhenItsOwnerLeaves() {
        Exports staff = new Exports()
                .person(D, "K1", "kim@jml.example.com", "Kim", "Kern", "Finance", "Analyst", null, -100, null, "active")
                .person(D, "K2", "kai@jml.example.com", "Kai", "Kern", "Engineering", "Engineer", null, -100, null, "active")
                .person(D, "K3", "kit@jml.example.com", "Kit", "Kern", "Engineering", "Engineer", null, -100, null, "active")
                .person(D, "K4", "kal@jml.example.com", "Kal", "Kern", "Engineering", "Engineer", null, -100, null, "active");
        assertEquals("JOIN CREATE APPLIED", Exports.decisions(RunResults.process(sandbox, "scope-1.csv", staff.csv())).get("K1/workiva"));

        // Kim moves to Engineering: out of Workiva's scope, the account is left as is
        staff.person(D, "K1", "kim@jml.example.com", "Kim", "Kern", "Engineering", "Analyst", null, -100, null, "active");
        assertEquals("OUT_OF_SCOPE NONE SKIPPED", Exports.decisions(RunResults.process(sandbox, "scope-2.csv", staff.csv())).get("K1/workiva"));
        assertTrue(sandbox.workiva().user("kim@jml.example.com").orElseThrow().active());

        // Kim leaves: the account hrsync made is deactivated all the same
        staff.person(D, "K1", "kim@jml.example.com", "Kim", "Kern", "Engineering", "Analyst", null, -100, -1, "terminated");
        RunResults left = RunResults.process(sandbox, "scope-3.csv", staff.csv());
        assertEquals("COMPLETED", left.summary.path("status").asText(), left.describe());
        assertEquals("LEAVE DEACTIVATE APPLIED", Exports.decisions(left).get("K1/workiva"));
        assertFalse(sandbox.workiva().user("kim@jml.example.com").orElseThrow().active());
    }

    /** Write calls each simulator has answered, in simulator order. */
    long[] writes() {
        return sandbox.simulators().stream().mapToLong(VendorSimulator::writeCount).toArray();
    }
}
