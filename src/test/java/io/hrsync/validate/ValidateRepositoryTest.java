package io.hrsync.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CI: the repository's own routes/ and config/ pass validate, read as the packaged application (prod profile) would. */
class ValidateRepositoryTest {

    @Test
    void repositoryRoutesAndConfigAreValid() {
        long start = System.nanoTime();
        ConfigValidation.Report report = ConfigValidation.offline(Path.of("config/application.properties"), "prod");
        List<Problem> problems = report.problems();
        System.out.println("validate took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertTrue(report.routeFiles().size() >= 10, report.summary());
        assertTrue(report.beans() >= 30, report.summary());
        assertEquals(List.of(), problems, String.join("\n", problems.stream().map(Problem::toString).toList()));
    }
}
