package io.hrsync.connector;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.hrsync.hris.Person;
import io.hrsync.plan.Change;
import io.hrsync.plan.PlannedChange;
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

    /** After a write whose answer needs no reading: APPLIED, with the HTTP status. */
    public void applied(Exchange exchange) {
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        result.setOutcome(Outcome.APPLIED);
        result.setHttpStatus(VendorHttp.status(exchange));
    }

    /**
     * Starts the vendor's part for one person. The change the run's plan decided travels with the work
     * item (a person with no change, pending, refused or out of scope has a finished item and never
     * comes here). Without a plan (a dead-letter replay) a person out of the vendor's scope is
     * recorded as NONE/SKIPPED.
     */
    public void begin(Exchange exchange) {
        VendorResult result = new VendorResult();
        exchange.setProperty(ExchangeKeys.RESULT, result);
        exchange.removeProperty(ExchangeKeys.ACCOUNT);
        exchange.removeProperty(ExchangeKeys.PREVIOUS_EMAIL);
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        PlannedChange planned = exchange.getProperty(ExchangeKeys.PLANNED, PlannedChange.class);
        if (planned != null) {
            if (planned.change() == Change.LEAVE && person.status().keepsAccess()) {
                // end_date reached on the plan's day: the vendor route sees a leaver
                exchange.setProperty(ExchangeKeys.PERSON, person.asLeaver());
            }
            if (planned.previousEmail() != null) {
                exchange.setProperty(ExchangeKeys.PREVIOUS_EMAIL, planned.previousEmail());
            }
            return;
        }
        if (!rules.forVendor(vendor).scope().includes(person)) {
            result.setOutcome(Outcome.SKIPPED);
            result.note("out of scope for " + vendor + " (" + rules.file() + ")");
            ledger.recordVendorResult(exchange);
            exchange.setRouteStop(true);
        }
    }
}
