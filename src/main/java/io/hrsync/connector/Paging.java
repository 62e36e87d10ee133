package io.hrsync.connector;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One paged vendor list being followed (a directory listing, reference data, custom attributes):
 * every paging loop counts its pages here and hands each next link here before calling it, so that a
 * list that does not end fails with an error naming the vendor and the list instead of looping: more
 * than {@code hrsync.delivery.max-pages} pages, a next link given before, or a next link that leaves
 * the vendor's configured base URL (scheme, host and port: the call would carry the vendor's
 * credential to another server, so it is never made).
 */
public final class Paging {

    private final String vendor;
    private final String list;
    private final int maxPages;
    private final Set<String> links = new HashSet<>();
    private int pages;

    /** {@code list}: what is listed, for the error (e.g. "the user list", "/developer/v1/departments"). */
    public Paging(String vendor, String list, int maxPages) {
        this.vendor = vendor;
        this.list = list;
        this.maxPages = maxPages;
    }

    /** Counts a page read; past the cap the list fails. */
    public void pageRead() {
        if (++pages > maxPages) {
            throw new VendorRejectedException(vendor, 0, String.format(Locale.ROOT,
                    "paging of %s does not end: more than %,d pages read, stopped (hrsync.delivery.max-pages; raise it "
                            + "if the vendor really has that many)", list, maxPages));
        }
    }

    /** Pages read so far. */
    public int pages() {
        return pages;
    }

    /**
     * A next link the vendor gave, checked before it is called: given before, or off the vendor's base
     * URL, the list fails. Answers the link resolved against the base URL (a relative link stays there).
     */
    public URI nextLink(String link, String baseUrl, String baseUrlProperty) {
        URI next = onBaseUrl(link, baseUrl, baseUrlProperty);
        if (!links.add(next.toString())) {
            throw new VendorRejectedException(vendor, 0, "paging of " + list + " does not end: the next link "
                    + withoutQuery(next) + " was given before, stopped");
        }
        return next;
    }

    /** A page that added nothing new while the vendor says more follow: the vendor pages in a circle. */
    public void nothingNew(String where) {
        throw new VendorRejectedException(vendor, 0, "paging of " + list + " does not end: " + where
                + " holds only entries already listed, stopped");
    }

    private URI onBaseUrl(String link, String baseUrl, String property) {
        URI base = URI.create(baseUrl.trim().endsWith("/") ? baseUrl.trim() : baseUrl.trim() + "/");
        URI next;
        try {
            next = base.resolve(link.trim());
        } catch (IllegalArgumentException e) {
            throw new VendorRejectedException(vendor, 0, "the next link of " + list + " is not a URL: not followed");
        }
        String basePath = base.getRawPath() == null ? "/" : base.getRawPath();
        String path = next.getRawPath() == null ? "" : next.getRawPath();
        boolean sameServer = next.getScheme() != null && next.getScheme().equalsIgnoreCase(base.getScheme())
                && next.getHost() != null && next.getHost().equalsIgnoreCase(base.getHost())
                && port(next) == port(base) && next.getRawUserInfo() == null;
        if (!sameServer || !path.startsWith(basePath)) {
            throw new VendorRejectedException(vendor, 0, "the next link of " + list + " points to " + withoutQuery(next)
                    + ", not under " + property + " (" + withoutQuery(base) + "): not followed, as the call would carry "
                    + vendor + "'s credential there");
        }
        return next;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Scheme, host, port and path: a query may carry a cursor, an email or a token. */
    static String withoutQuery(URI uri) {
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://") + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
