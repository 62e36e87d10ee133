package io.hrsync.connector.workiva;

import java.util.List;
import java.util.Map;

import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;

/**
 * What to do in Workiva for one person.
 *
 * @param action     the change to make; {@link VendorAction#NONE} when nothing is written
 * @param outcome    the outcome when it is decided without a write (unchanged, skipped), else null
 * @param userId     Workiva's id of the person's account; null for a joiner
 * @param createBody the body of the create, for a joiner only (else null)
 * @param patch      the JSON Patch of the user: {@code replace} operations on the fields that differ; empty for none
 * @param skipped    what the rules ask for that Workiva lacks (a group), left out and noted once
 * @param notes      the other notes for the result, in order
 */
public record WorkivaDecision(
        VendorAction action,
        Outcome outcome,
        String userId,
        Map<String, Object> createBody,
        List<Map<String, String>> patch,
        List<String> skipped,
        List<String> notes) {

    /**
     * The SCIM change of the user's {@code active}: false suspends a leaver, true reactivates a rehire,
     * null changes nothing. REST cannot set a user's status: only the customer's SCIM endpoint can.
     */
    public Boolean scimActive() {
        return switch (action) {
            case DEACTIVATE -> false;
            case REACTIVATE -> true;
            default -> null;
        };
    }
}
