package io.hrsync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The size caps are checked at startup: a cap that would reject every export or fail every call is a configuration error. */
class StartupChecksCapsTest {

    @Test
    void theShippedDefaultsPass() {
        assertEquals(List.of(), StartupChecks.capProblems(2L * 1024 * 1024 * 1024, 65_536, 500, 16L * 1024 * 1024, 10_000));
    }

    @Test
    void aCapThatRejectsEveryExportOrFailsEveryCallIsNamed() {
        assertEquals(List.of(
                "hrsync.hris.max-file-bytes must be at least 1 (is 0)",
                "hrsync.hris.max-line-chars must be at least 4000, the longest header an export may have (is 3999)",
                "hrsync.hris.max-columns must be at least 5, the required columns (is 4)",
                "hrsync.delivery.max-answer-bytes must be at least 1 (is -1)",
                "hrsync.delivery.max-pages must be at least 1 (is 0)"),
                StartupChecks.capProblems(0, 3999, 4, -1, 0));
        assertEquals(List.of(), StartupChecks.capProblems(1, 4000, 5, 1, 1));
    }
}
