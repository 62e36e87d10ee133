package io.hrsync.vendor.workiva;

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

import io.hrsync.vendor.VendorHttp;
import io.hrsync.vendor.VendorLookupCache;

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

    private final VendorHttp http;
    private final WorkivaConfig config;
    private final VendorLookupCache cache;

    public WorkivaDirectory(ProducerTemplate template, WorkivaConfig config, VendorLookupCache cache) {
        this.http = new VendorHttp(template, VENDOR);
        this.config = config;
        this.cache = cache;
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

    /** Every item of a list, page after page, following {@code @nextLink} until it is absent. */
    List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode page = get(path, "$maxpagesize=" + config.pageSize());
        while (true) {
            page.path("data").forEach(items::add);
            String next = page.path("@nextLink").asText("");
            if (next.isBlank()) {
                return items;
            }
            String[] link = underBaseUrl(next);
            page = get(link[0], link[1]);
        }
    }

    /**
     * Path and raw query of a {@code @nextLink}, which must point under base-url: the bearer token is
     * only ever sent there.
     */
    String[] underBaseUrl(String nextLink) {
        URI base = URI.create(withoutTrailingSlash(config.baseUrl().orElseThrow()));
        URI link = URI.create(nextLink);
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        boolean sameServer = link.getScheme() == null
                || link.getScheme().equalsIgnoreCase(base.getScheme()) && link.getHost() != null
                        && link.getHost().equalsIgnoreCase(base.getHost()) && port(link) == port(base);
        String path = link.getRawPath() == null ? "" : link.getRawPath();
        if (!sameServer || !path.startsWith(basePath + "/")) {
            throw new IllegalStateException("Workiva's @nextLink " + link.getScheme() + "://" + link.getHost() + path
                    + " is not under hrsync.vendors.workiva.base-url; not followed");
        }
        return new String[] { path.substring(basePath.length()), link.getRawQuery() };
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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
