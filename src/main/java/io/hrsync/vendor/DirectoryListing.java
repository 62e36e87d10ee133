package io.hrsync.vendor;

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
 * whether there is another page. Paging that does not end fails the listing instead of looping forever:
 * a next link given twice, a full page of accounts already listed, or more than {@value #MAX_PAGES} pages.
 */
public final class DirectoryListing {

    public static final String PROPERTY = "hrsyncDirectoryListing";
    static final int MAX_PAGES = 100_000;

    private final String vendor;
    private final List<VendorAccount> accounts = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Set<String> links = new HashSet<>();
    private int pagesRead;
    private String next;
    private boolean more = true;

    private DirectoryListing(String vendor) {
        this.vendor = vendor;
    }

    /** A new listing for the exchange's vendor ({@link ExchangeKeys#VENDOR}). */
    public static DirectoryListing start(Exchange exchange) {
        DirectoryListing listing = new DirectoryListing(exchange.getProperty(ExchangeKeys.VENDOR, "vendor", String.class));
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
        return pagesRead;
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

    /** A page of a list the vendor continues with a link (cursor, {@code next} URL); {@code nextLink} null or blank: the last page. */
    public void linkedPage(List<VendorAccount> page, String nextLink) {
        read(page);
        if (nextLink == null || nextLink.isBlank()) {
            next = null;
            more = false;
            return;
        }
        if (!links.add(nextLink)) {
            throw new VendorRejectedException(vendor, 0, "paging of the user list does not end: the next link "
                    + nextLink.replaceAll("\\?.*", "?…") + " was given before");
        }
        next = nextLink;
    }

    /** A page of a list paged by page number: another page follows while a page is full. */
    public void numberedPage(List<VendorAccount> page, int pageSize) {
        int added = read(page);
        if (page.size() >= pageSize && added == 0) {
            throw new VendorRejectedException(vendor, 0, "paging of the user list does not end: page " + pagesRead
                    + " holds only users already listed");
        }
        more = page.size() >= pageSize;
    }

    /** Adds the page's accounts not listed yet (a user shifted from one page to the next while paging is listed once). */
    private int read(List<VendorAccount> page) {
        if (++pagesRead > MAX_PAGES) {
            throw new VendorRejectedException(vendor, 0, "the user list did not end after " + MAX_PAGES + " pages");
        }
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
