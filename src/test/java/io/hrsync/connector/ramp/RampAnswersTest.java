package io.hrsync.connector.ramp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.hrsync.connector.ErrorSummary;

/** Ramp's error text comes from error_v2 (or the legacy error), never from the body as it came. */
class RampAnswersTest {

    @Test
    void errorCodeAndMessage() {
        assertEquals("DEVELOPER_7001: email: Not a valid email address.", RampAnswers.errorText(
                "{\"error_v2\":{\"error_code\":\"DEVELOPER_7001\",\"message\":\"email: Not a valid email address.\"}}"));
        assertEquals("Rate limited", RampAnswers.errorText("{\"error\":\"Rate limited\"}"));
    }

    @Test
    void neitherAnEchoNorAnotherShapeIsRepeated() {
        assertEquals("", RampAnswers.errorText("POST /developer/v1/token\nAuthorization: Basic Y2xpZW50OnNlY3JldA=="));
        assertEquals("", RampAnswers.errorText("{\"echo\":\"grant_type=client_credentials\"}"));
        assertEquals("(the vendor's message is withheld: it quotes request material)", ErrorSummary.safe(RampAnswers.errorText(
                "{\"error_v2\":{\"error_code\":\"INVALID_CLIENT\",\"message\":\"Authorization: Basic Y2xpZW50OnNlY3JldA==\"}}")));
    }
}
