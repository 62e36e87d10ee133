package io.hrsync.plan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.FileInspection;
import io.hrsync.hris.HrisRow;
import io.hrsync.hris.HrisRowReader;
import io.hrsync.hris.Person;
import io.hrsync.state.AccountState;
import io.hrsync.state.Hashes;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.state.PersonState;
import io.hrsync.state.StateStore;

/**
 * One streaming pass over a run's plan: the file's rows in batches (one state store query per batch
 * for what hrsync last applied to those people), each valid row's decisions, then the decisions for
 * the people no longer in the file. Nothing of the plan is kept: each pass hands every row and every
 * decision to its {@link Listener} as it comes, so memory stays flat as the file grows (a 1,000,000-row
 * export plans within a 256 MB heap, see docs/performance.md).
 *
 * <p>The plan id is the digest of the input and every decision in this order: the planning pass
 * makes it; a later pass over the same plan (writing the work items, or the plan's actions.csv) must
 * come to the same id, else the state changed in between and the pass is refused ({@link #again}).
 */
@ApplicationScoped
public class PlanWalk {

    /** Rows looked up in the state store at once. */
    static final int BATCH = 500;

    private final HrsyncConfig config;
    private final StateStore state;
    private final HrisRowReader reader;
    private final PersonDecisions decisions;

    public PlanWalk(HrsyncConfig config, StateStore state, HrisRowReader reader, PersonDecisions decisions) {
        this.config = config;
        this.state = state;
        this.reader = reader;
        this.decisions = decisions;
    }

    /** What one pass does with what it meets, in file order, then the people no longer in the file. */
    public interface Listener {
        /** Every row of the file, valid or rejected. */
        default void row(HrisRow row) {
        }

        /** The decisions for the person of a valid row, or for one no longer in the file who is deactivated for it. */
        default void person(PersonPlan plan) {
        }

        /** Someone hrsync knows who is no longer in the file and is not deactivated for it. */
        default void missing(Person person) {
        }
    }

    /** The planning pass: returns the plan id. */
    String walk(Path input, FileInspection inspection, String inputSha256, LocalDate today, Listener listener) {
        PlanDigest digest = new PlanDigest(inputSha256);
        PersonDecisions.Pass pass = decisions.pass(today);
        boolean lookups = state.anyAccount();
        try (RowBatches batches = new RowBatches(reader.rows(input, inspection), BATCH)) {
            for (List<RowBatches.Read> batch = batches.next(); !batch.isEmpty(); batch = batches.next()) {
                decideRows(batch, lookups, pass, digest, listener);
            }
        }
        decideMissing(inspection, lookups, pass, digest, listener);
        return digest.planId();
    }

    /**
     * A later pass over a plan made by {@link #walk}: the same decisions, handed to {@code listener};
     * refused when they are no longer the plan's (the state store changed since it was made). The
     * listener has taken them by then: the caller undoes what it did with them.
     */
    public void again(RunPlan plan, Listener listener) {
        String now = walk(plan.input(), plan.inspection(), plan.inputSha256(), plan.today(), listener);
        if (!now.equals(plan.planId())) {
            throw new PlanRefusedException("the state store changed while plan " + plan.planId() + " was being carried out "
                    + "(another run applied changes to the same people?): the same input now plans " + now
                    + "; nothing was written to the vendors");
        }
    }

    private void decideRows(List<RowBatches.Read> batch, boolean lookups, PersonDecisions.Pass pass, PlanDigest digest,
            Listener listener) {
        Map<String, Map<String, AccountState>> accounts = accountsOf(lookups,
                batch.stream().filter(r -> r.row().isValid()).map(r -> r.row().person().employeeId()).distinct().toList());
        for (RowBatches.Read read : batch) {
            HrisRow row = read.row();
            listener.row(row);
            if (row.isValid()) {
                Person p = row.person();
                String snapshot = read.snapshot();
                PersonPlan plan = new PersonPlan(row.row(), p, snapshot, pass.inFile(p, snapshot, accounts));
                digest.add(plan);
                listener.person(plan);
            }
        }
    }

    /** Everyone hrsync knows who is not in the file (a row with their employee id, valid or not), in employee id order. */
    private void decideMissing(FileInspection inspection, boolean lookups, PersonDecisions.Pass pass, PlanDigest digest,
            Listener listener) {
        boolean deactivate = config.plan().deactivateMissing();
        List<Person> batch = new ArrayList<>(BATCH);
        state.forEachPerson(id -> !inspection.hasEmployeeId(id), (PersonState known) -> {
            if (!deactivate) {
                listener.missing(known.person());
                return;
            }
            batch.add(known.person());
            if (batch.size() == BATCH) {
                deactivateMissing(batch, lookups, pass, digest, listener);
                batch.clear();
            }
        });
        deactivateMissing(batch, lookups, pass, digest, listener);
    }

    private void deactivateMissing(List<Person> batch, boolean lookups, PersonDecisions.Pass pass, PlanDigest digest,
            Listener listener) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Map<String, AccountState>> accounts = accountsOf(lookups, batch.stream().map(Person::employeeId).toList());
        for (Person p : batch) {
            String snapshot = PersonSnapshots.toJson(p);
            PersonPlan plan = new PersonPlan(0, p, snapshot, pass.missing(p, snapshot, accounts));
            digest.add(plan);
            listener.person(plan);
        }
    }

    /** What hrsync last applied to a batch of people; nothing to look up when the store has no account at all (a first run). */
    private Map<String, Map<String, AccountState>> accountsOf(boolean lookups, List<String> employeeIds) {
        return lookups ? state.accountsOf(employeeIds) : Map.of();
    }

    /** SHA-256 of the input's hash and each person's decisions, a line each; its first 16 hex digits name the plan. */
    private static final class PlanDigest {
        private final MessageDigest sha;

        PlanDigest(String inputSha256) {
            sha = Hashes.newSha256();
            update(inputSha256 + "\n");
        }

        void add(PersonPlan p) {
            StringBuilder line = new StringBuilder(p.person().employeeId());
            p.byVendor().values().forEach(c -> line.append('|').append(c.fingerprint()));
            update(line.append('\n').toString());
        }

        private void update(String text) {
            sha.update(text.getBytes(StandardCharsets.UTF_8));
        }

        String planId() {
            return Hashes.hex(sha.digest()).substring(0, 16);
        }
    }
}
