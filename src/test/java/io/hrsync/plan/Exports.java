package io.hrsync.plan;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;

/** Builds HRIS exports row by row (dates relative to a day) and reads decisions back from actions.csv. */
final class Exports {

    private final Map<String, String> rows = new LinkedHashMap<>();

    /** One person; {@code start}/{@code end} are day offsets from {@code day} (null: empty). */
    Exports person(LocalDate day, String id, String email, String first, String last, String department, String title,
            String manager, Integer start, Integer end, String status) {
        rows.put(id, String.join(",", id, email, first, last, department, title, manager == null ? "" : manager, "Berlin",
                start == null ? "" : day.plusDays(start).toString(), end == null ? "" : day.plusDays(end).toString(), status));
        return this;
    }

    Exports without(String id) {
        rows.remove(id);
        return this;
    }

    Exports copy() {
        Exports e = new Exports();
        e.rows.putAll(rows);
        return e;
    }

    String csv() {
        return RunResultsFixtures.HEADER + rows.values().stream().map(r -> r + "\n").collect(Collectors.joining());
    }

    /** "change action outcome" per "employee_id/vendor". */
    static Map<String, String> decisions(RunResults run) {
        Map<String, String> d = new LinkedHashMap<>();
        for (Map<String, String> a : run.actions) {
            d.put(a.get("employee_id") + "/" + a.get("vendor"), a.get("change") + " " + a.get("action") + " " + a.get("outcome"));
        }
        return d;
    }
}
