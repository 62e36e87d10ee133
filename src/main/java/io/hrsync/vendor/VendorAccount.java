package io.hrsync.vendor;

/**
 * One account as a vendor's directory lists it, in a vendor-neutral shape: enough to match it to
 * HRIS by email and to see whether someone changed it by hand since hrsync last applied it.
 *
 * @param vendorUserId the vendor's own id for the user
 * @param email        lower-cased
 * @param name         full name as "First Last", trimmed, single spaces (null when the vendor has none)
 * @param active       whether the account can sign in (not deactivated, suspended or deleted)
 */
public record VendorAccount(String vendorUserId, String email, String name, boolean active) {

    public VendorAccount {
        email = email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
        name = name == null || name.isBlank() ? null : name.trim().replaceAll("\\s+", " ");
    }
}
