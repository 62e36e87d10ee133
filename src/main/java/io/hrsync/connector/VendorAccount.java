package io.hrsync.connector;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One account as a vendor's directory lists it, in a vendor-neutral shape: enough to match it to
 * HRIS by email and to see whether someone changed it by hand since hrsync last applied it.
 *
 * @param vendorUserId the vendor's own id for the user
 * @param email        lower-cased
 * @param name         full name as "First Last", trimmed, single spaces (null when the vendor has none)
 * @param active       whether the account can sign in (not deactivated, suspended or deleted)
 * @param pendingInvite whether the account holds a seat but waits for its person to accept an invite
 *                     (Ramp's {@code INVITE_PENDING}); such an account is active
 * @param listed       the user exactly as the vendor listed it (what a lookup by email answers), or null;
 *                     not part of the account's identity ({@link #equals})
 */
public record VendorAccount(String vendorUserId, String email, String name, boolean active, boolean pendingInvite,
        JsonNode listed) {

    public VendorAccount {
        email = email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
        name = name == null || name.isBlank() ? null : name.trim().replaceAll("\\s+", " ");
    }

    public VendorAccount(String vendorUserId, String email, String name, boolean active, JsonNode listed) {
        this(vendorUserId, email, name, active, false, listed);
    }

    public VendorAccount(String vendorUserId, String email, String name, boolean active) {
        this(vendorUserId, email, name, active, false, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VendorAccount a && active == a.active && Objects.equals(vendorUserId, a.vendorUserId)
                && Objects.equals(email, a.email) && Objects.equals(name, a.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendorUserId, email, name, active);
    }

    @Override
    public String toString() {
        return "VendorAccount[vendorUserId=" + vendorUserId + ", email=" + email + ", name=" + name + ", active=" + active + "]";
    }
}
