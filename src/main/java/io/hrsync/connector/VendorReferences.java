package io.hrsync.connector;

import java.util.Collection;
import java.util.List;

import io.hrsync.rules.ReferenceDemand;
import io.hrsync.rules.RuleReference;

/**
 * The capability of a vendor whose provisioning refers to things by name (groups, courses,
 * departments, locations) that must exist in the vendor: what the rules can produce, and what the
 * vendor has. The rules preflight ({@code routes/rules-preflight.camel.yaml}) checks one against the
 * other once per run, before any write.
 */
public interface VendorReferences {

    /** The vendor's name, as {@link VendorConnector#name()}. */
    String vendor();

    /** Every name the vendor's rules (and the columns its connector maps) can produce for the run's people. */
    List<RuleReference> needed(ReferenceDemand demand);

    /**
     * The names of this kind the vendor has: the run's list, read once through the vendor's http route
     * and cached for the run, so the deliveries that follow resolve names from it without another call.
     */
    Collection<String> names(String runId, String kind);

    /** Why the reference cannot be used in this vendor (it does not exist, say), or null when it can. */
    default String problem(String runId, RuleReference reference) {
        return names(runId, reference.kind()).contains(reference.name()) ? null : "does not exist in " + vendor();
    }
}
