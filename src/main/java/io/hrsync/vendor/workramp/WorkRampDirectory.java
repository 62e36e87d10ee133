package io.hrsync.vendor.workramp;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.hrsync.vendor.VendorHttp;

/**
 * WorkRamp's reference data a run needs again and again, each fetched once per run and cached:
 * group name → id, a group's member ids, users looked up by email (managers), and every user's
 * custom attributes (one paged scan, so deciding "unchanged" costs no call per person).
 */
@ApplicationScoped
public class WorkRampDirectory {

    private final VendorHttp http;
    private final WorkRampConfig config;
    private final Cache<String, Object> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(6))
            .maximumSize(200_000)
            .build();

    public WorkRampDirectory(ProducerTemplate template, WorkRampConfig config) {
        this.http = new VendorHttp(template, "workramp");
        this.config = config;
    }

    /** Group ids by name. */
    @SuppressWarnings("unchecked")
    public Map<String, Integer> groups(String runId) {
        return (Map<String, Integer>) cache.get(runId + "|groups", k -> {
            Map<String, Integer> byName = new HashMap<>();
            for (JsonNode group : http.get("/api/v1/groups", Map.of())) {
                byName.put(group.path("name").asText(), group.path("id").asInt());
            }
            return byName;
        });
    }

    /** Ids of the group's members. */
    @SuppressWarnings("unchecked")
    public Set<Integer> members(String runId, int groupId) {
        return (Set<Integer>) cache.get(runId + "|members|" + groupId, k -> {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode user : http.get("/api/v1/groups/" + groupId + "/users", Map.of())) {
                ids.add(user.path("id").asInt());
            }
            return ids;
        });
    }

    /** A user by email, deleted ones included (so a rehire is found, not created twice). */
    public Optional<JsonNode> findUser(String email) {
        JsonNode found = http.get("/api/v1/users", Map.of("email", email, "limit", 1, "includeDeleted", true));
        return found.isArray() && found.size() > 0 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** A manager by email, cached for the run. */
    public Optional<JsonNode> manager(String runId, String email) {
        Object found = cache.get(runId + "|user|" + email, k -> findUser(email).map(Object.class::cast).orElse(NONE));
        return found == NONE ? Optional.empty() : Optional.of((JsonNode) found);
    }

    /** Custom attributes of a user by id (the scan covers every user once per run). */
    @SuppressWarnings("unchecked")
    public Map<String, String> attributes(String runId, int userId) {
        Map<Integer, Map<String, String>> index = (Map<Integer, Map<String, String>>) cache.get(runId + "|attributes",
                k -> scanAttributes());
        return index.getOrDefault(userId, Map.of());
    }

    private Map<Integer, Map<String, String>> scanAttributes() {
        Map<Integer, Map<String, String>> index = new HashMap<>();
        int page = 1;
        boolean more = true;
        while (more) {
            JsonNode answer = http.get("/api/v1/users/attributes",
                    Map.of("page", page, "per_page", config.attributesPageSize(), "includeDeleted", true));
            for (JsonNode user : answer.path("data").path("users")) {
                Map<String, String> attributes = new HashMap<>();
                for (JsonNode attribute : user.path("custom_attributes")) {
                    attributes.put(attribute.path("api_name").asText(), attribute.path("value").asText(null));
                }
                index.put(user.path("id").asInt(), attributes);
            }
            more = answer.path("has_more").asBoolean(false);
            page++;
        }
        return index;
    }

    /** Forgets what a run cached (its lookups are stale once the run is over). */
    public void forget(String runId) {
        cache.asMap().keySet().removeIf(k -> k.startsWith(runId + "|"));
    }

    private static final Object NONE = new Object();
}
