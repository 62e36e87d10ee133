package io.hrsync.hris;

import java.util.List;
import java.util.stream.Collectors;

/** One data row of the export: either a valid {@link Person} or the problems that reject it. */
public record HrisRow(long row, Person person, String employeeId, String email, List<RowProblem> problems) {

    public static HrisRow valid(long row, Person person) {
        return new HrisRow(row, person, person.employeeId(), person.email(), List.of());
    }

    public static HrisRow rejected(long row, String employeeId, String email, List<RowProblem> problems) {
        return new HrisRow(row, null, employeeId, email, List.copyOf(problems));
    }

    public boolean isValid() {
        return person != null;
    }

    /** The first column at fault (one line per rejected row in rejected.csv). */
    public String column() {
        return problems.isEmpty() ? "" : problems.get(0).column();
    }

    /** Every problem of the row, each with its column. */
    public String reason() {
        if (problems.size() == 1) {
            return problems.get(0).reason();
        }
        return problems.stream().map(p -> p.column() + ": " + p.reason()).collect(Collectors.joining("; "));
    }
}
