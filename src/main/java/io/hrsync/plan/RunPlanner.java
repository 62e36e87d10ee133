package io.hrsync.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.FileInspection;
import io.hrsync.hris.HrisRow;
import io.hrsync.hris.HrisRowReader;
import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.Run;
import io.hrsync.run.RunLedger;
import io.hrsync.run.VendorAction;
import io.hrsync.state.AccountState;
import io.hrsync.state.AcceptedFile;
import io.hrsync.state.Hashes;
import io.hrsync.state.PersonState;
import io.hrsync.state.PlanRecord;
import io.hrsync.state.StateStore;
import io.hrsync.vendor.VendorConnector;
import io.hrsync.vendor.VendorRegistry;

/**
 * Change detection: compares each person in the file with what hrsync last applied in each vendor
 * (the state store) and decides JOIN, MOVE, LEAVE, REHIRE, NONE or PENDING per person×vendor,
 * before anything is written. Then the safety guards look at the whole plan; the plan id is a hash
 * of the input and every decision, so an approval names exactly what will be done.
 */
@ApplicationScoped
@Named("runPlanner")
public class RunPlanner {

    private static final Logger LOG = Logger.getLogger(RunPlanner.class);

    private final HrsyncConfig config;
    private final StateStore state;
    private final VendorRegistry vendors;
    private final ProvisioningRules rules;
    private final SafetyGuards guards;
    private final HrisRowReader reader;
    private final RunLedger ledger;
    private final SnapshotHashes hashes;
    private final PlanCalendar calendar;

    public RunPlanner(HrsyncConfig config, StateStore state, VendorRegistry vendors, ProvisioningRules rules,
            SafetyGuards guards, HrisRowReader reader, RunLedger ledger, SnapshotHashes hashes, PlanCalendar calendar) {
        this.hashes = hashes;
        this.calendar = calendar;
        this.config = config;
        this.state = state;
        this.vendors = vendors;
        this.rules = rules;
        this.guards = guards;
        this.reader = reader;
        this.ledger = ledger;
    }

    /** Plans the run of the exchange's input file; sets and returns the {@link RunPlan}. */
    public RunPlan plan(Exchange exchange) {
        Path input = exchange.getProperty(ExchangeKeys.INPUT_PATH, Path.class);
        FileInspection inspection = exchange.getProperty(ExchangeKeys.INSPECTION, FileInspection.class);
        Run run = ledger.run(exchange);
        String approved = exchange.getProperty(ExchangeKeys.APPROVED_PLAN, String.class);
        LocalDate today = calendar.today();
        Map<String, Map<String, AccountState>> accounts = state.accounts();

        List<HrisRow> rows = reader.all(input, inspection);
        List<PersonPlan> inFile = new ArrayList<>();
        Set<String> employeeIds = new HashSet<>();
        for (HrisRow row : rows) {
            if (row.isValid()) {
                Person p = row.person();
                employeeIds.add(p.employeeId());
                inFile.add(new PersonPlan(row.row(), p, decide(p, accounts, today)));
            } else if (row.employeeId() != null) {
                employeeIds.add(row.employeeId().trim());
            }
        }

        List<PersonPlan> missingLeavers = new ArrayList<>();
        List<Person> missing = new ArrayList<>();
        for (PersonState known : new TreeMap<>(state.people()).values()) {
            Person p = known.person();
            if (employeeIds.contains(p.employeeId())) {
                continue;
            }
            if (config.plan().deactivateMissing()) {
                missingLeavers.add(new PersonPlan(0, p, decideMissing(p, accounts)));
            } else {
                missing.add(p);
            }
        }

        long leavers = inFile.stream().filter(p -> !p.person().shouldHaveAccessOn(today)).count();
        List<String> violations = new ArrayList<>(guards.sourceViolations(inspection, state.lastAcceptedFile(), leavers,
                inFile.size()));
        for (VendorConnector vendor : vendors.enabled()) {
            Map<VendorAction, Long> planned = new EnumMap<>(VendorAction.class);
            inFile.forEach(p -> count(planned, p.byVendor().get(vendor.name())));
            missingLeavers.forEach(p -> count(planned, p.byVendor().get(vendor.name())));
            long managed = accounts.getOrDefault(vendor.name(), Map.of()).values().stream().filter(AccountState::active).count();
            long inScope = inFile.stream().filter(p -> p.byVendor().get(vendor.name()).change() != Change.OUT_OF_SCOPE).count();
            violations.addAll(guards.thresholdViolations(vendor.name(), planned, SafetyGuards.Base.of(managed, inScope)));
        }

        String sha = run.inputSha256();
        String planId = planId(sha, inFile, missingLeavers);
        if (approved != null && !approved.equals(planId)) {
            throw new PlanRefusedException("plan " + approved + " no longer matches: the input or the state changed since it "
                    + "was made (the same input now plans " + planId + "); nothing was written");
        }
        boolean writes = config.mode() == HrsyncConfig.Mode.apply && (violations.isEmpty() || approved != null);
        RunPlan plan = new RunPlan(planId, sha, writes, approved, inspection, rows, inFile, missingLeavers, missing, violations);
        if (!writes) {
            keepInput(planId, input);
        }
        state.savePlan(new PlanRecord(planId, run.id(), run.inputFile(), sha,
                writes ? "APPLYING" : config.mode() == HrsyncConfig.Mode.plan ? "PLANNED" : "ABORTED",
                violations.isEmpty() ? null : String.join("; ", violations), null));
        exchange.setProperty(ExchangeKeys.PLAN, plan);
        ledger.planned(exchange, plan);
        LOG.infof("run %s: plan %s %s", run.id(), planId, plan.changeCounts());
        return plan;
    }

