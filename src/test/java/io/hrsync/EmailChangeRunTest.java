package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.sandbox.RampSimulator;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.SkilljarSimulator;
import io.hrsync.sandbox.WorkRampSimulator;
import io.hrsync.sandbox.WorkivaSimulator;
import io.hrsync.connector.ramp.RampTokenProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An HRIS email change end to end: two exports, the same employee_ids with new emails in the second.
 * The run's plan knows the email each account was last applied under (hrsyncPreviousEmail), every
 * vendor finds the account under it and moves it to the new email (Ramp: updated, email noted for a
 * Ramp admin); no vendor gets a second account.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class EmailChangeRunTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @Inject
    RampTokenProvider rampTokens;

    @BeforeEach
    void fresh() {
        SandboxTestResource.resetVendorsAndState();
        rampTokens.forget();
        sandbox.ramp().pollsUntilDone(0);
    }

    @Test
    void everyVendorMovesTheExistingAccountToTheNewEmail() {
        WorkRampSimulator workramp = sandbox.workramp();
        RampSimulator ramp = sandbox.ramp();
        WorkivaSimulator workiva = sandbox.workiva();
        SkilljarSimulator skilljar = sandbox.skilljar();
        RunResults first = RunResults.process(sandbox, "email-change-1.csv", RunResultsFixtures.HEADER
                + "E9001,fin.old@example.com,Fin,Lee,Finance,Analyst,,Stockholm,2020-01-01,,active\n"
                + "E9002,sal.old@example.com,Sal,Kim,Sales,AE,,Berlin,2020-01-01,,active\n");
        assertEquals(2, first.count("workramp", "CREATE", "APPLIED"), first.actions.toString());
        int workrampUsers = workramp.users().size();
        int rampUsers = ramp.users().size();
        int workivaUsers = workiva.users().size();
        int skilljarUsers = skilljar.users().size();
        Map<String, Integer> workrampIds = Map.of("fin", workramp.user("fin.old@example.com").orElseThrow().id(),
                "sal", workramp.user("sal.old@example.com").orElseThrow().id());
        String finRamp = ramp.user("fin.old@example.com").orElseThrow().id();
        String finWorkiva = workiva.user("fin.old@example.com").orElseThrow().id();
        String salSkilljar = skilljar.user("sal.old@example.com").orElseThrow().id();

        RunResults second = RunResults.process(sandbox, "email-change-2.csv", RunResultsFixtures.HEADER
                + "E9001,fin.new@example.com,Fin,Lee,Finance,Analyst,,Stockholm,2020-01-01,,active\n"
                + "E9002,sal.new@example.com,Sal,Kim,Sales,AE,,Berlin,2020-01-01,,active\n");

        assertEquals(2, second.count("workramp", "UPDATE", "APPLIED"), second.actions.toString());
        assertEquals(workrampIds.get("fin"), workramp.user("fin.new@example.com").orElseThrow().id());
        assertEquals(workrampIds.get("sal"), workramp.user("sal.new@example.com").orElseThrow().id());
        assertEquals(workrampUsers, workramp.users().size());

        assertEquals("UPDATE", second.action("fin.new@example.com", "workiva").get("action"), second.actions.toString());
        assertEquals(finWorkiva, workiva.user("fin.new@example.com").orElseThrow().id());
        assertEquals(workivaUsers, workiva.users().size());

        assertEquals("UPDATE", second.action("sal.new@example.com", "skilljar").get("action"), second.actions.toString());
        assertEquals(salSkilljar, skilljar.user("sal.new@example.com").orElseThrow().id());
        assertEquals(skilljarUsers, skilljar.users().size());

        Map<String, String> rampRow = second.action("fin.new@example.com", "ramp");
        assertEquals(finRamp, rampRow.get("vendor_user_id"), rampRow.toString());
        assertTrue(rampRow.get("message").contains("change it in Ramp by hand"), rampRow.toString());
        assertEquals(finRamp, ramp.user("fin.old@example.com").orElseThrow().id());
        assertEquals(rampUsers, ramp.users().size());
        assertEquals(2, ramp.invitesSent());
    }
}
