package io.hrsync.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.hris.Person;
import io.hrsync.plan.Change;
import io.hrsync.plan.PersonDecisions;
import io.hrsync.plan.PlanCalendar;
import io.hrsync.plan.PlanRefusedException;
import io.hrsync.plan.PlannedChange;
import io.hrsync.plan.SafetyGuards;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.state.AccountState;
import io.hrsync.state.Hashes;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.state.PersonState;
import io.hrsync.state.StateStore;

/**
 * Re-plans dead letters for a replay, as a nightly run plans a row: a letter is never delivered from
 * the data it was stored with, but decided again (the same {@link PersonDecisions}, protected accounts
 * and deactivations configuration did not enable included) from the person's last accepted HRIS
 * snapshot and what hrsync last applied in the vendor. A letter is not replayed when a later item
 * superseded it, when the accepted data now points the other way (a deactivation after a rehire, a
 * create after a termination), or when nothing is left to do; the others are delivered as re-planned,
 * and the replay's calls pass the same per-vendor thresholds as a night's ({@link SafetyGuards}).
 */
@ApplicationScoped
public class ReplayPlanner {

    private final StateStore state;
    private final PersonDecisions decisions;
    private final SafetyGuards guards;
    private final PlanCalendar calendar;

    public ReplayPlanner(StateStore state, PersonDecisions decisions, SafetyGuards guards, PlanCalendar calendar) {
        this.state = state;
        this.decisions = decisions;
        this.guards = guards;
        this.calendar = calendar;
    }

    /** The letters re-planned: what each becomes, the replay's id (for an approval) and the guards' verdict. */
    public record ReplayPlan(String id, List<WorkQueue.Replay> replays, List<WorkQueue.Replay> superseded,
            Map<String, Map<VendorAction, Long>> calls, List<String> violations) {

        /** summary.json's "plan" of the replay run. */
        public Map<String, Object> summary(String approved) {
            Map<String, Object> s = new java.util.LinkedHashMap<>();
            s.put("planId", id);
            s.put("approvedPlanId", approved);
            s.put("letters", replays.size() + superseded.size());
            s.put("superseded", superseded.size());
            s.put("replayed", replays.stream().filter(r -> r.as().outcome() == null).count());
            s.put("calls", calls);
            s.put("guardViolations", violations);
            return s;
        }
    }