    /** The decision for one person in every enabled vendor. */
    Map<String, PlannedChange> decide(Person p, Map<String, Map<String, AccountState>> accounts, LocalDate today) {
        Map<String, PlannedChange> byVendor = new LinkedHashMap<>();
        for (VendorConnector vendor : vendors.enabled()) {
            AccountState applied = accounts.getOrDefault(vendor.name(), Map.of()).get(p.employeeId());
            byVendor.put(vendor.name(), guard(p, vendor, decide(p, vendor.name(), applied, today)));
        }
        return byVendor;
    }

    private Map<String, PlannedChange> decideMissing(Person p, Map<String, Map<String, AccountState>> accounts) {
        Map<String, PlannedChange> byVendor = new LinkedHashMap<>();
        for (VendorConnector vendor : vendors.enabled()) {
            AccountState applied = accounts.getOrDefault(vendor.name(), Map.of()).get(p.employeeId());
            String hash = snapshotHash(p, vendor.name());
            PlannedChange c = applied != null && applied.active()
                    ? new PlannedChange(vendor.name(), Change.LEAVE, VendorAction.DEACTIVATE, null,
                            "no longer in the HRIS file (hrsync.plan.deactivate-missing=true)", null, hash, true)
                    : new PlannedChange(vendor.name(), Change.NONE, VendorAction.NONE, Outcome.UNCHANGED,
                            "no longer in the HRIS file; no active account", null, hash, false);
            byVendor.put(vendor.name(), guard(p, vendor, c));
        }
        return byVendor;
    }

