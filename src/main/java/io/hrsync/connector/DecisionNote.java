package io.hrsync.connector;

import java.util.List;

import io.hrsync.run.VendorResult;

/**
 * One part of a result row's message, as a connector's decision writes it. A skipped one names
 * something the rules ask for that the vendor does not have (a group, a course, a department): the
 * person's state is then recorded as not fully applied.
 */
public record DecisionNote(String text, boolean skipped) {

    /** Adds the notes to the row's result, in order. */
    public static void noteOn(List<DecisionNote> notes, VendorResult result) {
        for (DecisionNote note : notes) {
            if (note.skipped()) {
                result.skipped(note.text());
            } else {
                result.note(note.text());
            }
        }
    }
}