    /**
     * Re-plans the letters into the replay run; refused ({@link PlanRefusedException}, nothing moved)
     * when a guard trips and {@code approvedId} is not this replay's id.
     */
    public ReplayPlan plan(String replayRun, List<WorkQueue.DeadLetter> letters, String approvedId) {
        PersonDecisions.Pass pass = decisions.pass(calendar.today());
        List<WorkQueue.Replay> replays = new ArrayList<>();
        List<WorkQueue.Replay> superseded = new ArrayList<>();
        Map<String, Map<VendorAction, Long>> calls = new TreeMap<>();
        Map<String, Long> lettersPerVendor = new TreeMap<>();
        MessageDigest digest = Hashes.newSha256();
        for (WorkQueue.DeadLetter letter : letters) {
            NewWorkItem as = replan(pass, replayRun, letter);
            (letter.supersededByRun() != null ? superseded : replays).add(new WorkQueue.Replay(letter.item().id(), as));
            lettersPerVendor.merge(as.vendor(), 1L, Long::sum);
            if (as.outcome() == null) {
                calls.computeIfAbsent(as.vendor(), v -> new EnumMap<>(VendorAction.class))
                        .merge(VendorAction.valueOf(as.action()), 1L, Long::sum);
            }
            digest.update((letter.item().id() + ":" + as.employeeId() + ":" + as.outcome() + ":"
                    + (as.planned() == null ? "" : as.planned().fingerprint()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String id = Hashes.hex(digest.digest()).substring(0, 16);
        Map<String, Long> managed = state.activeAccountCounts();
        List<String> violations = new ArrayList<>();
        calls.forEach((vendor, planned) -> violations.addAll(guards.thresholdViolations(vendor, planned,
                SafetyGuards.Base.of(managed.getOrDefault(vendor, 0L), lettersPerVendor.get(vendor)))));
        if (!violations.isEmpty() && !id.equals(approvedId == null ? null : approvedId.trim())) {
            throw new PlanRefusedException(String.join("; ", violations) + ". Nothing was replayed: the letters stay dead "
                    + "letters. Review them, replay fewer (hrsync.replay.vendor, hrsync.replay.email), or approve this replay "
                    + "with -Dhrsync.replay.enabled=true -Dhrsync.replay.approve=" + id);
        }
        return new ReplayPlan(id, List.copyOf(replays), List.copyOf(superseded), calls, List.copyOf(violations));
    }

    /** What one letter becomes in the replay run. */
    private NewWorkItem replan(PersonDecisions.Pass pass, String replayRun, WorkQueue.DeadLetter letter) {
        WorkItem item = letter.item();
        Optional<PersonState> accepted = state.person(item.employeeId());
        Person person = accepted.map(PersonState::person).orElseGet(() -> PersonSnapshots.fromJson(item.payload()));
        String snapshot = accepted.map(a -> PersonSnapshots.toJson(a.person())).orElse(item.payload());
        String source = accepted.map(a -> "the HRIS data accepted by run " + a.lastRunId())
                .orElse("the letter's own data (no HRIS file with this person was accepted)");
        if (letter.supersededByRun() != null) {
            // it stays in its own run (the replay has that person's newer letter, or none to give): see WorkQueue.finishSuperseded
            return notReplayed(replayRun, item, person, snapshot, null, Outcome.SKIPPED, "a later item of this person in "
                    + item.vendor() + " (run " + letter.supersededByRun() + ") was delivered or dead-lettered after it");
        }
        AccountState applied = state.account(item.vendor(), item.employeeId()).orElse(null);
        Optional<PlannedChange> now = pass.inVendor(person, snapshot, item.vendor(), applied);
        if (now.isEmpty()) {
            return notReplayed(replayRun, item, person, snapshot, null, Outcome.SKIPPED, item.vendor() + " is not enabled");
        }
        PlannedChange change = now.get();
        LocalDate today = pass.today();
        boolean letterRevokes = Change.LEAVE.name().equals(item.change()) || VendorAction.DEACTIVATE.name().equals(item.action());
        boolean accessNow = person.shouldHaveAccessOn(today);
        if (letterRevokes && accessNow) {
            return notReplayed(replayRun, item, person, snapshot, change, Outcome.SKIPPED, "the letter would deactivate "
                    + item.email() + ", but " + source + " gives them access (status " + person.status().name().toLowerCase()
                    + ")");
        }
        if (!letterRevokes && !accessNow) {
            return notReplayed(replayRun, item, person, snapshot, change, Outcome.SKIPPED, "the letter would "
                    + item.action().toLowerCase() + " " + item.email() + ", but " + source + " says they left ("
                    + (person.status().keepsAccess() ? "end_date " + person.endDate() : person.status().name().toLowerCase())
                    + ")");
        }
        if (!change.callsVendor()) {
            Outcome outcome = change.finalOutcome() == Outcome.UNCHANGED ? Outcome.SKIPPED : change.finalOutcome();
            return notReplayed(replayRun, item, person, snapshot, change, outcome, change.note());
        }
        return NewWorkItem.queued(replayRun, person.employeeId(), person.email(), item.row(), null, snapshot, change);
    }

    private static NewWorkItem notReplayed(String replayRun, WorkItem item, Person person, String snapshot,
            PlannedChange change, Outcome outcome, String why) {
        String change_ = change == null ? item.change() : change.change().name();
        return new NewWorkItem(replayRun, item.vendor(), item.employeeId(), person.email(), item.row(),
                change_ == null || change_.isBlank() ? Change.NONE.name() : change_, VendorAction.NONE.name(), null, snapshot,
                outcome.name(), "not replayed (dead letter " + item.id() + " of run " + item.runId() + "): " + why, change);
    }
}
