package io.hrsync.connector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;

import io.hrsync.run.ExchangeKeys;

/**
 * One paged listing of a vendor's users (a {@code <vendor>-list-accounts} route), kept in the exchange
 * property {@value #PROPERTY} while the route's loop runs: the accounts read so far, how many pages
 * were read, the vendor's link to the next page (for vendors that page by cursor or next link) and
 * whether there is another page. Paging that does not end fails the listing instead of looping forever
 * ({@link Paging}): a next link given twice, a full page of accounts already listed, or more than
 * {@code hrsync.delivery.max-pages} pages; and a next link off the vendor's base URL is never called.
 */
public final class DirectoryListing {

    public static final String PROPERTY = "hrsyncDirectoryListing";

    private final Paging paging;
    private final List<VendorAccount> accounts = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private String next;
    private boolean more = true;
    private int nextIndex = 1;

    private DirectoryListing(String vendor, int maxPages) {
        this.paging = new Paging(vendor, "the user list", maxPages);
    }

    /** A new listing for the exchange's vendor ({@link ExchangeKeys#VENDOR}), of at most {@code maxPages} pages. */
    public static DirectoryListing start(Exchange exchange, int maxPages) {
        DirectoryListing listing = new DirectoryListing(exchange.getProperty(ExchangeKeys.VENDOR, "vendor", String.class),
                maxPages);
        exchange.setProperty(PROPERTY, listing);
        return listing;
    }

    /** The exchange's listing. */
    public static DirectoryListing of(Exchange exchange) {
        DirectoryListing listing = exchange.getProperty(PROPERTY, DirectoryListing.class);
        if (listing == null) {
            throw new IllegalStateException("no directory listing started on this exchange");
        }
        return listing;
    }

    /** Pages read so far: the number of the next page for a zero-based list, minus one for a one-based one. */
    public int getPagesRead() {
        return paging.pages();
    }

    /** The vendor's link to the next page (null before the first page and after the last). */
    public String getNext() {
        return next;
    }

    /** Whether another page is to be read. */
    public boolean isMore() {
        return more;
    }

    public List<VendorAccount> getAccounts() {
        return accounts;
    }

    /**
     * A page of a list the vendor continues with a link (cursor, {@code next} URL); {@code nextLink} null
     * or blank: the last page. The link must be under {@code baseUrl} (the vendor's configured
     * {@code baseUrlProperty}); {@link #getNext()} is then the link resolved against it.
     */
    public void linkedPage(List<VendorAccount> page, String nextLink, String baseUrl, String baseUrlProperty) {
        read(page);
        if (nextLink == null || nextLink.isBlank()) {
            next = null;
            more = false;
            return;
        }
        next = paging.nextLink(nextLink, baseUrl, baseUrlProperty).toString();
    }

    /** A page of a list paged by page number: another page follows while a page is full. */
    public void numberedPage(List<VendorAccount> page, int pageSize) {
        int added = read(page);
        if (page.size() >= pageSize && added == 0) {
            paging.nothingNew("page " + paging.pages());
        }
        more = page.size() >= pageSize;
    }

    /** The 1-based index of the next page's first item, for a list paged by index (SCIM's {@code startIndex}). */
    public int getNextIndex() {
        return nextIndex;
    }

    /**
     * A page of a list paged by a 1-based index with a total count (SCIM's {@code startIndex},
     * {@code itemsPerPage}, {@code totalResults}): another page follows while items remain. A server
     * may answer fewer items than asked (its own maximum), so a short page is not taken for the last;
     * an empty one is.
     */
    public void indexedPage(List<VendorAccount> page, int itemsOnPage, long totalResults) {
        int added = read(page);
        nextIndex += itemsOnPage;
        if (itemsOnPage > 0 && added == 0 && nextIndex <= totalResults) {
            paging.nothingNew("the items from " + (nextIndex - itemsOnPage));
        }
        more = itemsOnPage > 0 && nextIndex <= totalResults;
    }

    /** Adds the page's accounts not listed yet (a user shifted from one page to the next while paging is listed once). */
    private int read(List<VendorAccount> page) {
        paging.pageRead();
        int added = 0;
        for (VendorAccount account : page) {
            if (ids.add(account.vendorUserId())) {
                accounts.add(account);
                added++;
            }
        }
        return added;
    }
}
