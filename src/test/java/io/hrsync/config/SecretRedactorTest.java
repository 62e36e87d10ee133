package io.hrsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A configured secret is masked in every form it travels in. */
class SecretRedactorTest {

    static final String ID = "client-4711";
    static final String SECRET = "s3cr)&t+/=x y";
    final SecretRedactor redactor = new SecretRedactor(Map.of(
            "hrsync.vendors.acme.client-id", ID,
            "hrsync.vendors.acme.client-secret", SECRET,
            "hrsync.vendors.other.api-key", "key-0815",
            "hrsync.vendors.tiny.api-key", "abc"));

    @Test
    void everyFormIsMasked() {
        for (String form : new String[] {SECRET, URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20"), base64(SECRET),
                base64(SECRET).replace("=", ""), base64(ID + ":" + SECRET), base64("key-0815:"), ID}) {
            String text = "before " + form + " after";
            assertEquals("before *** after", redactor.redact(text), form);
            assertTrue(redactor.reveals(text), form);
        }
    }

    @Test
    void eachSecretOfAListIsMasked() {
        SecretRedactor rotation = new SecretRedactor(Map.of("hrsync.vendors.ramp.previous-webhook-secret",
                "whsec-one-1234,whsec-two\\,with-comma"));
        assertEquals("signed with *** or ***", rotation.redact("signed with whsec-one-1234 or whsec-two,with-comma"));
    }

    @Test
    void textWithoutSecretsStaysAsItIs() {
        assertEquals("workramp answered HTTP 503: Rate limited.", redactor.redact("workramp answered HTTP 503: Rate limited."));
        assertFalse(redactor.reveals("abc is too short to be masked"));
        assertEquals(null, redactor.redact(null));
    }

    @Test
    void secretsAreFoundByTheNameOfTheirSetting() {
        for (String name : new String[] {"hrsync.hris.sftp.password", "hrsync.vendors.ramp.client-secret",
                "hrsync.vendors.ramp.webhook-secret", "hrsync.vendors.ramp.client-id", "hrsync.vendors.workiva.scim-token",
                "hrsync.vendors.workramp.api-key", "quarkus.datasource.postgresql.password",
                "%prod.hrsync.vendors.skilljar.api-key"}) {
            assertTrue(SecretRedactor.isSecretName(name), name);
        }
        for (String name : new String[] {"hrsync.vendors.ramp.base-url", "hrsync.hris.sftp.username", "PASSWORD",
                "hrsync.vendors.workiva.token-url", "%dev.other.token"}) {
            assertFalse(SecretRedactor.isSecretName(name), name);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
