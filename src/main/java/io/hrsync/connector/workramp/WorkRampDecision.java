package io.hrsync.connector.workramp;

import java.util.List;
import java.util.Map;

import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * What to do in WorkRamp for one person.
 *
 * @param action            the write to make; {@link VendorAction#NONE} when nothing is written
 * @param outcome           the outcome when it is decided without a write (unchanged, skipped), else null
 * @param userId            WorkRamp's id of the person's account, as its paths and bodies take it; null for a joiner
 * @param vendorUserId      the same id as the results record it; null for a joiner
 * @param body              the request body of the write (create or update), null when nothing is written
 * @param pendingAttributes a joiner's custom attributes, written by an update once the create has given
 *                          the user an id (WorkRamp's create takes none); empty otherwise
 * @param skipped           what the rules ask for that WorkRamp lacks (a group), left out and noted once
 * @param notes             the other notes for the result, in order
 */
public record WorkRampDecision(
        VendorAction action,
        Outcome outcome,
        Integer userId,
        String vendorUserId,
        Map<String, Object> body,
        Map<String, String> pendingAttributes,
        List<String> skipped,
        List<String> notes) {
}
