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
        // a leaver with no account found is recorded as such (ABSENT), never as deactivated: the drift
        // report lists them, and an account of theirs the vendor does list is reported there as well;
        // a leaver whose account was found but left alone (a deactivation switched off) is not recorded
        boolean notFound = leaving && outcome == Outcome.SKIPPED && result.getVendorUserId() == null;
        boolean applied = outcome == Outcome.APPLIED || outcome == Outcome.UNCHANGED || notFound;
        if (!applied) {
            return;
        }
        if (notFound && state.account(vendor, person.employeeId()).map(AccountState::absent).orElse(false)) {
            return; // still not found: the run that first found no account stays the one drift.csv names
        }
        String hash = planned != null ? planned.snapshotHash() : hashes.of(person, vendor);
        String now = notFound ? AccountState.ABSENT : leaving ? AccountState.DEACTIVATED : AccountState.ACTIVE;
        if (result.incomplete()) {
            // a membership or reference the vendor lacked was left out (the rules preflight reported it):
            // a hash no snapshot has makes the next run plan this person again (MOVE), so once the group
            // or course exists in the vendor the person gets it, with no edit of the rules or the export
            hash = Hashes.sha256("incomplete\n" + hash);
        }
        state.recordAccount(new AccountState(vendor, person.employeeId(), person.email(), person.displayName(),
                result.getVendorUserId(), now, hash, runId));
    }
}
