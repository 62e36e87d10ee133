package io.hrsync.plan;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.hris.Person;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.state.AccountState;
import io.hrsync.state.Hashes;
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
        if (result.incomplete()) {
            // a membership or reference the vendor lacked was left out (the rules preflight reported it):
            // a hash no snapshot has makes the next run plan this person again (MOVE), so once the group
            // or course exists in the vendor the person gets it, with no edit of the rules or the export
            hash = Hashes.sha256("incomplete\n" + hash);
        }
        state.recordAccount(new AccountState(vendor, person.employeeId(), person.email(), person.displayName(),
                result.getVendorUserId(), leaving ? AccountState.DEACTIVATED : AccountState.ACTIVE, hash, runId));
    }
}
