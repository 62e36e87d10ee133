package io.hrsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.hrsync.run.VendorAction;

/** What a failed attempt leaves on its item for the next one: the action that may have been written. */
class WorkItemTest {

    @Test
    void anAttemptThatDecidedKeepsItsDecision() {
        assertEquals("CREATE", item(1, "CREATE").actionThatMayHaveBeenWritten(VendorAction.CREATE));
        assertEquals("UPDATE", item(2, "CREATE").actionThatMayHaveBeenWritten(VendorAction.UPDATE));
    }

    @Test
    void anAttemptThatFailedBeforeDecidingKeepsWhatAnEarlierAttemptDecided() {
        assertEquals("CREATE", item(2, "CREATE").actionThatMayHaveBeenWritten(VendorAction.NONE));
        assertEquals("CREATE", item(3, "CREATE").actionThatMayHaveBeenWritten(null));
        // on the first attempt the item's action is only the plan's: nothing was written
        assertEquals("NONE", item(1, "CREATE").actionThatMayHaveBeenWritten(VendorAction.NONE));
    }

    @Test
    void onlyARetriedItemWhoseEarlierAttemptDecidedCreateMayHaveCreated() {
        assertTrue(item(2, "CREATE").earlierAttemptCreated());
        assertFalse(item(1, "CREATE").earlierAttemptCreated());
        assertFalse(item(2, "UPDATE").earlierAttemptCreated());
    }

    private static WorkItem item(int attempts, String action) {
        return new WorkItem(1, "run", "workramp", "E1", "e1@example.com", 2, "JOIN", action, null, "{}", WorkStatus.CLAIMED,
                attempts, null, "me", null, null, null, null, null, null, null, null, null, null);
    }
}
