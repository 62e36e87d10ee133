package io.hrsync.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hrsync.sandbox.Sandbox;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Every secret hrsync is configured with gets a value found nowhere else (a canary), and the log goes
 * to a file too (at DEBUG for hrsync's own classes), so a test can look for the canaries in every
 * output. The SFTP password is the sandbox's, which holds {@code )}, {@code &}, {@code %2B},
 * {@code +}, {@code #} and a space (the embedded SFTP server must accept it for the run to happen).
 */
public class CanaryProfile implements QuarkusTestProfile {

    public static final String LOG_FILE = "target/canary-test/hrsync.log";

    /** Setting → canary value. */
    public static final Map<String, String> SECRETS = secrets();

    private static Map<String, String> secrets() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("hrsync.hris.sftp.password", Sandbox.SFTP_PASSWORD);
        s.put("hrsync.vendors.ramp.client-id", "canary-ramp-id-q7x");
        s.put("hrsync.vendors.ramp.client-secret", "canary-ramp-secret-z9k/+=&");
        s.put("hrsync.vendors.ramp.webhook-secret", "canary-ramp-webhook-w4m");
        s.put("hrsync.vendors.workiva.client-id", "canary-workiva-id-j2p");
        s.put("hrsync.vendors.workiva.client-secret", "canary-workiva-secret-t5r %+&");
        s.put("hrsync.vendors.workiva.scim-token", "canary-workiva-scim-s8v");
        s.put("hrsync.vendors.workramp.api-key", "canary-workramp-key-k3n");
        s.put("hrsync.vendors.skilljar.api-key", "canary-skilljar-key-l6b");
        return Map.copyOf(s);
    }

    /**
     * Every form a canary may take on its way out: as is, URL-encoded (form and path style), Base64
     * (padded or not, URL-safe too), and the HTTP Basic credentials built from it (Ramp's
     * {@code client-id:client-secret}, Skilljar's {@code api-key:}).
     */
    public static List<String> forms() {
        List<String> values = new ArrayList<>(SECRETS.values());
        values.add(SECRETS.get("hrsync.vendors.ramp.client-id") + ":" + SECRETS.get("hrsync.vendors.ramp.client-secret"));
        values.add(SECRETS.get("hrsync.vendors.workiva.client-id") + ":" + SECRETS.get("hrsync.vendors.workiva.client-secret"));
        values.add(SECRETS.get("hrsync.vendors.skilljar.api-key") + ":");
        List<String> forms = new ArrayList<>();
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
            forms.add(value);
            forms.add(form);
            forms.add(form.replace("+", "%20"));
            forms.add(Base64.getEncoder().encodeToString(bytes));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return forms.stream().distinct().toList();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new LinkedHashMap<>(SECRETS);
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.path", LOG_FILE);
        config.put("quarkus.log.file.level", "DEBUG");
        config.put("quarkus.log.category.\"io.hrsync\".level", "DEBUG");
        return config;
    }
}
