package io.hrsync.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.FileInspection;
import io.hrsync.hris.Person;
import io.hrsync.run.VendorAction;
import io.hrsync.state.AcceptedFile;

/**
 * The checks that stand between a plan and the vendors: the source guards (header drift, a
 * row-count drop against the last accepted file), per-vendor per-operation thresholds, and the
 * protected accounts. A tripped guard aborts the run before any write; the plan is kept for approval.
 */
@ApplicationScoped
public class SafetyGuards {

    /** Operations a threshold can be set for, as named in configuration. */
    static final Map<VendorAction, String> OPERATIONS = new EnumMap<>(Map.of(
            VendorAction.CREATE, "create",
            VendorAction.UPDATE, "update",
            VendorAction.DEACTIVATE, "deactivate",
            VendorAction.REACTIVATE, "reactivate"));

    private final HrsyncConfig.Guards config;
    private final Set<String> protectedAccounts = new LinkedHashSet<>();

    @jakarta.inject.Inject
    public SafetyGuards(HrsyncConfig config) {
        this(config.guards());
    }

    SafetyGuards(HrsyncConfig.Guards config) {
        this.config = config;
        config.protectedAccounts().orElse(List.of()).stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .forEach(protectedAccounts::add);
        for (String op : config.limits().keySet()) {
            checkOperation(op, "hrsync.guards.limits." + op);
        }
        config.vendors().forEach((vendor, g) -> g.limits().keySet()
                .forEach(op -> checkOperation(op, "hrsync.guards.vendors." + vendor + ".limits." + op)));
    }

    private static void checkOperation(String op, String property) {
        if (!OPERATIONS.containsValue(op)) {
            throw new IllegalArgumentException(property + ": unknown operation '" + op + "'; known: "
                    + OPERATIONS.values());
        }
    }

    /** A break-glass account: matched on email or employee id, case-insensitive. */
    public boolean isProtected(Person person) {
        return protectedAccounts.contains(person.email())
                || protectedAccounts.contains(person.employeeId().toLowerCase(Locale.ROOT));
    }

    /**
     * Header drift and a row-count drop, against the last accepted file; with none yet (a first run),
     * the share of leavers among the file's valid people.
     */
    public List<String> sourceViolations(FileInspection file, Optional<AcceptedFile> last, long leavers, long people) {
        List<String> violations = new ArrayList<>();
        if (last.isEmpty()) {
            firstRunViolation(leavers, people).ifPresent(violations::add);
            return violations;
        }
        AcceptedFile before = last.get();
        if (config.headerDrift() && !before.header().equals(file.header())) {
            List<String> added = new ArrayList<>(file.header());
            added.removeAll(before.header());
            List<String> removed = new ArrayList<>(before.header());
            removed.removeAll(file.header());
            violations.add("source guard: the header changed since the last accepted file (" + before.fileName()
                    + ", run " + before.runId() + "): " + (added.isEmpty() && removed.isEmpty() ? "columns reordered"
                            : "added " + added + ", removed " + removed));
        }
        if (before.dataRows() > 0 && file.dataRows() < before.dataRows()) {
            long dropPercent = Math.round((before.dataRows() - file.dataRows()) * 100.0 / before.dataRows());
            if (dropPercent > config.maxRowDropPercent()) {
                violations.add("source guard: " + file.dataRows() + " rows where the last accepted file (" + before.fileName()
                        + ", run " + before.runId() + ") had " + before.dataRows() + " (-" + dropPercent
                        + " %, more than hrsync.guards.max-row-drop-percent=" + config.maxRowDropPercent() + ")");
            }
        }
        return violations;
    }

    /**
     * No file was accepted yet, so there is nothing to compare the file with: a file in which more than
     * {@code hrsync.guards.first-run-max-leaver-percent} of the people are leavers needs approval.
     */
    Optional<String> firstRunViolation(long leavers, long people) {
        if (people == 0 || leavers == 0) {
            return Optional.empty();
        }
        long percent = leavers * 100 / people;
        if (leavers * 100 <= (long) config.firstRunMaxLeaverPercent() * people) {
            return Optional.empty();
        }
        return Optional.of("source guard: first run (no file accepted yet, so nothing to compare with): " + leavers + " of "
                + people + " people in the file are leavers (" + percent + " %, more than "
                + "hrsync.guards.first-run-max-leaver-percent=" + config.firstRunMaxLeaverPercent() + ")");
    }

    /**
     * What a vendor's percentage limits are a share of: the accounts hrsync manages there before the
     * run; with none yet (a first run, or a newly enabled vendor) the people in the file the vendor's
     * scope includes, so that a first run is protected by the same limits.
     */
    public record Base(long accounts, String describes) {

        public static Base of(long managedAccounts, long peopleInScope) {
            return managedAccounts > 0 ? new Base(managedAccounts, managedAccounts + " managed accounts")
                    : new Base(peopleInScope, peopleInScope + " people in the file (nothing managed there yet)");
        }

        public static Base managed(long managedAccounts) {
            return new Base(managedAccounts, managedAccounts + " managed accounts");
        }
    }

    /**
     * Per vendor and operation: how many of the planned calls exceed the limit. Every planned call
     * counts, a deactivation of an account hrsync never applied included; the percentage is of the
     * {@link Base}.
     */
    public List<String> thresholdViolations(String vendor, Map<VendorAction, Long> planned, Base base) {
        long managedAccounts = base.accounts();
        List<String> violations = new ArrayList<>();
        planned.forEach((action, count) -> {
            String op = OPERATIONS.get(action);
            if (op == null) {
                return;
            }
            HrsyncConfig.Limit limit = limitFor(vendor, op);
            if (limit == null) {
                return;
            }
            long allowed = Long.MAX_VALUE;
            StringBuilder rule = new StringBuilder();
            if (limit.maxPercent().isPresent()) {
                allowed = Math.min(allowed, managedAccounts * limit.maxPercent().getAsInt() / 100);
                rule.append(limit.maxPercent().getAsInt()).append(" % of ").append(base.describes());
            }
            if (limit.maxCount().isPresent()) {
                allowed = Math.min(allowed, limit.maxCount().getAsInt());
                rule.append(rule.isEmpty() ? "" : " or ").append(limit.maxCount().getAsInt());
            }
            if (count > allowed) {
                violations.add("threshold: " + count + " " + op + " operations planned in " + vendor + ", more than "
                        + allowed + " allowed (" + rule + ", the smaller applies; " + propertyFor(vendor, op) + ")");
            }
        });
        return violations;
    }

    private HrsyncConfig.Limit limitFor(String vendor, String op) {
        HrsyncConfig.VendorGuards perVendor = config.vendors().get(vendor);
        if (perVendor != null && perVendor.limits().containsKey(op)) {
            return perVendor.limits().get(op);
        }
        return config.limits().get(op);
    }

    private String propertyFor(String vendor, String op) {
        HrsyncConfig.VendorGuards perVendor = config.vendors().get(vendor);
        return perVendor != null && perVendor.limits().containsKey(op) ? "hrsync.guards.vendors." + vendor + ".limits." + op
                : "hrsync.guards.limits." + op;
    }
}
