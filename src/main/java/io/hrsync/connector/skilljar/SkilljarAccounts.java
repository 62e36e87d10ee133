package io.hrsync.connector.skilljar;

import java.net.URI;
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
 * Skilljar's directory listing ({@code skilljar-list-accounts}): the users of the configured domain,
 * {@code GET /v1/domains/{domain}/users?page_size=…} answering {@code {count, next, previous, results}},
 * then {@code next} until it is null. A {@code next} off the configured base URL fails the listing; of
 * one on it, the path and query are used, in the configured trailing-slash style.
 */
@ApplicationScoped
@Named("skilljarAccounts")
public class SkilljarAccounts {

    private final SkilljarConfig config;
    private final SkilljarDirectory directory;

    public SkilljarAccounts(SkilljarConfig config, SkilljarDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    /** Query of the first page. */
    public String firstPageQuery(Exchange exchange) {
        return VendorHttp.query(Map.of("page_size", config.directoryPageSize()));
    }

    /** Path of the next page: the path of {@code next}, below the configured base URL's path. */
    public String nextPagePath(Exchange exchange) {
        return directory.withoutBasePath(next(exchange).getRawPath());
    }

    /** Query of the next page: the query of {@code next}, as Skilljar gave it. */
    public String nextPageQuery(Exchange exchange) {
        return next(exchange).getRawQuery();
    }

    private static URI next(Exchange exchange) {
        return URI.create(DirectoryListing.of(exchange).getNext());
    }

    /** Reads one page into the listing. */
    public void readPage(Exchange exchange) {
        JsonNode answer = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        if (!answer.path("results").isArray()) {
            throw new VendorRejectedException(SkilljarDecisions.VENDOR, VendorHttp.status(exchange),
                    "the domain's user list has no results array");
        }
        List<VendorAccount> page = new ArrayList<>();
        answer.path("results").forEach(row -> page.add(toAccount(row)));
        JsonNode next = answer.path("next");
        DirectoryListing.of(exchange).linkedPage(page, next.isTextual() ? next.asText() : null, config.baseUrl().orElseThrow(),
                SkilljarDirectory.BASE_URL_PROPERTY);
    }

    /**
     * A domain user ({@code {user:{id, email, first_name, last_name}, active, …}}): active is the domain
     * membership's {@code active}, which is what the contract's deactivation sets to false ("only active
     * users have access to a private domain"); the organization-wide user has no writable active state
     * in the spec (only a read-only {@code inactive_at}).
     */
    public static VendorAccount toAccount(JsonNode row) {
        JsonNode user = row.path("user");
        String name = user.path("first_name").asText("") + " " + user.path("last_name").asText("");
        return new VendorAccount(user.path("id").asText(), user.path("email").asText(null), name,
                row.path("active").asBoolean(false), row);
    }
}
