package io.hrsync.state;

import io.hrsync.hris.Person;

/** The last accepted HRIS snapshot of one person. */
public record PersonState(Person person, String snapshotHash, String lastRunId) {
}
