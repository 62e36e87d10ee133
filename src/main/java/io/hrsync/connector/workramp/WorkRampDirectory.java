package io.hrsync.connector.workramp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.run.ExchangeKeys;
import io.hrsync.config.HrsyncConfig;
import io.hrsync.connector.Paging;
import io.hrsync.connector.VendorDirectories;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorLookupCache;

/**
 * WorkRamp's reference data a run needs again and again, each fetched once per run through the
 * shared lookup cache: group name → id, a group's member ids, users looked up by email (managers),
 * and every user's custom attributes (one paged scan, so deciding "unchanged" costs no call per person).
 */
@ApplicationScoped
public class WorkRampDirectory {

    private static final String VENDOR = "workramp";
    private static final String ATTRIBUTES = "/api/v1/users/attributes";

    private final VendorHttp http;
    private final ProducerTemplate template;
    private final WorkRampConfig config;
    private final VendorLookupCache cache;
    private final VendorDirectories directories;
    private final int maxPages;

    public WorkRampDirectory(ProducerTemplate template, WorkRampConfig config, VendorLookupCache cache,
            VendorDirectories directories, HrsyncConfig hrsync) {
        this.http = new VendorHttp(template, VENDOR);
        this.template = template;
        this.config = config;
        this.cache = cache;
        this.directories = directories;
        this.maxPages = hrsync.delivery().maxPages();
    }

    /** What the run knows of WorkRamp, for the decisions: each answer from this directory, for this run. */
    public WorkRampTenant tenant(String runId) {
        return new WorkRampTenant() {
            @Override
            public Map<String, Integer> groups() {
                return WorkRampDirectory.this.groups(runId);
            }

            @Override
            public Set<Integer> members(int groupId) {
                return WorkRampDirectory.this.members(runId, groupId);
            }

            @Override
            public Optional<JsonNode> user(String email) {
                return manager(runId, email);
            }

            @Override
            public Map<String, String> attributes(int userId) {
                return WorkRampDirectory.this.attributes(runId, userId);
            }
        };
    }

    /**
     * Group ids by name: the route {@code workramp-list-groups}, once per run (the rules preflight reads
     * it before any write; the deliveries find it in the cache).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Integer> groups(String runId) {
        return cache.<Map<String, Integer>> get(runId, VENDOR, "groups", "*", () -> {
            Exchange answer = template.send("direct:workramp-list-groups", ExchangePattern.InOut,
                    e -> e.setProperty(ExchangeKeys.VENDOR, VENDOR));
            if (answer.getException() != null) {
                throw answer.getException() instanceof RuntimeException r ? r : new IllegalStateException(answer.getException());
            }
            return (Map<String, Integer>) answer.getMessage().getBody(Map.class);
        }).orElseThrow();
    }

    /** Ids of the group's members. */
    public Set<Integer> members(String runId, int groupId) {
        return cache.<Set<Integer>> get(runId, VENDOR, "members", String.valueOf(groupId), () -> {
            Set<Integer> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (JsonNode user : http.get("/api/v1/groups/" + groupId + "/users", Map.of())) {
                ids.add(user.path("id").asInt());
            }
            return ids;
        }).orElseThrow();
    }

    /** A user by email, deleted ones included (so a rehire is found, not created twice); only a user with that very email. */
    public Optional<JsonNode> findUser(String email) {
        return Optional.ofNullable(WorkRampDecisions.userWithEmail(
                http.get("/api/v1/users", Map.of("email", email, "limit", 1, "includeDeleted", true)), email));
    }

    /**
     * A manager by email: from the run's listing of WorkRamp (with the users the run created), else
     * looked up once for the run (a manager the listing does not have, e.g. one created by hand since).
     */
    public Optional<JsonNode> manager(String runId, String email) {
        return directories.user(runId, VENDOR, email, () -> findUser(email));
    }

    /** A user the run created or moved to this email: their reports find them without a lookup. */
    public void rememberUser(String runId, String email, JsonNode user) {
        directories.remember(runId, VENDOR, email, user);
    }

    /** Drops what the run knows of a user under this email (their email changed in this run). */
    public void forgetUser(String runId, String email) {
        directories.forget(runId, VENDOR, email);
    }

    /** Custom attributes of a user by id (the scan covers every user once per run). */
    public Map<String, String> attributes(String runId, int userId) {
        return cache.<Map<Integer, Map<String, String>>> get(runId, VENDOR, "attributes", "*", this::scanAttributes)
                .orElseThrow().getOrDefault(userId, Map.of());
    }

    /**
     * Every user's custom attributes, page after page while {@code has_more}; a page with no user not
     * seen before while {@code has_more} says true, or more than max-pages pages, fails the scan.
     */
    private Map<Integer, Map<String, String>> scanAttributes() {
        Map<Integer, Map<String, String>> index = new HashMap<>();
        Paging paging = new Paging(VENDOR, ATTRIBUTES, maxPages);
        boolean more = true;
        for (int page = 1; more; page++) {
            JsonNode answer = http.get(ATTRIBUTES,
                    Map.of("page", page, "per_page", config.attributesPageSize(), "includeDeleted", true));
            paging.pageRead();
            int added = 0;
            for (JsonNode user : answer.path("data").path("users")) {
                Map<String, String> attributes = new HashMap<>();
                for (JsonNode attribute : user.path("custom_attributes")) {
                    attributes.put(attribute.path("api_name").asText(), attribute.path("value").asText(null));
                }
                if (index.put(user.path("id").asInt(), attributes) == null) {
                    added++;
                }
            }
            more = answer.path("has_more").asBoolean(false);
            if (more && added == 0) {
                paging.nothingNew("page " + page);
            }
        }
        return index;
    }
}
