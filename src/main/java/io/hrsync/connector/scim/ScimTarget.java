package io.hrsync.connector.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;

import io.hrsync.config.VendorConcurrencyDefaults;

/**
 * One SCIM 2.0 app as configured: {@code hrsync.vendors.<name>.type=scim} and its block
 * {@code hrsync.vendors.<name>.*}. Read from the configuration by name, as the names are the
 * operator's (several SCIM apps at once, each its own vendor).
 *
 * @param baseUrl        the SCIM base URL, e.g. https://app.example.com/scim/v2
 * @param bearerToken    secret: sent as {@code Authorization: Bearer}
 * @param username       with {@code password}: HTTP Basic instead of a bearer token
 * @param updateMethod   how a changed user is written: {@code auto} (PATCH where the server's
 *                       /ServiceProviderConfig says it supports it, else PUT), {@code patch} or {@code put}
 * @param leaverAction   {@code deactivate} ({@code active: false}, the default) or {@code delete}
 *                       (DELETE /Users/{id}: irreversible, only when configured)
 */
public record ScimTarget(String name, boolean enabled, Optional<String> baseUrl, Optional<String> bearerToken,
        Optional<String> username, Optional<String> password, int rateLimit, long ratePeriodMs, int concurrency,
        int pageSize, String updateMethod, String leaverAction) {

    /** The value of {@code hrsync.vendors.<name>.type} that makes a vendor a SCIM app. */
    public static final String TYPE = "scim";
    static final String PREFIX = "hrsync.vendors.";

    /** Names of every vendor whose type is scim (sorted). */
    public static List<String> names(Config config) {
        TreeSet<String> names = new TreeSet<>();
        for (String property : config.getPropertyNames()) {
            if (property.startsWith(PREFIX) && property.endsWith(".type")) {
                String name = property.substring(PREFIX.length(), property.length() - ".type".length());
                if (!name.contains(".") && config.getOptionalValue(property, String.class)
                        .map(v -> TYPE.equals(v.trim().toLowerCase(Locale.ROOT))).orElse(false)) {
                    names.add(name);
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** The target's block as configured, with the documented defaults. */
    public static ScimTarget read(Config config, String name) {
        String p = PREFIX + name + ".";
        int rateLimit = config.getOptionalValue(p + "rate-limit", Integer.class).orElse(300);
        long ratePeriodMs = config.getOptionalValue(p + "rate-period-ms", Long.class).orElse(60_000L);
        return new ScimTarget(name,
                config.getOptionalValue(p + "enabled", Boolean.class).orElse(false),
                text(config, p + "base-url"),
                text(config, p + "bearer-token"),
                text(config, p + "username"),
                text(config, p + "password"),
                rateLimit, ratePeriodMs,
                config.getOptionalValue(p + "concurrency", Integer.class)
                        .orElse(VendorConcurrencyDefaults.sizedToLimit(rateLimit, ratePeriodMs)),
                config.getOptionalValue(p + "page-size", Integer.class).orElse(100),
                text(config, p + "update-method").orElse("auto").toLowerCase(Locale.ROOT),
                text(config, p + "leaver-action").orElse("deactivate").toLowerCase(Locale.ROOT));
    }

    private static Optional<String> text(Config config, String property) {
        return config.getOptionalValue(property, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Every problem of the block, each naming its property; empty when it can be used. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String p = PREFIX + name + ".";
        if (!name.matches("[a-z][a-z0-9-]*")) {
            problems.add(p + "type: a SCIM vendor's name must be lower-case letters, digits and '-' (it names routes and result lines)");
        }
        if (baseUrl.isEmpty()) {
            problems.add(p + "base-url is required when " + name + " is enabled");
        } else if (!baseUrl.get().startsWith("https://") && !baseUrl.get().startsWith("http://")) {
            problems.add(p + "base-url must be an http(s) URL");
        }
        if (bearerToken.isPresent() == (username.isPresent() || password.isPresent())) {
            problems.add(p + "bearer-token, or username and password (HTTP Basic), is required (exactly one of the two)");
        } else if (username.isPresent() != password.isPresent()) {
            problems.add(p + "username and password go together");
        }
        if (!List.of("auto", "patch", "put").contains(updateMethod)) {
            problems.add(p + "update-method must be auto, patch or put (is '" + updateMethod + "')");
        }
        if (!List.of("deactivate", "delete").contains(leaverAction)) {
            problems.add(p + "leaver-action must be deactivate or delete (is '" + leaverAction + "')");
        }
        if (pageSize < 1 || pageSize > 1000) {
            problems.add(p + "page-size must be 1-1000");
        }
        if (rateLimit < 1) {
            problems.add(p + "rate-limit must be at least 1");
        }
        if (ratePeriodMs < 1) {
            problems.add(p + "rate-period-ms must be at least 1");
        }
        if (concurrency < 1) {
            problems.add(p + "concurrency must be at least 1");
        }
        return problems;
    }

    /** The base URL without a trailing slash. */
    public String base() {
        String url = baseUrl.orElseThrow();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public boolean deletesLeavers() {
        return "delete".equals(leaverAction);
    }
}
