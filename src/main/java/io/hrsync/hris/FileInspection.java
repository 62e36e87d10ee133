package io.hrsync.hris;

import java.util.List;
import java.util.Map;

/**
 * What the first pass over a file learned: its header, how many data rows it has and which
 * employee ids and emails occur on more than one row (with those rows).
 */
public record FileInspection(
        List<String> header,
        long dataRows,
        Map<String, List<Long>> duplicateEmployeeIds,
        Map<String, List<Long>> duplicateEmails) {
}
