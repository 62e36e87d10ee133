package io.hrsync.connector.workiva;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.connector.DirectoryListing;
import io.hrsync.connector.VendorAccount;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * Workiva's directory listing ({@code workiva-list-accounts}): {@code GET /organizations/{org}/users}
 * with {@code $maxpagesize}, then each {@code @nextLink} followed as Workiva gives it (its {@code $next}
 * cursor is opaque: never built here) until it is absent. A next link must point under base-url: the
 * bearer token is only ever sent there.
 */
@ApplicationScoped
@Named("workivaAccounts")
public class WorkivaAccounts {

    private final WorkivaConfig config;
    private final WorkivaDirectory directory;

    public WorkivaAccounts(WorkivaConfig config, WorkivaDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    /** Query of the first page. */
    public String firstPageQuery(Exchange exchange) {
        return "$maxpagesize=" + config.directoryPageSize();
    }

    /** Path of the next page: the {@code @nextLink}'s path below base-url (checked as it was read). */
    public String nextPagePath(Exchange exchange) {
        return directory.belowBaseUrl(URI.create(DirectoryListing.of(exchange).getNext()));
    }

    /** Query of the next page: the {@code @nextLink}'s query, as Workiva gave it. */
    public String nextPageQuery(Exchange exchange) {
        return URI.create(DirectoryListing.of(exchange).getNext()).getRawQuery();
    }

    /** Reads one page ({@code {data:[…], "@nextLink"}}) into the listing. */
    public void readPage(Exchange exchange) {
        JsonNode answer = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        if (!answer.path("data").isArray()) {
            throw new VendorRejectedException(WorkivaTokens.VENDOR, VendorHttp.status(exchange), "the user list has no data array");
        }
        List<VendorAccount> page = new ArrayList<>();
        answer.path("data").forEach(user -> page.add(toAccount(user)));
        DirectoryListing.of(exchange).linkedPage(page, answer.path("@nextLink").asText(null), config.baseUrl().orElseThrow(),
                WorkivaDirectory.BASE_URL_PROPERTY);
    }

    /**
     * A Workiva organization user: active unless {@code status} is {@code suspended} (suspension through
     * SCIM is how a leaver loses access); the name is given and family name (the display name when both are empty).
     */
    public static VendorAccount toAccount(JsonNode user) {
        String name = (user.path("givenName").asText("") + " " + user.path("familyName").asText("")).trim();
        return new VendorAccount(user.path("id").asText(), user.path("email").asText(null),
                name.isEmpty() ? user.path("displayName").asText(null) : name,
                !"suspended".equalsIgnoreCase(user.path("status").asText("")), user);
    }
}
