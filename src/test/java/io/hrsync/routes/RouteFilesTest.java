package io.hrsync.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.hrsync.validate.Problem;
import io.hrsync.validate.RouteFileChecks;

/** Every file in routes/ is validated in the build; a broken one fails it, naming the file. */
class RouteFilesTest {

    final RouteFileChecks checks = new RouteFileChecks();

    private List<String> validate(List<Path> files) {
        // the house rules and catalog checks only: placeholders and beans are ValidateRepositoryTest's
        return checks.check(files, name -> true, name -> true).stream().map(Problem::toString).toList();
    }

    @Test
    void everyRouteFileIsValid() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            files = list.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "route files found: " + files);
        List<String> problems = validate(files);
        assertEquals(List.of(), problems, "route files have problems:\n" + String.join("\n", problems));
    }

    @Test
    void unknownKeyFailsNamingTheFile() {
        List<String> problems = validate(List.of(Path.of("src/test/resources/broken-routes/unknown-key.camel.yaml")));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("src/test/resources/broken-routes/unknown-key.camel.yaml:7: cannot be loaded"), problems.get(0));
        assertTrue(problems.get(0).contains("Unsupported field: stepz"), problems.get(0));
    }

    @Test
    void badEndpointOptionAndMissingIdFailNamingTheFile() {
        List<String> problems = validate(List.of(Path.of("src/test/resources/broken-routes/bad-endpoint.camel.yaml")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("src/test/resources/broken-routes/bad-endpoint.camel.yaml:7: route 'broken-poll' endpoint")
                && p.contains("readLok")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("src/test/resources/broken-routes/bad-endpoint.camel.yaml:14: a route from direct:nameless has no explicit id")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("unknown routeConfigurationId 'no-such-config'")), problems.toString());
    }
}
