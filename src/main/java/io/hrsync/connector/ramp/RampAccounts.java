package io.hrsync.connector.ramp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.connector.DirectoryListing;
import io.hrsync.connector.VendorAccount;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * Ramp's directory listing ({@code ramp-list-accounts}): {@code GET /developer/v1/users?page_size=…},
 * then each {@code page.next} (the complete URL of the next page, keyset paging) called as Ramp gave
 * it, until it is null. Only a next URL under the configured base URL is followed: the access token
 * goes nowhere else.
 */
@ApplicationScoped
@Named("rampAccounts")
public class RampAccounts {

    /**
     * Statuses of a user who cannot sign in: deactivated, suspended by an admin, or invited with an
     * invite that expired (an admin must resend it).
     */
    static final Set<String> INACTIVE_STATUSES = Set.of("USER_INACTIVE", "USER_SUSPENDED", "INVITE_EXPIRED");

    private final RampConfig config;

    public RampAccounts(RampConfig config) {
        this.config = config;
    }

    /** Query of the first page. */
    public String firstPageQuery(Exchange exchange) {
        return VendorHttp.query(Map.of("page_size", config.directoryPageSize()));
    }

    /** The next page's URL (page.next of the last page), checked to be under the configured base URL as it was read. */
    public String nextPageUrl(Exchange exchange) {
        return DirectoryListing.of(exchange).getNext();
    }

    /** Reads one page ({@code {data:[…], page:{next}}}) into the listing. */
    public void readPage(Exchange exchange) {
        JsonNode answer = VendorHttp.readJson(exchange.getMessage().getBody(String.class));
        if (!answer.path("data").isArray()) {
            throw new VendorRejectedException(RampDecisions.VENDOR, VendorHttp.status(exchange), "the user list has no data array");
        }
        List<VendorAccount> page = new ArrayList<>();
        answer.path("data").forEach(user -> page.add(toAccount(user)));
        JsonNode next = answer.path("page").path("next");
        DirectoryListing.of(exchange).linkedPage(page, next.isTextual() ? next.asText() : null, config.baseUrl().orElseThrow(),
                RampDirectory.BASE_URL_PROPERTY);
    }

    /**
     * A Ramp user: active unless deactivated ({@code USER_INACTIVE}), suspended ({@code USER_SUSPENDED})
     * or left with an expired invite ({@code INVITE_EXPIRED}). {@code INVITE_PENDING} counts as active
     * (the invitee signs in by accepting the invite; the seats report counts it as a pending invite),
     * as do {@code USER_ONBOARDING} and {@code USER_ACTIVE}.
     */
    public static VendorAccount toAccount(JsonNode user) {
        String first = user.path("first_name").asText("");
        String last = user.path("last_name").asText("");
        String status = user.path("status").asText("");
        return new VendorAccount(user.path("id").asText(), user.path("email").asText(null), first + " " + last,
                !INACTIVE_STATUSES.contains(status), status.equals("INVITE_PENDING"), user);
    }
}
