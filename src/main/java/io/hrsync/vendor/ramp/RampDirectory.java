package io.hrsync.vendor.ramp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.vendor.VendorHttp;
import io.hrsync.vendor.VendorLookupCache;
import io.hrsync.vendor.VendorRejectedException;

/**
 * Ramp's reference data a run needs again and again, fetched once per run through the shared lookup
 * cache: department and location ids by name (every page, following {@code page.next}), and users
 * by email (managers, for {@code direct_manager_id}).
 */
@ApplicationScoped
public class RampDirectory {

    static final String VENDOR = "ramp";
    static final String USERS = "/developer/v1/users";
    static final String DEPARTMENTS = "departments";
    static final String LOCATIONS = "locations";
    /** A list longer than this many pages is treated as a paging fault, not followed forever. */
    private static final int MAX_PAGES = 10_000;

    private final VendorHttp http;
    private final RampConfig config;
    private final VendorLookupCache cache;

    public RampDirectory(ProducerTemplate template, RampConfig config, VendorLookupCache cache) {
        this.http = new VendorHttp(template, VENDOR);
        this.config = config;
        this.cache = cache;
    }

    /** The id of a department or location ({@code kind}: departments, locations) by name, case-insensitively. */
    public Optional<String> referenceId(String runId, String kind, String name) {
        return Optional.ofNullable(references(runId, kind).get(key(name)));
    }

    /** A department or location hrsync has just created. */
    public void remember(String runId, String kind, String name, String id) {
        references(runId, kind).put(key(name), id);
    }

    /** Drops the run's list of departments or locations: the next question reads it from Ramp again. */
    public void forgetReferences(String runId, String kind) {
        cache.invalidate(runId, VENDOR, kind, "*");
    }

    private Map<String, String> references(String runId, String kind) {
        return cache.<Map<String, String>> get(runId, VENDOR, kind, "*", () -> {
            Map<String, String> byName = new ConcurrentHashMap<>();
            for (JsonNode item : listAll("/developer/v1/" + kind)) {
                byName.putIfAbsent(key(item.path("name").asText("")), item.path("id").asText());
            }
            return byName;
        }).orElseThrow();
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** A user by email, or empty. */
    public Optional<JsonNode> findByEmail(String email) {
        return first(http.get(USERS, Map.of("email", email, "page_size", 2)));
    }

    /** A user (a manager) by email, cached for the run. */
    public Optional<JsonNode> user(String runId, String email) {
        return cache.get(runId, VENDOR, "user", email.toLowerCase(Locale.ROOT), () -> findByEmail(email).orElse(null));
    }

    /** A user hrsync has just invited, so their reports find them without another lookup. */
    public void rememberUser(String runId, String email, JsonNode user) {
        cache.put(runId, VENDOR, "user", email.toLowerCase(Locale.ROOT), user);
    }

    /** Drops the run's cached lookup of a user by email. */
    public void forgetUser(String runId, String email) {
        cache.invalidate(runId, VENDOR, "user", email.toLowerCase(Locale.ROOT));
    }

    static Optional<JsonNode> first(JsonNode page) {
        JsonNode data = page.path("data");
        return data.isArray() && data.size() > 0 ? Optional.of(data.get(0)) : Optional.empty();
    }

    /** Every item of a Ramp list: the first page, then each {@code page.next} URL called as it is. */
    List<JsonNode> listAll(String path) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode page = http.get(path, Map.of("page_size", config.pageSize()));
        for (int pages = 1;; pages++) {
            page.path("data").forEach(items::add);
            JsonNode next = page.path("page").path("next");
            if (!next.isTextual() || next.asText().isBlank()) {
                return items;
            }
            if (!seen.add(next.asText()) || pages >= MAX_PAGES) {
                throw new VendorRejectedException(VENDOR, 0, "paging of " + path + " does not end (page.next " + next.asText() + ")");
            }
            page = getUrl(next.asText());
        }
    }

    /** GET of a full URL Ramp gave (page.next), followed only under the configured base URL. */
    private JsonNode getUrl(String url) {
        return http.getUrl(checkedNextUrl(config.baseUrl().orElseThrow(), url));
    }

    /** A page.next URL, followed only when it is under the configured base URL (the token goes nowhere else). */
    static String checkedNextUrl(String baseUrl, String url) {
        String base = baseUrl.replaceAll("/+$", "");
        if (url == null || !url.startsWith(base + "/")) {
            throw new VendorRejectedException(VENDOR, 0, "page.next " + url + " is not under " + base + ": not followed");
        }
        return url;
    }
}
