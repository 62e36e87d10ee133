package io.hrsync.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.FileInspection;
import io.hrsync.hris.HrisRow;
import io.hrsync.hris.HrisRowReader;
import io.hrsync.hris.Person;
import io.hrsync.run.ActionRecord;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.Run;
import io.hrsync.run.RunLedger;
import io.hrsync.state.AcceptedFile;
import io.hrsync.state.PlanRecord;
import io.hrsync.state.StateStore;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;

/**
 * Plans a run, streaming: one pass over the file and the state store ({@link PlanWalk}) decides
 * JOIN, MOVE, LEAVE, REHIRE, NONE, PENDING or OUT_OF_SCOPE per person×vendor ({@link PersonDecisions}),
 * records the rejected rows, and counts what the safety guards look at; then the guards decide
 * whether the run writes. The plan id is a hash of the input and every decision, so an approval
 * names exactly what will be done. The decisions are not kept: the run's work items (or, when it does
 * not write, its actions.csv) are made by a second pass that must come to the same plan id.
 */
@ApplicationScoped
@Named("runPlanner")
public class RunPlanner {

    private static final Logger LOG = Logger.getLogger(RunPlanner.class);
    private static final int PEOPLE_BATCH = 1000;

    private final HrsyncConfig config;
    private final StateStore state;
    private final VendorRegistry vendors;
    private final SafetyGuards guards;
    private final HrisRowReader reader;
    private final RunLedger ledger;
    private final PlanCalendar calendar;
    private final PlanWalk walk;

    public RunPlanner(HrsyncConfig config, StateStore state, VendorRegistry vendors, SafetyGuards guards,
            HrisRowReader reader, RunLedger ledger, PlanCalendar calendar, PlanWalk walk) {
        this.config = config;
        this.state = state;
        this.vendors = vendors;
        this.guards = guards;
        this.reader = reader;
        this.ledger = ledger;
        this.calendar = calendar;
        this.walk = walk;
    }

    /** Plans the run of the exchange's input file; sets and returns the {@link RunPlan}. */
    public RunPlan plan(Exchange exchange) {
        Path input = exchange.getProperty(ExchangeKeys.INPUT_PATH, Path.class);
        FileInspection inspection = exchange.getProperty(ExchangeKeys.INSPECTION, FileInspection.class);
        Run run = ledger.run(exchange);
        String approved = exchange.getProperty(ExchangeKeys.APPROVED_PLAN, String.class);
        LocalDate today = calendar.today();
        Map<String, Long> managed = state.activeAccountCounts(); // before the run: the guards' base

        PlanTally tally = new PlanTally(today);
        String sha = run.inputSha256();
        String planId = walk.walk(input, inspection, sha, today, new PlanWalk.Listener() {
            @Override
            public void row(HrisRow row) {
                // every row is accounted for: a rejected one here, a valid one by its vendors' outcomes
                ledger.recordRow(run, row);
            }

            @Override
            public void person(PersonPlan p) {
                tally.person(p);
            }

            @Override
            public void missing(Person person) {
                tally.missing(person);
            }
        });

        List<String> violations = new ArrayList<>(guards.sourceViolations(inspection, state.lastAcceptedFile(),
                tally.leavers(), tally.people()));
        for (VendorConnector vendor : vendors.enabled()) {
            violations.addAll(guards.thresholdViolations(vendor.name(), tally.planned(vendor.name()),
                    SafetyGuards.Base.of(managed.getOrDefault(vendor.name(), 0L), tally.inScope(vendor.name()))));
        }

        if (approved != null && !approved.equals(planId)) {
            throw new PlanRefusedException("plan " + approved + " no longer matches: the input or the state changed since it "
                    + "was made (the same input now plans " + planId + "); nothing was written");
        }
        boolean writes = config.mode() == HrsyncConfig.Mode.apply && (violations.isEmpty() || approved != null);
        RunPlan plan = new RunPlan(planId, sha, writes, approved, input, inspection, today, violations, tally,
                config.plan().deactivateMissing());
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

    /**
     * A run that does not write (plan mode, or a guard tripped): each person×vendor decision becomes a
     * line of actions.csv, PLANNED (or its final outcome when no vendor call would be made: unchanged,
     * pending, refused, out of scope), made again from the input by a second pass.
     */
    public void recordPlan(Exchange exchange) {
        RunPlan plan = exchange.getProperty(ExchangeKeys.PLAN, RunPlan.class);
        Run run = ledger.run(exchange);
        walk.again(plan, new PlanWalk.Listener() {
            @Override
            public void person(PersonPlan person) {
                person.byVendor().forEach((vendor, c) -> ledger.recordPlanned(run, new ActionRecord(run.id(), person.row(),
                        person.person().employeeId(), person.person().email(), vendor, c.change().name(), c.action(),
                        c.callsVendor() ? Outcome.PLANNED : c.finalOutcome(), null, null,
                        c.note() == null ? "plan " + plan.planId() : c.note())));
            }
        });
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
     * An applying run got through its file: its people become the accepted snapshot (read from the
     * file again, a batch at a time), its file the baseline of the source guards, its plan applied.
     */
    public void accepted(Exchange exchange) {
        RunPlan plan = exchange.getProperty(ExchangeKeys.PLAN, RunPlan.class);
        FileInspection inspection = plan.inspection();
        Run run = ledger.run(exchange);
        List<Person> batch = new ArrayList<>(PEOPLE_BATCH);
        try (HrisRowReader.Rows rows = reader.rows(plan.input(), inspection)) {
            while (rows.hasNext()) {
                HrisRow row = rows.next();
                if (row.isValid()) {
                    batch.add(row.person());
                }
                if (batch.size() == PEOPLE_BATCH) {
                    state.recordPeople(batch, run.id());
                    batch.clear();
                }
            }
        }
        state.recordPeople(batch, run.id());
        state.acceptFile(new AcceptedFile(run.id(), run.inputFile(), plan.inputSha256(), inspection.header(),
                inspection.dataRows()));
        state.planApplied(plan.planId(), run.id());
    }
}
