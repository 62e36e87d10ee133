package io.hrsync.plan;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.state.AccountState;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;

/**
 * Change detection for one person: compares them with what hrsync last applied in each vendor and
 * decides JOIN, MOVE, LEAVE, REHIRE, NONE, PENDING or OUT_OF_SCOPE per vendor; protected accounts
 * and deactivations configuration did not enable are refused here, never attempted.
 */
@ApplicationScoped
public class PersonDecisions {

    private final HrsyncConfig config;
    private final VendorRegistry vendors;
    private final ProvisioningRules rules;
    private final SafetyGuards guards;
    private final SnapshotHashes hashes;

    public PersonDecisions(HrsyncConfig config, VendorRegistry vendors, ProvisioningRules rules, SafetyGuards guards,
            SnapshotHashes hashes) {
        this.config = config;
        this.vendors = vendors;
        this.rules = rules;
        this.guards = guards;
        this.hashes = hashes;
    }

    /**
     * The decisions of one planning pass for the plan's day. The enabled vendors, their scopes, rules
     * hashes and settings are read once here: a pass decides every person in every vendor, and a
     * bean or configuration lookup per decision showed in the ingest profile. Not thread-safe.
     */
    public Pass pass(LocalDate today) {
        List<Vendor> enabled = new ArrayList<>();
        for (VendorConnector vendor : vendors.enabled()) {
            enabled.add(new Vendor(vendor.name(), rules.forVendor(vendor.name()).scope(), vendor.deactivationEnabled(),
                    hashes.hasher(vendor.name())));
        }
        return new Pass(List.copyOf(enabled), today, config.plan().joinLeadDays(), rules.file().toString());
    }

    /** One person's decision in one vendor. */
    @FunctionalInterface
    private interface Decision {
        PlannedChange of(Vendor vendor, AccountState applied, String hash);
    }

    /** One enabled vendor as a pass sees it. */
    private record Vendor(String name, VendorRules.Scope scope, boolean deactivationEnabled, SnapshotHashes.Hasher hasher) {
    }

    /** See {@link #pass}. */
    public final class Pass {
        private final List<Vendor> enabled;
        private final LocalDate today;
        private final int joinLeadDays;
        private final String rulesFile;

        private Pass(List<Vendor> enabled, LocalDate today, int joinLeadDays, String rulesFile) {
            this.enabled = enabled;
            this.today = today;
            this.joinLeadDays = joinLeadDays;
            this.rulesFile = rulesFile;
        }

        /** The decision for a person on a row of the file, in every enabled vendor. */
        public Map<String, PlannedChange> inFile(Person p, String snapshot, Map<String, Map<String, AccountState>> accounts) {
            return inEveryVendor(p, snapshot, accounts, (vendor, applied, hash) -> decide(p, vendor, applied, hash));
        }

        /** The decision for a person no longer in the file (hrsync.plan.deactivate-missing=true), in every enabled vendor. */
        public Map<String, PlannedChange> missing(Person p, String snapshot, Map<String, Map<String, AccountState>> accounts) {
            return inEveryVendor(p, snapshot, accounts, (vendor, applied, hash) -> applied != null && applied.active()
                    ? new PlannedChange(vendor.name(), Change.LEAVE, VendorAction.DEACTIVATE, null,
                            "no longer in the HRIS file (hrsync.plan.deactivate-missing=true)", null, hash, true)
                    : new PlannedChange(vendor.name(), Change.NONE, VendorAction.NONE, Outcome.UNCHANGED,
                            "no longer in the HRIS file; no active account", null, hash, false));
        }

        /**
         * The decision for a person in one vendor (a dead letter re-planned for a replay), guarded like
         * a night's; empty when that vendor is not enabled.
         */
        public Optional<PlannedChange> inVendor(Person p, String snapshot, String vendorName, AccountState applied) {
            for (Vendor vendor : enabled) {
                if (vendor.name().equals(vendorName)) {
                    String hash = vendor.hasher().of(snapshot.getBytes(StandardCharsets.UTF_8));
                    return Optional.of(guard(p, vendor, decide(p, vendor, applied, hash)));
                }
            }
            return Optional.empty();
        }

        /**
         * A deactivation a vendor event asks for (a Ramp webhook): a LEAVE where hrsync manages a working
         * account, guarded like a night's (protected accounts, deactivations configuration did not
         * enable); NONE elsewhere. Empty when that vendor is not enabled.
         */
        public Optional<PlannedChange> leaveByEvent(Person p, String snapshot, String vendorName, AccountState applied,
                String why) {
            for (Vendor vendor : enabled) {
                if (vendor.name().equals(vendorName)) {
                    String hash = vendor.hasher().of(snapshot.getBytes(StandardCharsets.UTF_8));
                    boolean managed = applied != null && applied.active();
                    PlannedChange c = managed
                            ? new PlannedChange(vendorName, Change.LEAVE, VendorAction.DEACTIVATE, null, why, null, hash, true)
                            : new PlannedChange(vendorName, Change.NONE, VendorAction.NONE, Outcome.UNCHANGED,
                                    "no working account hrsync manages in " + vendorName, null, hash, false);
                    return Optional.of(guard(p, vendor, c));
                }
            }
            return Optional.empty();
        }

