package io.hrsync.connector.workramp;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a run knows of the WorkRamp tenant, as the decisions read it: each answer comes from the run's
 * lookup cache or directory listing ({@link WorkRampDirectory#tenant}), so deciding costs no call
 * beyond the run's one read of each.
 */
public interface WorkRampTenant {

    /** Group ids by name (the rules name groups; WorkRamp references them by id). */
    Map<String, Integer> groups();

    /** Ids of a group's members. */
    Set<Integer> members(int groupId);

    /** A user (a manager) by email, with their {@code directReports}. */
    Optional<JsonNode> user(String email);

    /** A user's custom attribute values by attribute name (empty for a user without any). */
    Map<String, String> attributes(int userId);
}
