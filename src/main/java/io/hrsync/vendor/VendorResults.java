package io.hrsync.vendor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.RunLedger;
import io.hrsync.run.VendorResult;

/** Starts a person×vendor exchange with a fresh result for the vendor route to fill in. */
@ApplicationScoped
@Named("vendorResults")
public class VendorResults {

    private final ProvisioningRules rules;
    private final RunLedger ledger;

    public VendorResults(ProvisioningRules rules, RunLedger ledger) {
        this.rules = rules;
        this.ledger = ledger;
    }

    /**
     * Starts the vendor's part for one person. A person out of the vendor's scope is recorded as
     * NONE/SKIPPED and the vendor route stops there: nothing is read or written for them.
     */
    public void begin(Exchange exchange) {
        VendorResult result = new VendorResult();
        exchange.setProperty(ExchangeKeys.RESULT, result);
        exchange.removeProperty(ExchangeKeys.ACCOUNT);
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        if (!rules.forVendor(vendor).scope().includes(person)) {
            result.setOutcome(Outcome.SKIPPED);
            result.note("out of scope for " + vendor + " (" + rules.file() + ")");
            ledger.recordVendorResult(exchange);
            exchange.setRouteStop(true);
        }
    }
}