        /** The day this pass decides for. */
        public LocalDate today() {
            return today;
        }

        /** One decision per enabled vendor, from what hrsync last applied there and the snapshot's hash, then guarded. */
        private Map<String, PlannedChange> inEveryVendor(Person p, String snapshot, Map<String, Map<String, AccountState>> accounts,
                Decision decision) {
            byte[] bytes = snapshot.getBytes(StandardCharsets.UTF_8);
            Map<String, PlannedChange> byVendor = new LinkedHashMap<>();
            for (Vendor vendor : enabled) {
                AccountState applied = accounts.getOrDefault(vendor.name(), Map.of()).get(p.employeeId());
                byVendor.put(vendor.name(), guard(p, vendor, decision.of(vendor, applied, vendor.hasher().of(bytes))));
            }
            return byVendor;
        }

        /** JOIN / MOVE / LEAVE / REHIRE / NONE / PENDING for one person in one vendor. */
        private PlannedChange decide(Person p, Vendor vendor, AccountState applied, String hash) {
            String name = vendor.name();
            boolean managed = applied != null && applied.active();
            String previousEmail = applied != null && !applied.email().equals(p.email()) ? applied.email() : null;
            boolean leaving = !p.shouldHaveAccessOn(today);
            if (!vendor.scope().includes(p) && !(leaving && managed)) {
                // out of scope: never touched, except that an account hrsync manages is still deactivated
                // when its owner leaves (a mover out of scope keeps it until then)
                return new PlannedChange(name, Change.OUT_OF_SCOPE, VendorAction.NONE, Outcome.SKIPPED,
                        "out of scope for " + name + " (" + rulesFile + ")", previousEmail, hash, managed);
            }
            if (leaving) {
                if (applied == null || managed) {
                    return new PlannedChange(name, Change.LEAVE, VendorAction.DEACTIVATE, null, leaveReason(p)
                            + (managed ? "" : "; an account found by email is deactivated"), previousEmail, hash, managed);
                }
                // not looked for again every night (a file's past leavers would count against the
                // deactivation thresholds each time): drift.csv reports an active account of theirs
                return none(name, hash, applied, applied.absent() ? "no account found to deactivate" : "already deactivated");
            }
            LocalDate provisionFrom = p.startDate() == null ? null : p.startDate().minusDays(joinLeadDays);
            if (provisionFrom != null && provisionFrom.isAfter(today) && !managed) {
                return new PlannedChange(name, Change.PENDING, VendorAction.NONE, Outcome.PENDING,
                        "starts " + p.startDate() + "; provisioned from " + provisionFrom, previousEmail, hash, false);
            }
            if (!managed && applied != null && applied.deactivatedByEvent() && hash.equals(applied.snapshotHash())) {
                // a vendor event (a Ramp webhook) deactivated it, and the HRIS row has not changed since:
                // the HRIS does not undo it night after night; a changed row (a rehire) decides again
                return new PlannedChange(name, Change.NONE, VendorAction.NONE, Outcome.UNCHANGED, "deactivated by a Ramp event "
                        + "(run " + applied.lastRunId() + "); the HRIS row has not changed since", previousEmail, hash, false);
            }
            if (applied == null) {
                return new PlannedChange(name, Change.JOIN, VendorAction.CREATE, null,
                        "new to " + name + ": created, or the account found by email adopted", null, hash, false);
            }
            if (!managed) {
                return new PlannedChange(name, Change.REHIRE, VendorAction.REACTIVATE, null,
                        "the same account reactivated (created if " + name + " no longer has one)", previousEmail, hash, false);
            }
            if (!hash.equals(applied.snapshotHash())) {
                return new PlannedChange(name, Change.MOVE, VendorAction.UPDATE, null,
                        previousEmail == null ? null : "email changed from " + previousEmail, previousEmail, hash, true);
            }
            return none(name, hash, applied, "no change");
        }
    }

    private static PlannedChange none(String vendor, String hash, AccountState applied, String why) {
        return new PlannedChange(vendor, Change.NONE, VendorAction.NONE, Outcome.UNCHANGED,
                why + " since run " + applied.lastRunId(), null, hash, applied.active());
    }

    private static String leaveReason(Person p) {
        return p.status().keepsAccess() ? "end_date " + p.endDate() + " reached" : "terminated";
    }

    /** Protected accounts and deactivations configuration did not enable are refused, never attempted. */
    private PlannedChange guard(Person p, Vendor vendor, PlannedChange c) {
        if (c.change() != Change.LEAVE) {
            return c;
        }
        if (guards.isProtected(p)) {
            return c.refused("protected account (hrsync.guards.protected-accounts): deactivation refused; "
                    + "remove it from the list to let it go");
        }
        if (!vendor.deactivationEnabled()) {
            return c.refused("deactivation in " + vendor.name() + " is not enabled by configuration; account left as is");
        }
        return c;
    }
}
