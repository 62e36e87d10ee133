package io.hrsync.connector.ramp;

import io.hrsync.connector.DecisionNote;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;

/**
 * What to do in Ramp for one person ({@link RampDecider#decide}).
 *
 * @param action the write the route makes; NONE when there is none (the outcome then says why)
 * @param outcome the outcome of a decision without a write (UNCHANGED, SKIPPED); null when the route writes
 * @param userId the Ramp user's id; null for a joiner
 * @param body the write's body: the invite for CREATE; for UPDATE and REACTIVATE the fields that differ
 *        (empty when a rehire has nothing else to change); empty otherwise
 * @param notes the row's message, in order
 * @param rampEmail the email Ramp has for a user who keeps their account when the HRIS email differs
 *        (Ramp's API cannot change it): the rest of the run knows them under the HRIS email; else null
 */
public record RampDecision(VendorAction action, Outcome outcome, String userId, Map<String, Object> body, List<DecisionNote> notes,
        String rampEmail) {

    public RampDecision {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body)); // in order: it is sent as it is
        notes = List.copyOf(notes);
    }


    /** Adds the notes to the row's result, in order. */
    public void noteOn(VendorResult result) {
        DecisionNote.noteOn(notes, result);
    }
}
