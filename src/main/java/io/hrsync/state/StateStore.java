package io.hrsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.ConfigProvider;

import io.agroal.api.AgroalDataSource;
import io.hrsync.hris.Person;
import io.quarkus.arc.InjectableInstance;

/**
 * The state store: what hrsync last applied per person and per vendor, the files it accepted, the
 * plans it made. Plain JDBC over the active Quarkus datasource: {@code h2} (embedded file database,
 * the default) or {@code postgresql} (production); the schema is Flyway's
 * ({@code db/migration}). Writes are small and immediate, so a crash loses at most the call in flight.
 */
@ApplicationScoped
@Named("stateStore")
public class StateStore {

    private final InjectableInstance<AgroalDataSource> h2;
    private final InjectableInstance<AgroalDataSource> postgresql;
    private volatile DataSource active;

    public StateStore(@io.quarkus.agroal.DataSource("h2") InjectableInstance<AgroalDataSource> h2,
            @io.quarkus.agroal.DataSource("postgresql") InjectableInstance<AgroalDataSource> postgresql) {
        this.h2 = h2;
        this.postgresql = postgresql;
    }

    /** Which datasource is in use: {@code postgresql} when it is active, else {@code h2}. */
    public static String activeDatasourceName() {
        return active("postgresql", false) ? "postgresql" : "h2";
    }

    /** Exactly one state store, and PostgreSQL with a URL: what is wrong, for the startup checks. */
    public static List<String> configurationProblems() {
        boolean postgresql = active("postgresql", false);
        boolean h2 = active("h2", true);
        if (postgresql && h2) {
            return List.of("two state stores: with quarkus.datasource.postgresql.active=true set quarkus.datasource.h2.active=false");
        }
        if (postgresql && ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.postgresql.jdbc.url", String.class).isEmpty()) {
            return List.of("quarkus.datasource.postgresql.jdbc.url is required when quarkus.datasource.postgresql.active=true");
        }
        if (!postgresql && !h2) {
            return List.of("no state store: quarkus.datasource.h2.active=false but quarkus.datasource.postgresql.active is not true");
        }
        return List.of();
    }

    private static boolean active(String datasource, boolean byDefault) {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.datasource." + datasource + ".active", Boolean.class)
                .orElse(byDefault);
    }

    /** The live schema's column sizes against the field limits (see {@link StateSchema}). */
    public List<String> schemaProblems() {
        try (Connection c = dataSource().getConnection()) {
            return StateSchema.problems(c);
        } catch (SQLException e) {
            return List.of("state store: cannot read the schema: " + e.getMessage());
        }
    }

    public DataSource dataSource() {
        DataSource ds = active;
        if (ds == null) {
            ds = "postgresql".equals(activeDatasourceName()) ? postgresql.get() : h2.get();
            active = ds;
        }
        return ds;
    }

    // ---- vendor accounts ------------------------------------------------------------------

    private static final String ACCOUNT_COLUMNS =
            "SELECT vendor, employee_id, email, name, vendor_user_id, state, snapshot_hash, last_run_id FROM vendor_account";

    /** The accounts hrsync applied in one vendor, by employee id. */
    public Map<String, AccountState> accounts(String vendor) {
        Map<String, AccountState> all = new HashMap<>();
        query(ACCOUNT_COLUMNS + " WHERE vendor = ?", rs -> {
            while (rs.next()) {
                AccountState a = account(rs);
                all.put(a.employeeId(), a);
            }
            return null;
        }, vendor);
        return all;
    }

    /**
     * The accounts hrsync applied to these people (a batch of a file being planned), vendor →
     * employee id → state.
     */
    public Map<String, Map<String, AccountState>> accountsOf(Collection<String> employeeIds) {
        Map<String, Map<String, AccountState>> found = new HashMap<>();
        if (employeeIds.isEmpty()) {
            return found;
        }
        String in = String.join(", ", java.util.Collections.nCopies(employeeIds.size(), "?"));
        query(ACCOUNT_COLUMNS + " WHERE employee_id IN (" + in + ")", rs -> {
            while (rs.next()) {
                AccountState a = account(rs);
                found.computeIfAbsent(a.vendor(), v -> new HashMap<>()).put(a.employeeId(), a);
            }
            return null;
        }, employeeIds.toArray());
        return found;
    }

