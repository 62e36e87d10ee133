package io.hrsync.state;

/**
 * What hrsync last applied to one person's account in one vendor.
 *
 * @param state        {@link #ACTIVE} (hrsync manages a working account) or {@link #DEACTIVATED}
 *                     (deactivated by hrsync, or a leaver the vendor never had)
 * @param snapshotHash the person snapshot (plus the vendor's rules) that was applied
 */
public record AccountState(String vendor, String employeeId, String email, String name, String vendorUserId,
        String state, String snapshotHash, String lastRunId) {

    public static final String ACTIVE = "ACTIVE";
    public static final String DEACTIVATED = "DEACTIVATED";

    public boolean active() {
        return ACTIVE.equals(state);
    }
}
