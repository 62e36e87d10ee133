package io.hrsync.vendor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.VendorResult;

/** Starts a person×vendor exchange with a fresh result for the vendor route to fill in. */
@ApplicationScoped
@Named("vendorResults")
public class VendorResults {

    public void begin(Exchange exchange) {
        exchange.setProperty(ExchangeKeys.RESULT, new VendorResult());
        exchange.removeProperty(ExchangeKeys.ACCOUNT);
    }
}