    /** Whether hrsync applied any account at all (a first run has none: nothing to look up). */
    public boolean anyAccount() {
        return query("SELECT 1 FROM vendor_account FETCH FIRST 1 ROWS ONLY", ResultSet::next);
    }

    /** How many working accounts hrsync manages in each vendor (the base of the guards' percentages). */
    public Map<String, Long> activeAccountCounts() {
        Map<String, Long> counts = new HashMap<>();
        query("SELECT vendor, COUNT(*) FROM vendor_account WHERE state = ? GROUP BY vendor", rs -> {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return null;
        }, AccountState.ACTIVE);
        return counts;
    }

    public Optional<AccountState> account(String vendor, String employeeId) {
        return query(ACCOUNT_COLUMNS + " WHERE vendor = ? AND employee_id = ?",
                rs -> rs.next() ? Optional.of(account(rs)) : Optional.<AccountState>empty(), vendor, employeeId);
    }

    private static AccountState account(ResultSet rs) throws SQLException {
        return new AccountState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    /** Records what was just applied to one account (insert or replace). */
    public void recordAccount(AccountState a) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = update("UPDATE vendor_account SET email = ?, name = ?, vendor_user_id = COALESCE(?, vendor_user_id), "
                + "state = ?, snapshot_hash = ?, last_run_id = ?, updated_at = ? WHERE vendor = ? AND employee_id = ?",
                a.email(), a.name(), a.vendorUserId(), a.state(), a.snapshotHash(), a.lastRunId(), now, a.vendor(),
                a.employeeId());
        if (updated == 0) {
            update("INSERT INTO vendor_account (vendor, employee_id, email, name, vendor_user_id, state, snapshot_hash, "
                    + "last_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", a.vendor(), a.employeeId(), a.email(),
                    a.name(), a.vendorUserId(), a.state(), a.snapshotHash(), a.lastRunId(), now);
        }
    }

    // ---- people ---------------------------------------------------------------------------

    /** The last accepted snapshot of everyone, by employee id. */
    public Map<String, PersonState> people() {
        Map<String, PersonState> all = new HashMap<>();
        forEachPerson(id -> true, known -> all.put(known.person().employeeId(), known));
        return all;
    }

