package io.hrsync.connector.skilljar;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a Skilljar decision reads of Skilljar besides the person's own membership: group and
 * published-course ids by name, a group's members, whether a membership is active and a user's active
 * enrolments. The deliveries answer from the run's lists ({@link SkilljarDirectory#lookups}); a
 * question is asked only when the decision needs the answer.
 */
public interface SkilljarLookups {

    /** Group ids by exact name. */
    Map<String, String> groups();

    /** Ids of the courses published to the domain, by course title (a title may be published more than once). */
    Map<String, List<String>> courses();

    /** Ids of the users in a group. */
    Set<String> members(String groupId);

    /** Whether the user with this email has an active membership in the domain (false when they have none). */
    boolean activeMember(String email);

    /** Published-course ids the user has an active enrolment in. */
    Set<String> activeEnrolments(String userId);
}
