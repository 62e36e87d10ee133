package io.hrsync.connector.ramp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.connector.VendorRejectedException;

/** A Ramp lookup's answer is used only when it really is the person asked for. */
class RampLookupAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLookupThatIgnoredItsFilterFindsNobodyRatherThanTheWrongAccount() throws Exception {
        JsonNode answer = JSON.readTree("{\"data\":[{\"id\":\"u1\",\"email\":\"someone.else@example.com\",\"employee_id\":\"E9\"}]}");
        assertTrue(RampDirectory.withEmail(answer, "ana@example.com").isEmpty());
        assertTrue(RampDirectory.withEmployeeId(answer, "E1").isEmpty());
    }

    @Test
    void theUserWithTheVeryEmailOrEmployeeIdIsFoundWhereverItIsInTheAnswer() throws Exception {
        JsonNode answer = JSON.readTree("{\"data\":[{\"id\":\"u1\",\"email\":\"other@example.com\"},"
                + "{\"id\":\"u2\",\"email\":\"Ana@Example.com\",\"employee_id\":\"E1\"}]}");
        assertEquals("u2", RampDirectory.withEmail(answer, "ana@example.com").orElseThrow().path("id").asText());
        assertEquals("u2", RampDirectory.withEmployeeId(answer, "E1").orElseThrow().path("id").asText());
    }

    @Test
    void twoUsersWithOneEmployeeIdAreAnErrorNotAGuess() throws Exception {
        JsonNode answer = JSON.readTree("{\"data\":[{\"id\":\"u1\",\"employee_id\":\"E1\"},{\"id\":\"u2\",\"employee_id\":\"E1\"}]}");
        VendorRejectedException e = assertThrows(VendorRejectedException.class, () -> RampDirectory.withEmployeeId(answer, "E1"));
        assertTrue(e.getMessage().contains("two Ramp users have employee_id E1"), e.getMessage());
    }

    @Test
    void anAnswerWithoutADataArrayIsRefused() throws Exception {
        JsonNode html = JSON.readTree("\"<html>login</html>\"");
        assertThrows(VendorRejectedException.class, () -> RampDirectory.withEmail(html, "ana@example.com"));
        assertThrows(VendorRejectedException.class, () -> RampDirectory.withEmail(JSON.readTree("{}"), "ana@example.com"));
    }
}
