package io.hrsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hrsync.validate.OfflineConfig;
import io.smallrye.config.ConfigMappings;

/**
 * docs/routes.md is what {@link RoutesDoc} renders from routes/ and the configuration mappings: a
 * route or property changed without regenerating it fails the build. With
 * {@code -Dhrsync.docs.write=true} the test writes the file instead (the regenerate command).
 */
class RoutesDocTest {

    @Test
    void docsRoutesMdIsUpToDate() throws IOException {
        String rendered = RoutesDoc.render();
        if (Boolean.getBoolean("hrsync.docs.write")) {
            Files.createDirectories(RoutesDoc.DOC.getParent());
            Files.writeString(RoutesDoc.DOC, rendered, StandardCharsets.UTF_8);
            return;
        }
        Optional<String> stale = RoutesDoc.staleness(RoutesDoc.DOC, rendered);
        stale.ifPresent(message -> fail(message));
    }

    @Test
    void aChangedRouteDescriptionMakesTheCommittedDocStale(@TempDir Path temp) throws IOException {
        Path routes = temp.resolve("routes");
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path ingest = routes.resolve("hris-file-ingest.camel.yaml");
        String original = Files.readString(ingest);
        String before = "description: Polls a local directory for CSV exports (local runs without an SFTP server)";
        assertTrue(original.contains(before), "the route this test edits is in hris-file-ingest.camel.yaml: " + before);
        Files.writeString(ingest, original.replace(before, "description: Polls a local directory (edited by RoutesDocTest)"));

        String fromCopy = RoutesDoc.render(routes, Path.of("src/main/java"), Path.of("src/main/resources/application.properties"),
                OfflineConfig.mappings());
        String fromRepository = RoutesDoc.render();

        assertTrue(fromCopy.contains("| `hris-local-poll` | route | `file:{{hrsync.hris.local-dir}}` | Polls a local directory (edited by RoutesDocTest) |"),
                "the edited description is rendered in its route's row");
        Optional<String> stale = RoutesDoc.staleness(tempDoc(temp, fromRepository), fromCopy);
        assertTrue(stale.isPresent(), "a doc rendered before the edit is stale after it");
        assertTrue(stale.get().startsWith("docs/routes.md is stale: regenerate with " + RoutesDoc.REGENERATE), stale.get());
        assertTrue(stale.get().contains("Polls a local directory (edited by RoutesDocTest)"), "the message shows the changed line: " + stale.get());
        assertEquals(Optional.empty(), RoutesDoc.staleness(tempDoc(temp, fromRepository), fromRepository),
                "the same rendering is not stale");
        assertTrue(RoutesDoc.staleness(temp.resolve("missing.md"), fromRepository).isPresent(), "a missing doc is stale");
    }

    @Test
    void renderingIsDeterministic() {
        assertEquals(RoutesDoc.render(), RoutesDoc.render());
    }

    @Test
    void everyRouteIdOfTheRouteFilesIsListed() throws IOException {
        String doc = RoutesDoc.render();
        List<String> ids;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            // the ids of the top-level elements (routes, templates, templated routes, configurations)
            ids = files.filter(p -> p.toString().endsWith(".camel.yaml")).flatMap(RoutesDocTest::lines)
                    .filter(l -> l.startsWith("    id: ") || l.startsWith("    routeId: "))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).toList();
        }
        assertTrue(ids.size() > 50, "route ids found: " + ids.size());
        for (String id : ids) {
            assertTrue(doc.contains("| `" + id + "` |"), id + " is listed");
        }
    }

    /** The generator names properties as SmallRye does: its own list of each mapping's properties, defaults included. */
    @Test
    void propertyNamesAndDefaultsAreSmallRyes() {
        for (Class<?> mapping : OfflineConfig.mappings()) {
            var smallRye = ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping));
            Set<String> expected = smallRye.keySet().stream().filter(k -> !k.endsWith("[*]")).collect(Collectors.toCollection(TreeSet::new));
            List<RoutesDoc.Property> ours = RoutesDoc.properties(mapping);
            Set<String> actual = ours.stream().map(p -> p.name().replaceAll("<[^>]+>", "*"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, actual, mapping.getSimpleName());
            for (RoutesDoc.Property p : ours) {
                var theirs = smallRye.get(p.name().replaceAll("<[^>]+>", "*"));
                assertEquals(theirs.hasDefaultValue() ? theirs.getDefaultValue() : null, p.defaultValue(), p.name());
            }
        }
    }

    @Test
    void eachPropertyHasItsDefaultAndItsJavadoc() {
        String doc = RoutesDoc.render();
        assertTrue(doc.contains("| `hrsync.shutdown.timeout-seconds` | int | `20` | How long vendor calls in flight may take to finish"), doc);
        // a map's entries have the map's javadoc
        assertTrue(doc.contains("| `hrsync.guards.limits.<key>.max-count` | int | — | Per operation (`create`, `update`"), doc);
        // {@code}/{@link} become code spans; angle brackets outside them are escaped for GitHub
        assertTrue(doc.contains("Defaults to `<base-url>/iam/v1/oauth2/token`."), doc);
        // a default the application computes at startup is shown as computed, not as the @WithDefault
        assertTrue(doc.contains("| `hrsync.vendors.ramp.concurrency` | int | `9` (computed by `VendorConcurrencyDefaults`) |"), doc);
        assertTrue(doc.contains("| `hrsync.mode` | `apply` \\| `plan` | `apply` |"), doc);
    }

    private static Path tempDoc(Path temp, String content) throws IOException {
        Path doc = temp.resolve("routes.md");
        Files.writeString(doc, content, StandardCharsets.UTF_8);
        return doc;
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
