package io.hrsync.connector.workramp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.connector.VendorRejectedException;

/** A WorkRamp lookup's answer is used only when it really is the person asked for. */
class WorkRampLookupAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyTheUserWithTheVeryEmailIsTaken() throws Exception {
        var answer = JSON.readTree("[{\"id\":1,\"email\":\"first.of.tenant@example.com\"},{\"id\":2,\"email\":\"ANA@example.com\"}]");
        assertEquals(2, WorkRampDecisions.userWithEmail(answer, "ana@example.com").path("id").asInt());
        assertNull(WorkRampDecisions.userWithEmail(answer, "bob@example.com"), "a filter WorkRamp ignored finds nobody");
    }

    @Test
    void anAnswerThatIsNotAnArrayIsRefused() throws Exception {
        assertThrows(VendorRejectedException.class, () -> WorkRampDecisions.userWithEmail(JSON.readTree("{}"), "ana@example.com"));
    }
}
