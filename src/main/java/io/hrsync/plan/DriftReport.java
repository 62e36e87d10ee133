package io.hrsync.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.RunLedger;
import io.hrsync.run.Seats;
import io.hrsync.state.AccountState;
import io.hrsync.state.StateStore;
import io.hrsync.connector.VendorAccount;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;

/**
 * drift.csv: what differs between each vendor's directory and what hrsync knows, reported for a
 * person to look at and never acted on.
 * <ul>
 * <li>{@code ORPHAN}: an account (matched by email) of nobody in today's HRIS file, not managed by hrsync;</li>
 * <li>{@code CHANGED_BY_HAND}: a managed account whose state, email or name differs from what hrsync last applied;</li>
 * <li>{@code MISSING_IN_VENDOR}: a managed account the vendor no longer lists;</li>
 * <li>{@code LEAVER_NOT_FOUND}: a leaver this run found no account of to deactivate (recorded as such,
 * never as deactivated), or an earlier one of whom the vendor now lists an active account;</li>
 * <li>{@code MISSING_FROM_HRIS}: an active managed account of someone no longer in the file (no row with
 * their employee id; deactivated only with {@code hrsync.plan.deactivate-missing=true});</li>
 * <li>{@code DIRECTORY_UNAVAILABLE}: the vendor's directory could not be read this run.</li>
 * </ul>
 */
@ApplicationScoped
@Named("driftReport")
public class DriftReport {

    private final StateStore state;
    private final VendorRegistry vendors;
    private final RunLedger ledger;

    public DriftReport(StateStore state, VendorRegistry vendors, RunLedger ledger) {
        this.state = state;
        this.vendors = vendors;
        this.ledger = ledger;
    }

    /** The enabled vendors, for the report's splitter (each knows its directory route). */
    public List<VendorConnector> directories() {
        return vendors.enabled();
    }

    /** Compares one vendor's directory (the body, a list of {@link VendorAccount}) with HRIS and the state store. */
    @SuppressWarnings("unchecked")
    public void compare(Exchange exchange) {
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        List<VendorAccount> directory = exchange.getMessage().getBody(List.class);
        RunPlan plan = exchange.getProperty(ExchangeKeys.PLAN, RunPlan.class);
        Map<String, AccountState> managed = state.accounts(vendor);
        Map<String, VendorAccount> byId = new HashMap<>();
        Map<String, VendorAccount> byEmail = new HashMap<>();
        for (VendorAccount a : directory) {
            if (a.vendorUserId() != null) {
                byId.put(a.vendorUserId(), a);
            }
            if (a.email() != null) {
                byEmail.put(a.email(), a);
            }
        }

        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        Set<VendorAccount> matched = new HashSet<>();
        for (AccountState applied : managed.values()) {
            // the listing was taken before this run's writes: what the run applied (or confirmed) is
            // what the vendor holds now, and an account it created is not listed yet
            boolean appliedThisRun = runId != null && runId.equals(applied.lastRunId());
            VendorAccount found = applied.vendorUserId() != null ? byId.get(applied.vendorUserId()) : null;
            if (found == null) {
                found = byEmail.get(applied.email());
            }
            if (applied.absent()) {
                leaverNotFound(exchange, vendor, applied, found, appliedThisRun);
                if (found != null) {
                    matched.add(found);
                }
                continue;
            }
            if (found == null) {
                if (applied.active() && !appliedThisRun) {
                    record(exchange, vendor, "MISSING_IN_VENDOR", applied.employeeId(), applied.email(), applied.vendorUserId(),
                            "hrsync provisioned this account (run " + applied.lastRunId() + ") but " + vendor + " no longer lists it");
                }
                continue;
            }
            matched.add(found);
            String differences = appliedThisRun ? "" : differences(applied, found);
            if (!differences.isEmpty()) {
                record(exchange, vendor, "CHANGED_BY_HAND", applied.employeeId(), found.email(), found.vendorUserId(),
                        differences + " (hrsync last applied run " + applied.lastRunId() + ")");
            }
        }
        long active = directory.stream().filter(VendorAccount::active).count();
        long activeManaged = matched.stream().filter(VendorAccount::active).count();
        long pendingInvite = directory.stream().filter(a -> a.active() && a.pendingInvite()).count();
        ledger.seats(exchange, vendor, new Seats(directory.size(), active, directory.size() - active, activeManaged,
                active - activeManaged, pendingInvite));
        for (VendorAccount account : directory) {
            if (!matched.contains(account) && account.email() != null && !plan.inHris(account.email())) {
                record(exchange, vendor, "ORPHAN", "", account.email(), account.vendorUserId(),
                        (account.active() ? "active" : "inactive") + " account of nobody in the HRIS file");
            }
        }
        if (!plan.deactivatesMissing()) {
            for (AccountState applied : managed.values()) {
                if (applied.active() && !plan.inFile(applied.employeeId())) {
                    record(exchange, vendor, "MISSING_FROM_HRIS", applied.employeeId(), applied.email(), applied.vendorUserId(),
                            "not in today's HRIS file; left active (hrsync.plan.deactivate-missing=false)");
                }
            }
        }
    }

    /**
     * A leaver hrsync found no account of: reported the run it happened; reported again whenever the
     * vendor lists an active account under their email (the lookup missed it, or it came back).
     */
    private void leaverNotFound(Exchange exchange, String vendor, AccountState applied, VendorAccount found,
            boolean thisRun) {
        if (found != null && found.active()) {
            record(exchange, vendor, "LEAVER_NOT_FOUND", applied.employeeId(), found.email(), found.vendorUserId(),
                    "a leaver hrsync found no account of to deactivate (run " + applied.lastRunId() + "), but " + vendor
                            + " lists an active account under their email: check it by hand");
        } else if (thisRun) {
            record(exchange, vendor, "LEAVER_NOT_FOUND", applied.employeeId(), applied.email(), "",
                    "a leaver with no " + vendor + " account to deactivate: recorded as not found, not as deactivated");
        }
    }

    /** The directory could not be read: reported, the run goes on. */
    public void unavailable(Exchange exchange) {
        String vendor = exchange.getProperty(ExchangeKeys.VENDOR, String.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        record(exchange, vendor, "DIRECTORY_UNAVAILABLE", "", "", "",
                "drift not checked: " + (error == null ? "unknown error" : error.getMessage()));
    }

    private static String differences(AccountState applied, VendorAccount found) {
        StringBuilder d = new StringBuilder();
        if (applied.active() != found.active()) {
            d.append("active: applied ").append(applied.active()).append(", found ").append(found.active());
        }
        if (found.email() != null && !found.email().equals(applied.email())) {
            d.append(d.isEmpty() ? "" : "; ").append("email: applied ").append(applied.email()).append(", found ").append(found.email());
        }
        if (found.name() != null && applied.name() != null && !Objects.equals(found.name(), applied.name())) {
            d.append(d.isEmpty() ? "" : "; ").append("name: applied '").append(applied.name()).append("', found '")
                    .append(found.name()).append("'");
        }
        return d.toString();
    }

    private void record(Exchange exchange, String vendor, String kind, String employeeId, String email, String vendorUserId,
            String detail) {
        ledger.drift(exchange, vendor, kind, employeeId, email, vendorUserId, detail);
    }
}
