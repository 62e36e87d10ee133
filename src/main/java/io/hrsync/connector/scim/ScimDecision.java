package io.hrsync.connector.scim;

import java.util.List;

import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * What to do to one person's account in one SCIM app.
 *
 * @param action       the write ({@link VendorAction#NONE}: none, {@link #outcome()} says why)
 * @param outcome      without a write: UNCHANGED or SKIPPED; with one: null until it is applied
 * @param userId       the SCIM id of the account (null before a create)
 * @param httpMethod   POST (create), PATCH, PUT or DELETE; null without a write
 * @param body         the request body: a User resource, a PatchOp, or null (DELETE)
 * @param notes        what changed, for the result line
 * @param groupsToJoin ids of the groups the person is to be added to
 */
public record ScimDecision(VendorAction action, Outcome outcome, String userId, String httpMethod, Object body,
        List<String> notes, List<String> groupsToJoin) {

    static ScimDecision none(Outcome outcome, String userId, String note, List<String> groupsToJoin) {
        return new ScimDecision(VendorAction.NONE, outcome, userId, null, null, note == null ? List.of() : List.of(note),
                groupsToJoin);
    }

    /** A write other than the create (the create goes to POST /Users, everything else to /Users/{id}). */
    public boolean updates() {
        return action != VendorAction.NONE && action != VendorAction.CREATE;
    }

    public boolean creates() {
        return action == VendorAction.CREATE;
    }
}
