package io.hrsync.plan;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.hris.Person;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.state.AccountState;
import io.hrsync.state.StateStore;

/**
 * After each person×vendor outcome of an applying run: what the vendor now holds goes into the
 * state store, so the next run compares against it. Failures change nothing (the change is planned
 * again next time); refusals and pending joiners are not applied.
 */
@ApplicationScoped
public class AppliedStates {

    private final StateStore state;
    private final SnapshotHashes hashes;

    public AppliedStates(StateStore state, SnapshotHashes hashes) {
        this.state = state;
        this.hashes = hashes;
    }

    public void recorded(String runId, String vendor, Person person, PlannedChange planned, VendorResult result) {
        Outcome outcome = result.getOutcome();
        boolean leaving = planned != null ? planned.change() == Change.LEAVE
                : !person.shouldHaveAccess() || result.getAction() == VendorAction.DEACTIVATE;
        if (planned != null && (planned.change() == Change.NONE || planned.change() == Change.PENDING
                || planned.change() == Change.OUT_OF_SCOPE)) {
            return;
        }
        boolean applied = outcome == Outcome.APPLIED || outcome == Outcome.UNCHANGED
                || (leaving && outcome == Outcome.SKIPPED); // a leaver the vendor never had
        if (!applied) {
            return;
        }
        String hash = planned != null ? planned.snapshotHash() : hashes.of(person, vendor);
        state.recordAccount(new AccountState(vendor, person.employeeId(), person.email(), person.displayName(),
                result.getVendorUserId(), leaving ? AccountState.DEACTIVATED : AccountState.ACTIVE, hash, runId));
    }
}
