package io.hrsync.connector.ramp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.connector.LookupAnswers;
import io.hrsync.connector.Paging;
import io.hrsync.connector.VendorDirectories;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorLookupCache;
import io.hrsync.connector.VendorRejectedException;

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
    static final String BASE_URL_PROPERTY = "hrsync.vendors.ramp.base-url";

    private final VendorHttp http;
    private final RampConfig config;
    private final VendorLookupCache cache;
    private final VendorDirectories directories;
    private final int maxPages;

    public RampDirectory(ProducerTemplate template, RampConfig config, VendorLookupCache cache, VendorDirectories directories,
            HrsyncConfig hrsync) {
        this.http = new VendorHttp(template, VENDOR);
        this.config = config;
        this.cache = cache;
        this.directories = directories;
        this.maxPages = hrsync.delivery().maxPages();
    }

    /** The id of a department or location ({@code kind}: departments, locations) by name, case-insensitively. */
    public Optional<String> referenceId(String runId, String kind, String name) {
        return Optional.ofNullable(references(runId, kind).ids.get(key(name)));
    }

    /** The names of Ramp's departments or locations, as Ramp spells them (the run's one list of them). */
    public Set<String> referenceNames(String runId, String kind) {
        return Set.copyOf(references(runId, kind).names);
    }

    /** A department or location hrsync has just created. */
    public void remember(String runId, String kind, String name, String id) {
        References references = references(runId, kind);
        references.ids.put(key(name), id);
        references.names.add(name);
    }

    /** Drops the run's list of departments or locations: the next question reads it from Ramp again. */
    public void forgetReferences(String runId, String kind) {
        cache.invalidate(runId, VENDOR, kind, "*");
    }

    /** A list of departments or locations: ids by case-folded name, and the names as Ramp spells them. */
    private record References(Map<String, String> ids, Set<String> names) {
    }

    private References references(String runId, String kind) {
        return cache.<References> get(runId, VENDOR, kind, "*", () -> {
            References byName = new References(new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
            for (JsonNode item : listAll("/developer/v1/" + kind)) {
                byName.ids.putIfAbsent(key(item.path("name").asText("")), item.path("id").asText());
                byName.names.add(item.path("name").asText(""));
            }
            return byName;
        }).orElseThrow();
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** A user by email, or empty. */
    public Optional<JsonNode> findByEmail(String email) {
        return withEmail(http.get(USERS, Map.of("email", email, "page_size", 2)), email);
    }

    /**
     * A user (a manager) by email: from the run's listing of Ramp (with the users the run invited),
     * else looked up once for the run (one the listing does not have).
     */
    public Optional<JsonNode> user(String runId, String email) {
        return directories.user(runId, VENDOR, email, () -> findByEmail(email));
    }

    /**
     * What the run's decisions read of Ramp: department and location ids from the run's lists, users'
     * ids from the run's listing (or one lookup each).
     */
    public RampLookups lookups(String runId) {
        return new RampLookups() {
            @Override
            public Optional<String> referenceId(String kind, String name) {
                return RampDirectory.this.referenceId(runId, kind, name);
            }

            @Override
            public Optional<String> userId(String email) {
                return user(runId, email).map(user -> user.path("id").asText());
            }
        };
    }

    /** A user hrsync has just invited, so their reports find them without another lookup. */
    public void rememberUser(String runId, String email, JsonNode user) {
        directories.remember(runId, VENDOR, email, user);
    }

    /** Drops what the run knows of a user under this email. */
    public void forgetUser(String runId, String email) {
        directories.forget(runId, VENDOR, email);
    }

    /**
     * The user of a lookup answer ({@code {data:[…]}}) that really has the email asked for: a Ramp that
     * ignored the filter (and listed other users) finds nobody, never the wrong account.
     */
    static Optional<JsonNode> withEmail(JsonNode page, String email) {
        return LookupAnswers.withEmail(data(page), email);
    }

    /** The one user of a lookup answer with this employee_id; two such users are an error (which one is the person?). */
    static Optional<JsonNode> withEmployeeId(JsonNode page, String employeeId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode user : data(page)) {
            if (employeeId != null && employeeId.equals(user.path("employee_id").asText(null))) {
                found.add(user);
            }
        }
        if (found.size() > 1) {
            throw new VendorRejectedException(VENDOR, 0, "two Ramp users have employee_id " + employeeId
                    + ": which one is this person is for an admin to decide");
        }
        return found.stream().findFirst();
    }

    private static JsonNode data(JsonNode page) {
        if (!page.path("data").isArray()) {
            throw new VendorRejectedException(VENDOR, 0, "the user lookup's answer has no data array");
        }
        return page.path("data");
    }

    /**
     * Every item of a Ramp list: the first page, then each {@code page.next} URL called as it is, only
     * under the configured base URL (the token goes nowhere else), never twice, at most max-pages pages.
     */
    List<JsonNode> listAll(String path) {
        List<JsonNode> items = new ArrayList<>();
        Paging paging = new Paging(VENDOR, path, maxPages);
        JsonNode page = http.get(path, Map.of("page_size", config.pageSize()));
        while (true) {
            paging.pageRead();
            page.path("data").forEach(items::add);
            JsonNode next = page.path("page").path("next");
            if (!next.isTextual() || next.asText().isBlank()) {
                return items;
            }
            page = http.getUrl(paging.nextLink(next.asText(), config.baseUrl().orElseThrow(), BASE_URL_PROPERTY).toString());
        }
    }
}
