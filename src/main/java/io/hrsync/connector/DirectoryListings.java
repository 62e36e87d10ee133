package io.hrsync.connector;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.hrsync.config.HrsyncConfig;

/** Starts and ends the {@code <vendor>-list-accounts} routes' listing ({@link DirectoryListing}). */
@ApplicationScoped
@Named("directoryListings")
public class DirectoryListings {

    private final int maxPages;

    public DirectoryListings(HrsyncConfig config) {
        this.maxPages = config.delivery().maxPages();
    }

    /** A new listing for the exchange's vendor, of at most {@code hrsync.delivery.max-pages} pages. */
    public void start(Exchange exchange) {
        DirectoryListing.start(exchange, maxPages);
    }

    /** Every account listed: the route's answer. */
    public List<VendorAccount> accounts(Exchange exchange) {
        List<VendorAccount> accounts = List.copyOf(DirectoryListing.of(exchange).getAccounts());
        exchange.removeProperty(DirectoryListing.PROPERTY);
        return accounts;
    }
}
