package io.hrsync.connector.skilljar;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.connector.Paging;
import io.hrsync.connector.VendorDirectories;
import io.hrsync.connector.VendorDirectory;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorLookupCache;

/**
 * Skilljar's data a run needs again and again, each fetched once per run through the shared lookup
 * cache. Skilljar has no lookup by email worth calling per person: a person is found in the run's one
 * listing of the domain's users ({@link VendorDirectories}; active and inactive memberships alike),
 * to which the users created during the run are added. Group and published-course names are resolved to ids the same way,
 * and a group's members are read once per group.
 */
@ApplicationScoped
public class SkilljarDirectory {

    private static final String VENDOR = "skilljar";
    static final String BASE_URL_PROPERTY = "hrsync.vendors.skilljar.base-url";

    private final VendorHttp http;
    private final SkilljarConfig config;
    private final VendorLookupCache cache;
    private final VendorDirectories directories;
    private final int maxPages;

    public SkilljarDirectory(ProducerTemplate template, SkilljarConfig config, VendorLookupCache cache,
            VendorDirectories directories, HrsyncConfig hrsync) {
        this.http = new VendorHttp(template, VENDOR);
        this.config = config;
        this.cache = cache;
        this.directories = directories;
        this.maxPages = hrsync.delivery().maxPages();
    }

    String domainPath() {
        return "/v1/domains/" + config.domain().orElseThrow();
    }

    /**
     * The person's membership in the domain ({user:{id,email,first_name,last_name}, active, ...}), if
     * any: from the run's one listing of the domain's users ({@code skilljar-list-accounts}), with the
     * users the run created or changed.
     */
    public Optional<ObjectNode> domainUser(String runId, String email) {
        return directories.of(runId, VENDOR).byEmail(email).filter(JsonNode::isObject).map(ObjectNode.class::cast);
    }

    /** Keeps a domain user the run created or changed, so later steps (and people) see it. */
    public void remember(String runId, ObjectNode domainUser) {
        directories.of(runId, VENDOR).remember(domainUser.path("user").path("email").asText(), domainUser);
    }

    /**
     * After the user's email changed in Skilljar: the run's copy of their membership is known under the
     * new email only (a lookup by the old one must not find it, nor one by the new one miss it).
     */
    public void moveEmail(String runId, String oldEmail, String newEmail) {
        VendorDirectory users = directories.of(runId, VENDOR);
        users.byEmail(oldEmail).filter(JsonNode::isObject).ifPresent(domainUser -> {
            users.forget(oldEmail);
            ObjectNode moved = ((ObjectNode) domainUser).deepCopy();
            ((ObjectNode) moved.path("user")).put("email", newEmail);
            users.remember(newEmail, moved);
        });
    }

    /** What the run's decisions read of Skilljar: the run's lists, and a user's enrolments when asked. */
    public SkilljarLookups lookups(String runId) {
        return new SkilljarLookups() {
            @Override
            public Map<String, String> groups() {
                return SkilljarDirectory.this.groups(runId);
            }

            @Override
            public Map<String, List<String>> courses() {
                return SkilljarDirectory.this.courses(runId);
            }

            @Override
            public Set<String> members(String groupId) {
                return SkilljarDirectory.this.members(runId, groupId);
            }

            @Override
            public boolean activeMember(String email) {
                return domainUser(runId, email).map(user -> user.path("active").asBoolean(false)).orElse(false);
            }

            @Override
            public Set<String> activeEnrolments(String userId) {
                return SkilljarDirectory.this.activeEnrolments(userId);
            }
        };
    }

    /** Group ids by exact name. */
    public Map<String, String> groups(String runId) {
        return cache.<Map<String, String>> get(runId, VENDOR, "groups", "*", () -> {
            Map<String, String> byName = new HashMap<>();
            for (JsonNode group : pages("/v1/groups", Map.of("page_size", config.pageSize()))) {
                byName.put(group.path("name").asText(), group.path("id").asText());
            }
            return byName;
        }).orElseThrow();
    }

    /** Ids of the users in a group (read once per group per run, kept up to date by the run). */
    public Set<String> members(String runId, String groupId) {
        return cache.<Set<String>> get(runId, VENDOR, "members", groupId, () -> {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (JsonNode member : pages("/v1/groups/" + groupId + "/users", Map.of("page_size", config.pageSize()))) {
                ids.add(member.path("user").path("id").asText());
            }
            return ids;
        }).orElseThrow();
    }

    /** Published-course ids of the domain by course title (a title may be published more than once). */
    public Map<String, List<String>> courses(String runId) {
        return cache.<Map<String, List<String>>> get(runId, VENDOR, "published-courses", "*", () -> {
            Map<String, List<String>> byTitle = new HashMap<>();
            // this listing declares no page_size: Skilljar's default page size applies
            for (JsonNode course : pages(domainPath() + "/published-courses", Map.of())) {
                byTitle.computeIfAbsent(course.path("course").path("title").asText(), t -> new ArrayList<>())
                        .add(course.path("id").asText());
            }
            return byTitle;
        }).orElseThrow();
    }

    /** Published-course ids the user has an active enrolment in (GET /v1/users/{id}/published-courses). */
    public Set<String> activeEnrolments(String userId) {
        Set<String> ids = new HashSet<>();
        JsonNode courses = http.get("/v1/users/" + userId + "/published-courses", Map.of());
        for (JsonNode course : courses) {
            for (JsonNode enrolment : course.path("all_enrollments")) {
                if (enrolment.path("active").asBoolean(false)) {
                    ids.add(course.path("published_course_id").asText());
                }
            }
        }
        return ids;
    }

    /**
     * Every result of a paged list ({count, next, previous, results}), following `next` until it is
     * null: only under the configured base URL, never twice, at most max-pages pages.
     */
    private List<JsonNode> pages(String path, Map<String, ?> firstQuery) {
        List<JsonNode> results = new ArrayList<>();
        Paging paging = new Paging(VENDOR, path, maxPages);
        String pagePath = path;
        Map<String, ?> query = firstQuery;
        while (true) {
            JsonNode answer = http.get(pagePath, query);
            paging.pageRead();
            answer.path("results").forEach(results::add);
            JsonNode next = answer.path("next");
            if (!next.isTextual() || next.asText().isBlank()) {
                return results;
            }
            URI uri = paging.nextLink(next.asText(), config.baseUrl().orElseThrow(), BASE_URL_PROPERTY);
            pagePath = withoutBasePath(uri.getPath());
            query = decode(uri.getRawQuery());
        }
    }

    /** A `next` link's path relative to the configured base URL (which may itself have a path). */
    String withoutBasePath(String path) {
        String basePath = URI.create(config.baseUrl().orElseThrow()).getPath();
        if (basePath != null && basePath.length() > 1) {
            String prefix = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
            if (path.startsWith(prefix + "/")) {
                return path.substring(prefix.length());
            }
        }
        return path;
    }

    private static Map<String, String> decode(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
