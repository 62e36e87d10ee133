package io.hrsync.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The last line of defence against a secret in hrsync's output: knows every configured secret value
 * and masks it, and the forms it travels in on the wire (Base64 as in HTTP Basic, also of
 * {@code client-id:client-secret} and {@code key:}, and URL-encoded as in a form body), in any text
 * hrsync writes out: result files, summary.json, reason files, the work items' messages (dead letters
 * included) and log lines. Vendor error text is already reduced to a safe summary before it gets
 * here ({@code vendor/ErrorSummary}); this catches what a vendor quotes inside its own error fields,
 * and what any other path lets through.
 *
 * <p>Secrets are found by the name of their setting, not by a list of vendors, so a new vendor's
 * credentials are covered without touching this class: every {@code hrsync.*} and
 * {@code quarkus.datasource.*} property whose last name part is {@code password}, {@code passphrase},
 * {@code client-id}, {@code api-key}, or ends in {@code secret} or {@code token}. Values shorter than
 * {@value #MIN_LENGTH} characters are not masked (they would mask ordinary words).
 */
public final class SecretRedactor {

    public static final String MASK = "***";
    static final int MIN_LENGTH = 4;

    private static final SecretRedactor NONE = new SecretRedactor(Map.of());
    private static final ThreadLocal<Boolean> BUILDING = ThreadLocal.withInitial(() -> false);
    private static volatile Cached cached;

    private record Cached(Config config, SecretRedactor redactor) {
    }

    /** Every form of every secret, longest first (so a longer form is masked whole). */
    private final List<String> forms;
    /** The shortest form's length: a shorter text (most cells of a result file) holds none. */
    private final int shortest;

    public SecretRedactor(Map<String, String> secretsByName) {
        Set<String> values = new LinkedHashSet<>();
        Map<String, String> ids = new TreeMap<>();
        secretsByName.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            values.add(value);
            for (String item : value.split("(?<!\\\\),")) { // a list of secrets (previous-webhook-secret): each one
                values.add(item.replace("\\,", ",").strip());
            }
            values.add(value + ":"); // an API key as an HTTP Basic user name with no password (Skilljar)
            if (name.endsWith("client-id")) {
                ids.put(name.substring(0, name.length() - "client-id".length()), value);
            }
        });
        // HTTP Basic client credentials: base64(client-id:client-secret) of the same settings block
        ids.forEach((prefix, id) -> {
            String secret = secretsByName.get(prefix + "client-secret");
            if (secret != null && !secret.isBlank()) {
                values.add(id + ":" + secret);
            }
        });
        Set<String> all = new LinkedHashSet<>();
        for (String value : values) {
            if (value.strip().length() < MIN_LENGTH) {
                continue;
            }
            all.add(value);
            all.add(value.replace("\\", "\\\\").replace("\"", "\\\"")); // as a JSON string holds it (summary.json)
            String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
            all.add(form);
            all.add(form.replace("+", "%20"));
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            String base64 = Base64.getEncoder().encodeToString(bytes);
            all.add(base64);
            all.add(stripPadding(base64));
            all.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.removeIf(f -> f.length() < MIN_LENGTH);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.forms = List.copyOf(sorted);
        this.shortest = sorted.isEmpty() ? Integer.MAX_VALUE : sorted.get(sorted.size() - 1).length();
    }

    /** The redactor for the running application's configuration (rebuilt when the configuration is another). */
    public static SecretRedactor current() {
        if (BUILDING.get()) {
            return NONE; // reading the configuration logged something (the log filter asks here too)
        }
        Config config;
        try {
            config = ConfigProvider.getConfig();
        } catch (RuntimeException noConfigYet) {
            return NONE; // a log line of the earliest startup, before any configuration (and secret) exists
        }
        Cached now = cached;
        if (now == null || now.config() != config) {
            BUILDING.set(true);
            try {
                now = new Cached(config, fromConfig(config));
            } finally {
                BUILDING.set(false);
            }
            cached = now;
        }
        return now.redactor();
    }

    /** Masks secrets in a text of the current configuration; null stays null. */
    public static String mask(String text) {
        return current().redact(text);
    }

    static SecretRedactor fromConfig(Config config) {
        Map<String, String> secrets = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (isSecretName(name)) {
                try {
                    config.getOptionalValue(name, String.class).ifPresent(v -> secrets.put(name, v));
                } catch (RuntimeException unreadable) {
                    // a value that cannot be read as text is not one hrsync sends anywhere
                }
            }
        }
        return new SecretRedactor(secrets);
    }

    public static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("%") && lower.indexOf('.') > 0) {
            lower = lower.substring(lower.indexOf('.') + 1); // a profile's value (%prod.hrsync...) is a secret too
        }
        if (!lower.startsWith("hrsync.") && !lower.startsWith("quarkus.datasource.")) {
            return false;
        }
        String last = lower.substring(lower.lastIndexOf('.') + 1);
        return last.equals("password") || last.equals("passphrase") || last.equals("client-id")
                || last.equals("api-key") || last.endsWith("secret") || last.endsWith("token");
    }

    /** The text with every form of every secret replaced by {@value #MASK}; null stays null. */
    public String redact(String text) {
        if (text == null || text.length() < shortest) {
            return text;
        }
        String result = text;
        for (String form : forms) {
            if (result.contains(form)) {
                result = result.replace(form, MASK);
            }
        }
        return result;
    }

    /** Whether the text holds any form of a secret. */
    public boolean reveals(String text) {
        return text != null && forms.stream().anyMatch(text::contains);
    }

    private static String stripPadding(String base64) {
        int end = base64.length();
        while (end > 0 && base64.charAt(end - 1) == '=') {
            end--;
        }
        return base64.substring(0, end);
    }
}
