package io.hrsync.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A vendor's error answer becomes a short, one-line summary of its documented fields, never the body. */
class ErrorSummaryTest {

    @Test
    void documentedFieldsOfEachVendorsShape() {
        assertEquals("Rate limited.", ErrorSummary.of("{\"error\":\"Rate limited.\"}")); // WorkRamp
        assertEquals("404NotFound: no such user", ErrorSummary.of("{\"code\":\"404NotFound\",\"message\":\"no such user\",\"target\":null}")); // Workiva
        assertEquals("invalid_client: unknown client", ErrorSummary.of("{\"error\":\"invalid_client\",\"error_description\":\"unknown client\"}")); // OAuth
        assertEquals("Not found.", ErrorSummary.of("{\"detail\":\"Not found.\"}")); // Skilljar (DRF)
        assertEquals("mutability: active is read-only", ErrorSummary.of("{\"scimType\":\"mutability\",\"detail\":\"active is read-only\"}")); // SCIM
        assertEquals("first_name: This field is required.", ErrorSummary.of("{\"first_name\":[\"This field is required.\"]}")); // DRF fields
    }

    @Test
    void aBodyWithoutDocumentedFieldsSaysNothing() {
        assertEquals("", ErrorSummary.of("<html><body>502 Bad Gateway</body></html>"));
        assertEquals("", ErrorSummary.of("POST /token\nAuthorization: Basic Y2xpZW50OnNlY3JldA==\n\nclient_secret=s3cret"));
        assertEquals("", ErrorSummary.of("{\"unexpected\":{\"client_secret\":\"s3cret\"}}"));
        assertEquals("", ErrorSummary.of(null));
    }

    @Test
    void anEchoedRequestInADocumentedFieldIsWithheld() {
        for (String echo : new String[] {"could not process POST /token Authorization: Basic Y2xpZW50OnNlY3JldA==",
                "bad request: grant_type=client_credentials&client_id=abc&client_secret=s3cret",
                "token Bearer abc.def is invalid", "wrong password for hrsync", "api_key=abc rejected"}) {
            assertEquals(ErrorSummary.WITHHELD, ErrorSummary.of("{\"error\":" + quote(echo) + "}"), echo);
            assertEquals(ErrorSummary.WITHHELD, ErrorSummary.safe(echo), echo);
        }
    }

    @Test
    void oneLineCappedAndWithoutControlCharacters() {
        assertEquals("bad   value  x", ErrorSummary.safe("bad\r\n value\t\u0000x"));
        String longMessage = "x".repeat(1000);
        assertEquals(ErrorSummary.MAX_LENGTH + 1, ErrorSummary.of("{\"error\":\"" + longMessage + "\"}").length());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
