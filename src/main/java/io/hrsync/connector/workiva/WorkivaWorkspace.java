package io.hrsync.connector.workiva;

import java.util.Map;
import java.util.Set;

/**
 * The configured Workiva workspace as a run knows it, for the decisions: its groups and their members
 * come from the run's lookup cache ({@link WorkivaDirectory#workspace}), read once per run.
 */
public interface WorkivaWorkspace {

    /** The workspace's id (configuration), named in the notes of a group it lacks. */
    String id();

    /** Group ids by name. */
    Map<String, String> groups();

    /** Ids of a group's members. */
    Set<String> members(String groupId);
}
