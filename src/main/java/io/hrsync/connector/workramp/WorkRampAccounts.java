package io.hrsync.connector.workramp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.connector.DirectoryListing;
import io.hrsync.connector.VendorAccount;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * WorkRamp's directory listing ({@code workramp-list-accounts}): {@code GET /api/v1/users} with
 * {@code limit} and a zero-based {@code page}, deleted users included; the answer is a bare array and
 * a page past the end is empty, so the listing ends with the first page that is not full.
 */
@ApplicationScoped
@Named("workRampAccounts")
public class WorkRampAccounts {

    private final WorkRampConfig config;

    public WorkRampAccounts(WorkRampConfig config) {
        this.config = config;
    }

    /** Query of the next page: limit, the zero-based page number, deleted users included. */
    public String pageQuery(Exchange exchange) {
        return VendorHttp.query(Map.of("limit", config.directoryPageSize(),
                "page", DirectoryListing.of(exchange).getPagesRead(), "includeDeleted", true));
    }

    /** Reads one page into the listing. */
    public void readPage(Exchange exchange) {
        JsonNode users = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        if (!users.isArray()) {
            throw new VendorRejectedException("workramp", VendorHttp.status(exchange), "the user list is not a JSON array");
        }
        List<VendorAccount> page = new ArrayList<>();
        users.forEach(user -> page.add(toAccount(user)));
        DirectoryListing.of(exchange).numberedPage(page, config.directoryPageSize());
    }

    /**
     * The answer of {@code workramp-list-groups} (a bare array of groups, not paginated) as group id by
     * name: what the rules' group names resolve to, for the rules preflight and the deliveries alike.
     */
    public java.util.Map<String, Integer> groupsByName(String answer) {
        JsonNode groups = VendorHttp.readJson(answer);
        if (!groups.isArray()) {
            throw new VendorRejectedException("workramp", 0, "the group list is not a JSON array");
        }
        java.util.Map<String, Integer> byName = new java.util.HashMap<>();
        for (JsonNode group : groups) {
            byName.put(group.path("name").asText(), group.path("id").asInt());
        }
        return byName;
    }

    /** A WorkRamp user ({@code id, email, name, isDeleted, isPermanentlyDeleted}): active unless deleted. */
    public static VendorAccount toAccount(JsonNode user) {
        boolean deleted = user.path("isDeleted").asBoolean(false) || user.path("isPermanentlyDeleted").asBoolean(false);
        return new VendorAccount(user.path("id").asText(), user.path("email").asText(null), user.path("name").asText(null),
                !deleted, user);
    }
}
