package io.hrsync.run;

/** One line of actions.csv: the single recorded outcome of one person×vendor decision. */
public record ActionRecord(
        String runId,
        long row,
        String employeeId,
        String email,
        String vendor,
        String change,
        VendorAction action,
        Outcome outcome,
        String vendorUserId,
        Integer httpStatus,
        String message) {
}
