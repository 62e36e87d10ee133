package io.hrsync.connector.scim;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.connector.Paging;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorLookupCache;

/**
 * A SCIM app's groups, displayName → id, listed once per run (GET /Groups, paged by startIndex and
 * count, through the app's http route) and shared by the rules preflight and the deliveries.
 */
@ApplicationScoped
@Named("scimGroups")
public class ScimGroups {

    private final ProducerTemplate template;
    private final VendorLookupCache cache;
    private final int maxPages;

    public ScimGroups(ProducerTemplate template, VendorLookupCache cache, HrsyncConfig hrsync) {
        this.template = template;
        this.cache = cache;
        this.maxPages = hrsync.delivery().maxPages();
    }

    /** The target's groups, displayName → id, listed once per run. */
    public Map<String, String> ids(String runId, ScimTarget target) {
        return cache.<Map<String, String>> get(runId, target.name(), "groups", "*", () -> list(target.name(), target.pageSize()))
                .orElseThrow();
    }

    /**
     * Adds a member on a server without PATCH (/ServiceProviderConfig): the group is read and put back
     * whole with the member added. Hand-written rather than two route steps because the read and the
     * write must hold one lock per group: two workers adding joiners to the same group at once would
     * otherwise each put back the members they read, and one of the joiners would be lost
     * ({@code ScimPutDeliveryTest} adds six joiners to one group at once). One process drains a vendor
     * at a time (the drain lease), so a lock in the process is enough.
     */
    public void addMemberByPut(String vendor, String groupId, String userId) {
        Object lock = locks.computeIfAbsent(vendor + "/" + groupId, k -> new Object());
        synchronized (lock) {
            VendorHttp http = new VendorHttp(template, vendor);
            JsonNode group = http.getRaw("/Groups/" + groupId, null);
            if (!groupId.equals(group.path("id").asText())) {
                throw new io.hrsync.connector.VendorRejectedException(vendor, 0, "GET /Groups/" + groupId + " answered another resource");
            }
            com.fasterxml.jackson.databind.node.ObjectNode body = group.deepCopy();
            body.remove(java.util.List.of("id", "meta"));
            com.fasterxml.jackson.databind.node.ArrayNode members = body.has("members") && body.get("members").isArray()
                    ? (com.fasterxml.jackson.databind.node.ArrayNode) body.get("members") : body.putArray("members");
            for (JsonNode member : members) {
                if (userId.equals(member.path("value").asText())) {
                    return;
                }
            }
            members.addObject().put("value", userId);
            http.call("PUT", "/Groups/" + groupId, null, body, null);
        }
    }

    private final Map<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, String> list(String vendor, int count) {
        VendorHttp http = new VendorHttp(template, vendor);
        Paging paging = new Paging(vendor, "the group list", maxPages);
        Map<String, String> byName = new HashMap<>();
        int startIndex = 1;
        while (true) {
            JsonNode page = ScimAccounts.listResponse(vendor,
                    http.getRaw("/Groups", "startIndex=" + startIndex + "&count=" + count), "/Groups");
            paging.pageRead();
            int items = page.path("Resources").size();
            page.path("Resources").forEach(group -> byName.putIfAbsent(group.path("displayName").asText(), group.path("id").asText()));
            startIndex += items;
            if (items == 0 || startIndex > page.path("totalResults").asLong()) {
                return byName;
            }
        }
    }
}
