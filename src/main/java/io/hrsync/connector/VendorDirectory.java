package io.hrsync.connector;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.hris.Person;

/**
 * A vendor's directory as one run sees it: every user its listing returned (read once per run, see
 * {@link VendorDirectories}), indexed by email and, where the vendor keeps one, by employee id. The
 * run adds the accounts it creates and drops the emails it moves away from, so a report finds a
 * manager created minutes before. An answer here is exact by construction: the user listed under
 * that very email (or employee id), never "the first user a filter returned".
 */
public final class VendorDirectory {

    private final List<VendorAccount> listed;
    private final Map<String, JsonNode> byEmail = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> byEmployeeId = new ConcurrentHashMap<>();
    /** Employee ids two listed users share: no answer is given by them (the person is found by email, or not at all). */
    private final Set<String> sharedEmployeeIds = ConcurrentHashMap.newKeySet();
    private final VendorConnector connector;

    /**
     * @param connector the vendor (how it shapes a listed user: {@link VendorConnector#accountOf},
     *                  {@link VendorConnector#employeeIdOf})
     * @param listed    the accounts the vendor's listing returned, each with the user as listed
     */
    public VendorDirectory(VendorConnector connector, List<VendorAccount> listed) {
        this.connector = connector;
        this.listed = List.copyOf(listed);
        for (VendorAccount account : listed) {
            if (account.listed() != null) {
                index(account.email(), account.listed());
            }
        }
    }

    /** The accounts as the listing returned them (before this run's writes), for the drift report. */
    public List<VendorAccount> listed() {
        return listed;
    }

    /** The user listed (or created by this run) under this email. */
    public Optional<JsonNode> byEmail(String email) {
        return email == null ? Optional.empty() : Optional.ofNullable(byEmail.get(Person.normaliseEmail(email)));
    }

    /** The one user listed with this employee id (none when the vendor keeps no employee id, or two users share it). */
    public Optional<JsonNode> byEmployeeId(String employeeId) {
        if (employeeId == null || employeeId.isBlank() || sharedEmployeeIds.contains(employeeId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byEmployeeId.get(employeeId));
    }

    /** A user the run created, reactivated or moved to this email: later lookups in the run find it. */
    public void remember(String email, JsonNode user) {
        index(email, user);
    }

    /** The run moved the account away from this email (or it is gone): lookups by it find nothing. */
    public void forget(String email) {
        if (email != null) {
            byEmail.remove(Person.normaliseEmail(email));
        }
    }

    private void index(String email, JsonNode user) {
        if (email != null && !email.isBlank()) {
            byEmail.put(Person.normaliseEmail(email), user);
        }
        String employeeId = connector.employeeIdOf(user);
        if (employeeId != null && !employeeId.isBlank()) {
            JsonNode before = byEmployeeId.put(employeeId, user);
            if (before != null && !Objects.equals(connector.accountOf(before).vendorUserId(), connector.accountOf(user).vendorUserId())) {
                sharedEmployeeIds.add(employeeId);
            }
        }
    }
}
