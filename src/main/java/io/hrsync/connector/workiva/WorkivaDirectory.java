package io.hrsync.connector.workiva;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.connector.Paging;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorLookupCache;

/**
 * Workiva's reference data a run needs again and again, each fetched once per run through the shared
 * lookup cache (group name → id, a group's member ids), and users looked up by email. Lists are paged
 * with {@code $maxpagesize} and continued by following {@code @nextLink} exactly as Workiva gives it
 * (its {@code $next} cursor is opaque: never built or changed here). Every call goes through the route
 * {@code workiva-http} (token, X-Version, retries, answer check).
 */
@ApplicationScoped
public class WorkivaDirectory {

    private static final String VENDOR = WorkivaTokens.VENDOR;
    static final String BASE_URL_PROPERTY = "hrsync.vendors.workiva.base-url";

    private final VendorHttp http;
    private final WorkivaConfig config;
    private final VendorLookupCache cache;
    private final int maxPages;

    public WorkivaDirectory(ProducerTemplate template, WorkivaConfig config, VendorLookupCache cache, HrsyncConfig hrsync) {
        this.http = new VendorHttp(template, VENDOR);
        this.config = config;
        this.cache = cache;
        this.maxPages = hrsync.delivery().maxPages();
    }

    public String workspaceId() {
        return config.workspaceId().orElseThrow();
    }

    public String usersPath() {
        return "/organizations/" + config.organizationId().orElseThrow() + "/users";
    }

    public String groupsPath() {
        return "/organizations/" + config.organizationId().orElseThrow() + "/workspaces/"
                + config.workspaceId().orElseThrow() + "/groups";
    }

    /** The OData lookup of a user by email ({@code $filter=email eq '…'}, quotes doubled). */
    public static String emailQuery(String email) {
        return "$filter=" + encode("email eq '" + email.replace("'", "''") + "'");
    }

    /** A user by email (suspended users included: Workiva lists them with status suspended). */
    public Optional<JsonNode> findUser(String email) {
        JsonNode page = get(usersPath(), emailQuery(email));
        for (JsonNode user : page.path("data")) {
            if (email.equalsIgnoreCase(user.path("email").asText())) {
                return Optional.of(user);
            }
        }
        return Optional.empty();
    }

    /** The configured workspace as this run knows it, for the decisions: each answer from this directory. */
    public WorkivaWorkspace workspace(String runId) {
        return new WorkivaWorkspace() {
            @Override
            public String id() {
                return workspaceId();
            }

            @Override
            public Map<String, String> groups() {
                return WorkivaDirectory.this.groups(runId);
            }

            @Override
            public Set<String> members(String groupId) {
                return WorkivaDirectory.this.members(runId, groupId);
            }
        };
    }

    /** Group ids by name, in the configured workspace. */
    public Map<String, String> groups(String runId) {
        return cache.<Map<String, String>> get(runId, VENDOR, "groups", "*", () -> {
            Map<String, String> byName = new HashMap<>();
            for (JsonNode group : list(groupsPath())) {
                byName.putIfAbsent(group.path("name").asText(), group.path("id").asText());
            }
            return byName;
        }).orElseThrow();
    }

    /** Ids of the group's members (kept up to date by the run when it adds someone). */
    public Set<String> members(String runId, String groupId) {
        return cache.<Set<String>> get(runId, VENDOR, "members", groupId, () -> {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (JsonNode member : list(groupsPath() + "/" + groupId + "/members")) {
                ids.add(member.path("id").asText());
            }
            return ids;
        }).orElseThrow();
    }

    /**
     * Every item of a list, page after page, following {@code @nextLink} until it is absent: only under
     * base-url (the bearer token is only ever sent there), never twice, at most max-pages pages.
     */
    List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        Paging paging = new Paging(VENDOR, path, maxPages);
        JsonNode page = get(path, "$maxpagesize=" + config.pageSize());
        while (true) {
            paging.pageRead();
            page.path("data").forEach(items::add);
            String next = page.path("@nextLink").asText("");
            if (next.isBlank()) {
                return items;
            }
            URI link = paging.nextLink(next, config.baseUrl().orElseThrow(), BASE_URL_PROPERTY);
            page = get(belowBaseUrl(link), link.getRawQuery());
        }
    }

    /** The path of a link already checked to be under base-url, relative to base-url's own path. */
    String belowBaseUrl(URI link) {
        String basePath = URI.create(withoutTrailingSlash(config.baseUrl().orElseThrow())).getRawPath();
        String path = link.getRawPath() == null ? "" : link.getRawPath();
        return basePath == null || basePath.isEmpty() ? path : path.substring(basePath.length());
    }

    private JsonNode get(String path, String rawQuery) {
        return http.getRaw(path, rawQuery);
    }

    static String withoutTrailingSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
