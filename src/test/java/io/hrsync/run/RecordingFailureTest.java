package io.hrsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.state.StateStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The state store refuses to record an outcome after the vendor acted (a constraint violation, as a
 * full disk or a lost database would refuse it): the recording is tried again, then the run ends
 * ABORTED with the cause, never COMPLETED; the next run finds the account the vendor holds and
 * records it, without a second account.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RecordingFailureTest {

    private static final String REFUSE = "ALTER TABLE vendor_account ADD CONSTRAINT test_refuses_rec2 "
            + "CHECK (vendor <> 'workramp' OR employee_id <> 'Rec2')";

    @Inject
    StateStore state;

    @AfterEach
    void acceptAgain() throws SQLException {
        sql("ALTER TABLE vendor_account DROP CONSTRAINT IF EXISTS test_refuses_rec2");
    }

    @Test
    void anOutcomeTheStateStoreRefusesStopsTheRunAndTheNextRunIsConsistent() throws SQLException {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        String export = RunResultsFixtures.people("Rec", 3, "Sales");
        sql(REFUSE);

        RunResults refused = RunResults.process(sandbox, "recording-refused.csv", export);

        assertEquals("ABORTED", refused.summary.path("status").asText(), refused.describe());
        assertTrue(refused.summary.path("reason").asText().contains("could not be recorded"), refused.describe());
        assertTrue(refused.summary.path("reason").asText().contains("of row 3 (employee Rec2)"), refused.describe());
        assertEquals(1, workRampAccounts(sandbox, "rec2@example.com"), "WorkRamp acted before the recording failed");
        assertTrue(state.accounts("workramp").values().stream().noneMatch(a -> a.employeeId().equals("Rec2")));
        assertEquals(0, refused.summary.path("vendors").path("workramp").path("CREATE").path("DEAD_LETTERED").asInt(),
                "an outcome that could not be recorded is not dead-lettered (the vendor acted): " + refused.describe());

        sql("ALTER TABLE vendor_account DROP CONSTRAINT test_refuses_rec2");
        RunResults next = RunResults.process(sandbox, "recording-after.csv", export);

        assertEquals("COMPLETED", next.summary.path("status").asText(), next.describe());
        assertNotEquals("FAILED", next.action("rec2@example.com", "workramp").get("outcome"), next.describe());
        assertEquals(1, workRampAccounts(sandbox, "rec2@example.com"), "one account, not a second one");
        assertTrue(state.accounts("workramp").values().stream().anyMatch(a -> a.employeeId().equals("Rec2") && a.active()),
                "the next run recorded the account");
        for (int i = 1; i <= 3; i++) {
            assertEquals(1, workRampAccounts(sandbox, "rec" + i + "@example.com"), "rec" + i);
        }
    }

    private static long workRampAccounts(Sandbox sandbox, String email) {
        return sandbox.workramp().users().stream().filter(u -> u.email().equals(email)).count();
    }

    private void sql(String statement) throws SQLException {
        try (var c = state.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
