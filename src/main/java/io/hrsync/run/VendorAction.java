package io.hrsync.run;

/** What hrsync decided to do to a person's account in one vendor. */
public enum VendorAction {
    CREATE,
    UPDATE,
    DEACTIVATE,
    REACTIVATE,
    NONE
}