    /** JOIN / MOVE / LEAVE / REHIRE / NONE / PENDING for one person in one vendor. */
    PlannedChange decide(Person p, String vendor, AccountState applied, LocalDate today) {
        String hash = snapshotHash(p, vendor);
        boolean managed = applied != null && applied.active();
        String previousEmail = applied != null && !applied.email().equals(p.email()) ? applied.email() : null;
        boolean leaving = !p.shouldHaveAccessOn(today);
        if (!rules.forVendor(vendor).scope().includes(p) && !(leaving && managed)) {
            // out of scope: never touched, except that an account hrsync manages is still deactivated
            // when its owner leaves (a mover out of scope keeps it until then)
            return new PlannedChange(vendor, Change.OUT_OF_SCOPE, VendorAction.NONE, Outcome.SKIPPED,
                    "out of scope for " + vendor + " (" + rules.file() + ")", previousEmail, hash, managed);
        }
        if (leaving) {
            if (applied == null || managed) {
                return new PlannedChange(vendor, Change.LEAVE, VendorAction.DEACTIVATE, null, leaveReason(p, today)
                        + (managed ? "" : "; an account found by email is deactivated"), previousEmail, hash, managed);
            }
            return none(vendor, hash, applied, "already deactivated");
        }
        LocalDate provisionFrom = p.startDate() == null ? null : p.startDate().minusDays(config.plan().joinLeadDays());
        if (provisionFrom != null && provisionFrom.isAfter(today) && !managed) {
            return new PlannedChange(vendor, Change.PENDING, VendorAction.NONE, Outcome.PENDING,
                    "starts " + p.startDate() + "; provisioned from " + provisionFrom, previousEmail, hash, false);
        }
        if (applied == null) {
            return new PlannedChange(vendor, Change.JOIN, VendorAction.CREATE, null,
                    "new to " + vendor + ": created, or the account found by email adopted", null, hash, false);
        }
        if (!managed) {
            return new PlannedChange(vendor, Change.REHIRE, VendorAction.REACTIVATE, null,
                    "the same account reactivated (created if " + vendor + " no longer has one)", previousEmail, hash, false);
        }
        if (!hash.equals(applied.snapshotHash())) {
            return new PlannedChange(vendor, Change.MOVE, VendorAction.UPDATE, null,
                    previousEmail == null ? null : "email changed from " + previousEmail, previousEmail, hash, true);
        }
        return none(vendor, hash, applied, "no change");
    }

    private static PlannedChange none(String vendor, String hash, AccountState applied, String why) {
        return new PlannedChange(vendor, Change.NONE, VendorAction.NONE, Outcome.UNCHANGED,
                why + " since run " + applied.lastRunId(), null, hash, applied.active());
    }

    private static String leaveReason(Person p, LocalDate today) {
        return p.status().keepsAccess() ? "end_date " + p.endDate() + " reached" : "terminated";
    }

    /** Protected accounts and deactivations configuration did not enable are refused, never attempted. */
    private PlannedChange guard(Person p, VendorConnector vendor, PlannedChange c) {
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

    /**
     * Every planned call counts, a deactivation of an account hrsync never applied too: on a first run
     * (or a newly enabled vendor) those are exactly the accounts at risk.
     */
    private static void count(Map<VendorAction, Long> planned, PlannedChange c) {
        if (c != null && c.callsVendor()) {
            planned.merge(c.action(), 1L, Long::sum);
        }
    }

    private String snapshotHash(Person p, String vendor) {
        return hashes.of(p, vendor);
    }

    private static String planId(String inputSha, Iterable<PersonPlan> people, List<PersonPlan> missing) {
        StringBuilder text = new StringBuilder(inputSha).append('\n');
        for (PersonPlan p : people) {
            append(text, p);
        }
        missing.forEach(p -> append(text, p));
        return Hashes.sha256(text.toString()).substring(0, 16);
    }

    private static void append(StringBuilder text, PersonPlan p) {
        text.append(p.person().employeeId());
        p.byVendor().values().forEach(c -> text.append('|').append(c.fingerprint()));
        text.append('\n');
    }

    /** Where the input of a plan awaiting approval is kept. */
    public Path storedInput(String planId) {
        return config.state().dir().resolve("plans").resolve(planId + ".csv");
    }

    private void keepInput(String planId, Path input) {
        Path target = storedInput(planId);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(input, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the input of plan " + planId + " in " + target, e);
        }
    }

    /**
     * An applying run got through its file: its people become the accepted snapshot, its file the
     * baseline of the source guards, its plan applied.
     */
    public void accepted(Exchange exchange) {
        RunPlan plan = exchange.getProperty(ExchangeKeys.PLAN, RunPlan.class);
        FileInspection inspection = exchange.getProperty(ExchangeKeys.INSPECTION, FileInspection.class);
        Run run = ledger.run(exchange);
        List<Person> people = plan.rows().stream().filter(HrisRow::isValid).map(HrisRow::person).toList();
        state.recordPeople(people, run.id());
        state.acceptFile(new AcceptedFile(run.id(), run.inputFile(), plan.inputSha256(), inspection.header(),
                inspection.dataRows()));
        state.planApplied(plan.planId(), run.id());
    }
}
