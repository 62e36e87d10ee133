package io.hrsync.hris;

import java.util.List;
import java.util.Map;

/**
 * What the first pass over a file learned: its header, how many data rows it has, which employee
 * ids and emails occur on more than one row (with those rows), and every employee id and email of
 * the file, rejected rows included (people hrsync knows who are not among them are no longer in the
 * file; a vendor account with none of these emails is an orphan).
 */
public record FileInspection(
        List<String> header,
        long dataRows,
        Map<String, List<Long>> duplicateEmployeeIds,
        Map<String, List<Long>> duplicateEmails,
        KeyHashes employeeIds,
        KeyHashes emails) {

    /** Whether the file has a row with this employee id (trimmed, as read), valid or not. */
    public boolean hasEmployeeId(String employeeId) {
        return employeeIds.contains(employeeId);
    }

    /** Whether the file has a row with this email (normalised), valid or not. */
    public boolean hasEmail(String email) {
        return emails.contains(email);
    }
}
