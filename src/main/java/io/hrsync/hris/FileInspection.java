package io.hrsync.hris;

import java.util.List;
import java.util.Map;

/**
 * What the first pass over a file learned: its header, how many data rows it has, which employee
 * ids and emails occur on more than one row (with those rows), and each person's depth in the
 * management chain (0 = no manager in this file), so that managers are provisioned before their
 * reports and a report can reference its manager's vendor id.
 */
public record FileInspection(
        List<String> header,
        long dataRows,
        Map<String, List<Long>> duplicateEmployeeIds,
        Map<String, List<Long>> duplicateEmails,
        Map<String, Integer> depthByEmail) {

    /** How many passes over the rows the management chain needs (at least one). */
    public int levels() {
        return 1 + depthByEmail.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The rows of one level (one pass), in file order: every row belongs to exactly one level. */
    public List<HrisRow> rowsAtLevel(List<HrisRow> rows, int level) {
        return rows.stream().filter(r -> depthOf(r.email()) == level).toList();
    }

    /** The pass a row belongs to: its depth, or 0 when its email is unknown or invalid. */
    public int depthOf(String email) {
        return email == null ? 0 : depthByEmail.getOrDefault(email, 0);
    }
}