    /**
     * The last accepted snapshot of each person {@code wanted} picks by employee id, in employee id
     * order, one at a time (read in pages, so that memory does not grow with the number of people).
     */
    public void forEachPerson(java.util.function.Predicate<String> wanted, java.util.function.Consumer<PersonState> each) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT employee_id, snapshot, snapshot_hash, last_run_id FROM person_state ORDER BY employee_id")) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (wanted.test(rs.getString(1))) {
                            each.accept(new PersonState(PersonSnapshots.fromJson(rs.getString(2)), rs.getString(3),
                                    rs.getString(4)));
                        }
                    }
                }
            }
            return null;
        });
    }

    /** The last accepted snapshot of one person; empty when no accepted file had them. */
    public Optional<PersonState> person(String employeeId) {
        return query("SELECT snapshot, snapshot_hash, last_run_id FROM person_state WHERE employee_id = ?",
                rs -> rs.next() ? Optional.of(new PersonState(PersonSnapshots.fromJson(rs.getString(1)), rs.getString(2),
                        rs.getString(3))) : Optional.<PersonState>empty(), employeeId);
    }

    /** The last accepted snapshot of the person with this email; empty when none (or more than one) has it. */
    public Optional<PersonState> personByEmail(String email) {
        return query("SELECT snapshot, snapshot_hash, last_run_id FROM person_state WHERE email = ?", rs -> {
            if (!rs.next()) {
                return Optional.<PersonState>empty();
            }
            PersonState found = new PersonState(PersonSnapshots.fromJson(rs.getString(1)), rs.getString(2), rs.getString(3));
            return rs.next() ? Optional.<PersonState>empty() : Optional.of(found);
        }, email);
    }

    /** Records the accepted snapshots of the people of one run, in one transaction. */
    public void recordPeople(Collection<Person> people, String runId) {
        Timestamp now = Timestamp.from(Instant.now());
        inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE person_state SET email = ?, snapshot_hash = ?, "
                    + "snapshot = ?, last_run_id = ?, updated_at = ? WHERE employee_id = ?");
                    PreparedStatement in = c.prepareStatement("INSERT INTO person_state (employee_id, email, "
                            + "snapshot_hash, snapshot, last_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Person p : people) {
                    String json = PersonSnapshots.toJson(p);
                    String hash = Hashes.sha256(json);
                    JdbcTransactions.bind(up, 1, p.email(), hash, json, runId, now, p.employeeId());
                    if (up.executeUpdate() == 0) {
                        JdbcTransactions.bind(in, 1, p.employeeId(), p.email(), hash, json, runId, now);
                        in.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    // ---- accepted files -------------------------------------------------------------------

    public Optional<AcceptedFile> lastAcceptedFile() {
        return query("SELECT run_id, file_name, sha256, header, data_rows FROM accepted_file ORDER BY accepted_at DESC, run_id DESC FETCH FIRST 1 ROWS ONLY",
                rs -> rs.next()
                        ? Optional.of(new AcceptedFile(rs.getString(1), rs.getString(2), rs.getString(3),
                                Arrays.asList(rs.getString(4).split("\u001f", -1)), rs.getLong(5)))
                        : Optional.<AcceptedFile>empty());
    }

    public void acceptFile(AcceptedFile file) {
        update("INSERT INTO accepted_file (run_id, file_name, sha256, header, data_rows, accepted_at) VALUES (?, ?, ?, ?, ?, ?)",
                file.runId(), file.fileName(), file.sha256(), String.join("\u001f", file.header()), file.dataRows(),
                Timestamp.from(Instant.now()));
    }

    // ---- plans ----------------------------------------------------------------------------

    public void savePlan(PlanRecord plan) {
        int updated = update("UPDATE run_plan SET run_id = ?, status = ?, reason = ? WHERE plan_id = ?", plan.runId(),
                plan.status(), plan.reason(), plan.planId());
        if (updated == 0) {
            update("INSERT INTO run_plan (plan_id, run_id, input_file, input_sha256, status, reason, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", plan.planId(), plan.runId(), plan.inputFile(), plan.inputSha256(),
                    plan.status(), plan.reason(), Timestamp.from(Instant.now()));
        }
    }

    public Optional<PlanRecord> plan(String planId) {
        return query("SELECT plan_id, run_id, input_file, input_sha256, status, reason, applied_run_id FROM run_plan WHERE plan_id = ?",
                rs -> rs.next() ? Optional.of(new PlanRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))) : Optional.<PlanRecord>empty(),
                planId);
    }

    /** Plans not applied yet (a guard stopped them, or a plan-mode run made them), newest first: what waits for approval. */
    public List<PlanRecord> plansAwaitingApproval() {
        return query("SELECT plan_id, run_id, input_file, input_sha256, status, reason, applied_run_id FROM run_plan "
                + "WHERE status <> 'APPLIED' ORDER BY created_at DESC", rs -> {
                    List<PlanRecord> plans = new java.util.ArrayList<>();
                    while (rs.next()) {
                        plans.add(new PlanRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7)));
                    }
                    return plans;
                });
    }

    public void planApplied(String planId, String runId) {
        update("UPDATE run_plan SET status = 'APPLIED', applied_run_id = ?, applied_at = ? WHERE plan_id = ?", runId,
                Timestamp.from(Instant.now()), planId);
    }


    // ---- JDBC plumbing --------------------------------------------------------------------

    @FunctionalInterface
    interface SqlFunction<T, R> {
        R apply(T t) throws SQLException;
    }

    private <R> R query(String sql, SqlFunction<ResultSet, R> reader, Object... args) {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            JdbcTransactions.bind(ps, 1, args);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.apply(rs);
            }
        } catch (SQLException e) {
            throw new StateStoreException(sql, e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            JdbcTransactions.bind(ps, 1, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateStoreException(sql, e);
        }
    }

    private <R> R inTransaction(SqlFunction<Connection, R> work) {
        return JdbcTransactions.inTransaction(dataSource(), work::apply, e -> new StateStoreException("transaction", e));
    }

    /** A state store call failed: names the statement (never the values). */
    public static final class StateStoreException extends RuntimeException {
        StateStoreException(String what, SQLException cause) {
            super("state store: " + cause.getMessage() + " [" + what + "]", cause);
        }
    }
}
