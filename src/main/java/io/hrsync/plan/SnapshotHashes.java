package io.hrsync.plan;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.state.Hashes;
import io.hrsync.state.PersonSnapshots;

/**
 * The hash of what hrsync applies to one vendor for one person: the person's snapshot plus that
 * vendor's provisioning rules, so an edit of the rules (a new department group, say) is a change too.
 */
@ApplicationScoped
public class SnapshotHashes {

    private final ProvisioningRules rules;

    public SnapshotHashes(ProvisioningRules rules) {
        this.rules = rules;
    }

    public String of(Person person, String vendor) {
        return Hashes.sha256(PersonSnapshots.toJson(person) + "\n" + rules.forVendor(vendor));
    }
}
