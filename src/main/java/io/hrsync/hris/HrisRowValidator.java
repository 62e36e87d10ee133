package io.hrsync.hris;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.csv.CSVRecord;

/** Checks one data row and turns it into a {@link Person}, or into the list of problems that reject it. */
@ApplicationScoped
public class HrisRowValidator {


    private final HrisColumns columns;

    public HrisRowValidator(HrisColumns columns) {
        this.columns = columns;
    }

    /**
     * Where each field's column is in a file with this header. A row's fields are read by index: a
     * lookup by header name (three map lookups per field and row in Commons CSV, and one through the
     * {@link HrisColumns} bean) showed in the ingest profile.
     */
    public Columns columnsOf(List<String> header) {
        int[] column = new int[FIELDS.size()];
        for (int f = 0; f < column.length; f++) {
            column[f] = header.indexOf(columns.header(FIELDS.get(f)));
        }
        return new Columns(header.size(), column);
    }

    private static final List<String> FIELDS = io.hrsync.config.HrsyncConfig.CANONICAL_FIELDS;

    /** See {@link #columnsOf}: per canonical field (in {@code CANONICAL_FIELDS} order) its column, or -1. */
    public record Columns(int headerSize, int[] columnOfField) {

        /** Every field's value on the row, trimmed, read once; empty where the file has no such column or the row is short. */
        Values values(CSVRecord record) {
            String[] values = new String[columnOfField.length];
            for (int f = 0; f < values.length; f++) {
                int i = columnOfField[f];
                values[f] = i < 0 || i >= record.size() ? "" : record.get(i).trim();
            }
            return new Values(values);
        }
    }

    /** One row's values by canonical field. */
    record Values(String[] byPosition) {
        /** Eleven fields: a list scan (the callers' literals are the list's, so equals stops at ==). */
        String of(String field) {
            return byPosition[FIELDS.indexOf(field)];
        }
    }

    public HrisRow validate(CSVRecord record, Columns c, FileInspection inspection) {
        long row = record.getRecordNumber() + 1;
        int headerSize = c.headerSize();
        Values v = c.values(record);
        List<RowProblem> problems = new ArrayList<>();
        if (record.size() != headerSize) {
            problems.add(new RowProblem("*", "row has " + record.size() + " fields but the header has " + headerSize));
        }
        FieldLimits.MAX_LENGTH.forEach((field, max) -> {
            int length = optional(v, field).length();
            if (length > max) {
                problems.add(new RowProblem(columns.header(field), field + " is " + length + " characters long, more than "
                        + "the limit of " + max + " (FieldLimits): the row is not applied"));
            }
        });
        String employeeId = required(v, "employee_id", problems);
        String email = required(v, "email", problems);
        if (!email.isEmpty() && !EmailSyntax.isValid(email)) {
            problems.add(new RowProblem(columns.header("email"), "'" + email + "' is not a valid email address"));
        }
        String firstName = required(v, "first_name", problems);
        String lastName = required(v, "last_name", problems);
        String managerEmail = optional(v, "manager_email");
        if (!managerEmail.isEmpty() && !EmailSyntax.isValid(managerEmail)) {
            problems.add(new RowProblem(columns.header("manager_email"), "'" + managerEmail + "' is not a valid email address"));
        }
        LocalDate startDate = date(v, "start_date", problems);
        LocalDate endDate = date(v, "end_date", problems);
        if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
            problems.add(new RowProblem(columns.header("end_date"), "end_date " + endDate + " is before start_date " + startDate));
        }
        String statusText = required(v, "status", problems);
        PersonStatus status = null;
        if (!statusText.isEmpty()) {
            status = PersonStatus.parse(statusText).orElse(null);
            if (status == null) {
                problems.add(new RowProblem(columns.header("status"),
                        "unknown status '" + statusText + "' (expected active, leave or terminated)"));
            }
        }
        duplicates(employeeId, inspection.duplicateEmployeeIds().get(employeeId), "employee_id", row, problems);
        String normalisedEmail = email.isEmpty() ? "" : Person.normaliseEmail(email);
        duplicates(normalisedEmail, inspection.duplicateEmails().get(normalisedEmail), "email", row, problems);
        if (!problems.isEmpty()) {
            return HrisRow.rejected(row, employeeId, normalisedEmail, problems);
        }
        return HrisRow.valid(row, new Person(employeeId, email, firstName, lastName, optional(v, "department"),
                optional(v, "title"), managerEmail, optional(v, "location"), startDate, endDate, status));
    }

    private void duplicates(String key, List<Long> rows, String field, long row, List<RowProblem> problems) {
        if (key.isEmpty() || rows == null) {
            return;
        }
        List<Long> others = rows.stream().filter(r -> r != row).toList();
        problems.add(new RowProblem(columns.header(field),
                "duplicate " + field + " '" + key + "' also on row(s) " + others + ": none of these rows is applied"));
    }

    private String required(Values v, String field, List<RowProblem> problems) {
        String value = optional(v, field);
        if (value.isEmpty()) {
            problems.add(new RowProblem(columns.header(field), "required value is missing"));
        }
        return value;
    }

    private static String optional(Values v, String field) {
        return v.of(field);
    }

    private LocalDate date(Values v, String field, List<RowProblem> problems) {
        String value = optional(v, field);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new RowProblem(columns.header(field), "'" + value + "' is not an ISO date (yyyy-MM-dd)"));
            return null;
        }
    }
}
