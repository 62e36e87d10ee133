package io.hrsync.connector.skilljar;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.hrsync.connector.VendorRejectedException;

/**
 * Skilljar's trailing-slash style ({@code hrsync.vendors.skilljar.trailing-slash}): the published spec
 * writes paths without one (the default), the integration guide with one. Skilljar answers a path in
 * the other style with a redirect; redirects are never followed (a followed 301 turns a POST or PATCH
 * into a GET), so a redirect is refused here with a message that says which setting to look at.
 */
@ApplicationScoped
@Named("skilljarPaths")
public class SkilljarPaths {

    private final SkilljarConfig config;

    public SkilljarPaths(SkilljarConfig config) {
        this.config = config;
    }

    /** Puts the request's path in the configured style. */
    public void apply(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_PATH, styled(path, config.trailingSlash()));
        }
    }

    /** A 3xx answer is a FAILED row (not retried), naming where Skilljar wanted to send the call. */
    public void refuseRedirect(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status < 300 || status >= 400) {
            return;
        }
        String location = exchange.getMessage().getHeader("Location", String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        int attempt = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        throw new VendorRejectedException("skilljar", status, "redirected " + (path == null ? "" : path + " ")
                + "to " + (location == null ? "(no Location)" : pathOf(location))
                + " (not followed): check hrsync.vendors.skilljar.trailing-slash (now " + config.trailingSlash() + ")",
                attempt);
    }

    /** The path with exactly one trailing slash, or none. */
    public static String styled(String path, boolean trailingSlash) {
        String bare = path;
        while (bare.length() > 1 && bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        return trailingSlash && !bare.endsWith("/") ? bare + "/" : bare;
    }

    /** Only the path of a Location: its query may carry a person's email. */
    private static String pathOf(String location) {
        try {
            String path = java.net.URI.create(location).getPath();
            return path == null ? location : path;
        } catch (IllegalArgumentException e) {
            return "(unreadable Location)";
        }
    }
}
