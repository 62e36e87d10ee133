package io.hrsync.hris;

import java.util.Locale;
import java.util.Optional;

/** Employment status as the HRIS exports it. */
public enum PersonStatus {
    ACTIVE,
    LEAVE,
    TERMINATED;

    public static Optional<PersonStatus> parse(String value) {
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** On leave keeps the account: only terminated people lose access. */
    public boolean keepsAccess() {
        return this != TERMINATED;
    }
}
