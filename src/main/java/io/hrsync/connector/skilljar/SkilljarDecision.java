package io.hrsync.connector.skilljar;

import io.hrsync.connector.DecisionNote;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;

/**
 * What to do in Skilljar for one person ({@link SkilljarDecider#decide}).
 *
 * @param action the membership write the route makes (CREATE, DEACTIVATE, REACTIVATE) or UPDATE for a
 *        user change only; NONE when there is none (the outcome then says why)
 * @param outcome the outcome of a decision without a write (UNCHANGED, SKIPPED); null when the route writes.
 *        An UNCHANGED person may still be added to a group they are missing ({@link SkilljarDecider#missingGroups})
 * @param userId the Skilljar user's id; null for a joiner
 * @param body the membership write's body: the upsert (CREATE), {@code {active: false}} (DEACTIVATE),
 *        {@code {active: true}} (REACTIVATE); empty otherwise
 * @param userChanges the user fields to PATCH ({@code /v1/users/{id}}: first_name, last_name, and email after
 *        an HRIS email change); empty when none
 * @param formerEmail the email Skilljar has when the HRIS email changed (the PATCH moves the account to the
 *        HRIS email); else null
 * @param groupIds ids of the groups the person should be in (a leaver: none)
 * @param courseIds ids of the published courses to enrol a joiner or rehire in (anybody else: none)
 * @param notes the row's message, in order
 */
public record SkilljarDecision(VendorAction action, Outcome outcome, String userId, Map<String, Object> body,
        Map<String, Object> userChanges, String formerEmail, List<String> groupIds, List<String> courseIds, List<DecisionNote> notes) {

    public SkilljarDecision {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body)); // in order: it is sent as it is
        userChanges = Collections.unmodifiableMap(new LinkedHashMap<>(userChanges));
        groupIds = List.copyOf(groupIds);
        courseIds = List.copyOf(courseIds);
        notes = List.copyOf(notes);
    }


    /** Adds the notes to the row's result, in order. */
    public void noteOn(VendorResult result) {
        DecisionNote.noteOn(notes, result);
    }
}
