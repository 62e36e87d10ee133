package io.hrsync.connector.ramp;

import java.util.Optional;

/**
 * What a Ramp decision reads of Ramp besides the person's own account: department and location ids
 * by name, and other users' ids by email (a manager's, for {@code direct_manager_id}). The deliveries
 * answer from the run's lists ({@link RampDirectory#lookups}); a question is asked only when the
 * decision needs the answer.
 */
public interface RampLookups {

    /** The id of a department or location ({@code kind}: {@link RampDirectory#DEPARTMENTS}, {@link RampDirectory#LOCATIONS}) by name. */
    Optional<String> referenceId(String kind, String name);

    /** The Ramp id of the user with this email (empty text when Ramp gave none), or empty when there is no such user. */
    Optional<String> userId(String email);
}
