package io.hrsync.plan;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.queue.VendorDrainHolder;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.ReferenceDemand;
import io.hrsync.rules.RuleReference;
import io.hrsync.run.RunLedger;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.ConnectorFamily;
import io.hrsync.connector.VendorReferences;
import io.hrsync.connector.VendorRegistry;

/**
 * The rules preflight ({@code routes/rules-preflight.camel.yaml}): once per run, after the plan and
 * before any write, every group, course, department and location the provisioning rules produce for
 * the run's joiners, movers and rehires is checked against each vendor's reference data. A missing
 * one is reported once — a WARN line, {@code summary.json}'s {@code preflight}, a line of
 * {@code preflight.csv} — instead of failing each person who needs it. The vendor's lists are read
 * through the same run cache the deliveries resolve names from, so the check costs no call the run
 * would not make anyway; the deliveries then leave a missing reference out and note it on the
 * person's line (the account is still created or updated, and no call is spent on a write that
 * cannot succeed).
 */
@ApplicationScoped
@Named("rulesPreflight")
public class RulesPreflight {

    private static final Logger LOG = Logger.getLogger(RulesPreflight.class);
    /** How many of the vendor's names a report lists (the closest first). */
    static final int AVAILABLE_SHOWN = 5;

    private final VendorRegistry vendors;
    private final Map<String, VendorReferences> references;
    private final VendorDrainHolder holder;
    private final RunLedger ledger;
    private final String rulesFile;
    private final Duration leaseWait;

    public RulesPreflight(VendorRegistry vendors, Instance<VendorReferences> references, Instance<ConnectorFamily> families,
            VendorDrainHolder holder, RunLedger ledger, ProvisioningRules rules, HrsyncConfig config) {
        this.vendors = vendors;
        this.references = java.util.stream.Stream.concat(references.stream(),
                families.stream().flatMap(family -> family.references().stream()))
                .collect(Collectors.toMap(VendorReferences::vendor, Function.identity()));
        this.holder = holder;
        this.ledger = ledger;
        this.rulesFile = rules.file().toString();
        // like the drift report's listing: the reads wait this long for another process's delivery to the vendor
        this.leaseWait = Duration.ofSeconds(4L * config.delivery().vendorLeaseSeconds());
    }

    /**
     * The enabled vendors with something to check: a run that creates, moves or reactivates someone
     * there, and rules that refer to something by name. A vendor the run changes nobody in is not
     * read (an unchanged night still costs only its directory listing).
     */
    public List<VendorConnector> vendors(RunPlan plan) {
        return vendors.enabled().stream().filter(v -> !needed(plan, v).isEmpty()).toList();
    }

    /** Checks one vendor's references against its reference data; each missing one reported once. */
    public void check(String runId, RunPlan plan, VendorConnector vendor) {
        VendorReferences vendorReferences = references.get(vendor.name());
        List<RuleReference> needed = needed(plan, vendor);
        holder.whileHolding(vendor, leaseWait, () -> {
            for (RuleReference reference : needed) {
                String problem = vendorReferences.problem(runId, reference);
                if (problem != null) {
                    report(runId, vendor.name(), reference, problem, vendorReferences.names(runId, reference.kind()));
                }
            }
            return null;
        });
        ledger.preflightChecked(runId, vendor.name());
    }

    /** The vendor's reference data could not be read: not checked; the deliveries resolve names as they go. */
    public void unchecked(String runId, VendorConnector vendor, Exception error) {
        String why = String.valueOf(error.getMessage());
        LOG.warnf("rules preflight: %s's reference data could not be read (%s); %s's references are not checked this run",
                vendor.name(), printable(why), rulesFile);
        ledger.preflightUnchecked(runId, vendor.name(), why);
    }

    private List<RuleReference> needed(RunPlan plan, VendorConnector vendor) {
        Optional<ReferenceDemand> demand = plan.references(vendor.name());
        VendorReferences vendorReferences = references.get(vendor.name());
        if (demand.isEmpty() || demand.get().people() == 0 || vendorReferences == null) {
            return List.of();
        }
        return vendorReferences.needed(demand.get());
    }

    private void report(String runId, String vendor, RuleReference reference, String problem, Collection<String> names) {
        List<String> closest = ClosestNames.to(reference.name(), names, AVAILABLE_SHOWN);
        LOG.warnf("rules preflight: %s: %s (%s): %s '%s' %s; %s has %s%s; %d people of this run go without it"
                + " (each noted in actions.csv), nobody's account is held back",
                rulesFile, reference.ruleKey(), printable(String.join(", ", reference.mappedFrom())), reference.kind(),
                printable(reference.name()), problem, vendor, closest.isEmpty() ? "none" : printable(String.join(", ", closest)),
                closest.size() < names.size() ? " (closest of " + names.size() + ")" : "", reference.people());
        ledger.preflightMissing(runId, vendor, reference.kind(), reference.name(), rulesFile, reference.ruleKey(),
                reference.mappedFrom(), reference.people(), problem, closest, names.size());
    }

    /** Names from the rules, the file and the vendor, with line breaks and other control characters shown, not obeyed, in a log line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
