package io.hrsync.vendor;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/** Starts and ends the {@code <vendor>-list-accounts} routes' listing ({@link DirectoryListing}). */
@ApplicationScoped
@Named("directoryListings")
public class DirectoryListings {

    /** A new listing for the exchange's vendor. */
    public void start(Exchange exchange) {
        DirectoryListing.start(exchange);
    }

    /** Every account listed: the route's answer. */
    public List<VendorAccount> accounts(Exchange exchange) {
        List<VendorAccount> accounts = List.copyOf(DirectoryListing.of(exchange).getAccounts());
        exchange.removeProperty(DirectoryListing.PROPERTY);
        return accounts;
    }
}
