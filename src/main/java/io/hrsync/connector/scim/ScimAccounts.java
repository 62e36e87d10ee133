package io.hrsync.connector.scim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Users of a SCIM app: the lookup by userName ({@code filter=userName eq "…"}), the directory listing
 * paged by {@code startIndex}/{@code count} (RFC 7644 §3.4.2.4), and the checks of a ListResponse
 * before anything in it is believed.
 */
@ApplicationScoped
@Named("scimAccounts")
public class ScimAccounts {

    private final ScimConnectors targets;

    public ScimAccounts(ScimConnectors targets) {
        this.targets = targets;
    }

    /** The query of the lookup by userName: a filter with the value quoted and escaped (RFC 7644 §3.4.2.2). */
    public static String userNameQuery(String userName) {
        String filter = "userName eq \"" + userName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return "filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The user of a lookup answer whose userName really is the one asked for (a server that ignored the filter finds nobody). */
    public static JsonNode userNamed(String vendor, String answer, String userName) {
        return userNamed(vendor, VendorHttp.readJson(answer), userName);
    }

    /** The same, of an answer already read. */
    public static JsonNode userNamed(String vendor, JsonNode answer, String userName) {
        JsonNode list = listResponse(vendor, answer, "/Users?filter");
        for (JsonNode user : list.path("Resources")) {
            if (userName.equalsIgnoreCase(user.path("userName").asText())) {
                return user;
            }
        }
        return null;
    }

    /** The query of the listing's next page. */
    public String pageQuery(String vendor, int startIndex) {
        return "startIndex=" + startIndex + "&count=" + targets.target(vendor).pageSize();
    }

    /** Reads one page of the listing into it. */
    public void readPage(Exchange exchange) {
        String vendor = exchange.getProperty(io.hrsync.run.ExchangeKeys.VENDOR, String.class);
        JsonNode page = listResponse(vendor, VendorHttp.readJson(exchange.getMessage().getBody(String.class)), "/Users");
        List<VendorAccount> accounts = new ArrayList<>();
        page.path("Resources").forEach(user -> accounts.add(toAccount(user)));
        DirectoryListing.of(exchange).indexedPage(accounts, page.path("Resources").size(), page.path("totalResults").asLong());
    }

    /**
     * A ListResponse, checked: its schema, a numeric totalResults and, when that is not zero, a
     * Resources array (RFC 7644 §3.4.2). Anything else is the server's refusal, not an empty list.
     */
    static JsonNode listResponse(String vendor, JsonNode answer, String what) {
        boolean schema = false;
        for (JsonNode s : answer.path("schemas")) {
            schema |= ScimSchemas.LIST_RESPONSE.equals(s.asText());
        }
        if (!schema || !answer.path("totalResults").isIntegralNumber()
                || answer.path("totalResults").asLong() > 0 && !answer.path("Resources").isArray()) {
            throw new VendorRejectedException(vendor, 0, "the answer to " + what + " is not a SCIM ListResponse");
        }
        return answer;
    }

    /** A SCIM user as a vendor-neutral account: userName as the email, active as SCIM says. */
    public static VendorAccount toAccount(JsonNode user) {
        String name = user.path("displayName").asText(null);
        if (name == null) {
            name = (user.path("name").path("givenName").asText("") + " " + user.path("name").path("familyName").asText("")).trim();
        }
        return new VendorAccount(user.path("id").asText(), user.path("userName").asText(null), name,
                ScimChanges.active(user), user);
    }
}
