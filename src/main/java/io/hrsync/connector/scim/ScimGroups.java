package io.hrsync.connector.scim;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.Config;

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
public class ScimGroups {

    private final ProducerTemplate template;
    private final VendorLookupCache cache;
    private final Config config;
    private final int maxPages;

    public ScimGroups(ProducerTemplate template, VendorLookupCache cache, Config config, HrsyncConfig hrsync) {
        this.template = template;
        this.cache = cache;
        this.config = config;
        this.maxPages = hrsync.delivery().maxPages();
    }

    public Map<String, String> ids(String runId, String vendor) {
        return cache.<Map<String, String>> get(runId, vendor, "groups", "*", () -> list(vendor)).orElseThrow();
    }

    private Map<String, String> list(String vendor) {
        VendorHttp http = new VendorHttp(template, vendor);
        int count = ScimTarget.read(config, vendor).pageSize();
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
