package io.hrsync.state;

/**
 * What hrsync last applied to one person's account in one vendor.
 *
 * @param state        {@link #ACTIVE} (hrsync manages a working account), {@link #DEACTIVATED}
 *                     (deactivated by hrsync, or found deactivated) or {@link #ABSENT} (a leaver hrsync
 *                     looked for and found no account of: never recorded as deactivated, and reported
 *                     in drift.csv)
 * @param snapshotHash the person snapshot (plus the vendor's rules) that was applied
 */
public record AccountState(String vendor, String employeeId, String email, String name, String vendorUserId,
        String state, String snapshotHash, String lastRunId) {

    public static final String ACTIVE = "ACTIVE";
    public static final String DEACTIVATED = "DEACTIVATED";
    public static final String ABSENT = "ABSENT";

    public boolean active() {
        return ACTIVE.equals(state);
    }

    /** The marker in the id of a run that relays a vendor event (a Ramp webhook): see RunLedger.openEvent. */
    public static final String EVENT_RUN = "-webhook-";

    /** Deactivated by the relay of a vendor event, not by a night's HRIS file. */
    public boolean deactivatedByEvent() {
        return DEACTIVATED.equals(state) && lastRunId != null && lastRunId.contains(EVENT_RUN);
    }

    /** A leaver whose account was not found when hrsync went to deactivate it. */
    public boolean absent() {
        return ABSENT.equals(state);
    }
}
