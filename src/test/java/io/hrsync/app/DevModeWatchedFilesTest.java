package io.hrsync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Dev mode restarts hrsync when a file it reads from routes/ or config/ changes (README "Edit routes
 * live"). Quarkus 3.27 watches an absolute path only as one exact file, so the dev profile names each
 * file: a route or config file added without its line would silently not reload. Checked against the
 * directories as they are, and only in the dev profile (a packaged build must not record the list).
 */
class DevModeWatchedFilesTest {

    private static final String KEY = "quarkus.live-reload.watched-resources";
    private static final String DEV_KEY = "%dev." + KEY;
    private static final String WORKING_DIR = "${user.dir}/";

    @Test
    void devModeWatchesEveryRouteAndConfigFile() throws IOException {
        String value = packaged().getProperty(DEV_KEY);
        assertNotNull(value, DEV_KEY + " is not in src/main/resources/application.properties");
        List<String> problems = new ArrayList<>();
        Set<String> watched = new TreeSet<>();
        for (String entry : value.split(",")) {
            if (!entry.startsWith(WORKING_DIR)) {
                // a relative name is looked up under src/main/resources, so it would match nothing
                problems.add(entry + ": not under " + WORKING_DIR);
            } else if (entry.contains("*") || entry.contains("?")) {
                problems.add(entry + ": an absolute glob matches no file in Quarkus 3.27");
            } else {
                String file = entry.substring(WORKING_DIR.length());
                watched.add(file);
                if (!Files.isRegularFile(Path.of(file))) {
                    problems.add(entry + ": no such file");
                }
            }
        }
        assertEquals(List.of(), problems, DEV_KEY + " has entries that watch nothing");

        Set<String> read = new TreeSet<>();
        read.addAll(files("routes", name -> name.endsWith(".camel.yaml")));
        // config/kustomization.yaml packages the directory for Kubernetes; hrsync does not read it
        read.addAll(files("config", name -> !name.equals("kustomization.yaml")));
        assertTrue(read.contains("config/application.properties") && read.size() > 10, "files found: " + read);
        assertEquals(read, watched, "the files dev mode watches (" + DEV_KEY + ") differ from those in routes/ and config/");
    }

    @Test
    void theWatchListIsSetInTheDevProfileOnly() throws IOException {
        Properties packaged = packaged();
        Properties ops = new Properties();
        try (var in = Files.newInputStream(Path.of("config/application.properties"))) {
            ops.load(in);
        }
        List<String> elsewhere = new ArrayList<>();
        for (Properties properties : List.of(packaged, ops)) {
            properties.stringPropertyNames().stream()
                    .filter(name -> name.endsWith(KEY) && !name.equals(DEV_KEY))
                    .forEach(elsewhere::add);
        }
        assertEquals(List.of(), elsewhere, "outside the dev profile, a packaged build would record the watch list");
    }

    private static Properties packaged() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private static Set<String> files(String dir, java.util.function.Predicate<String> keep) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(Path.of(dir))) {
            list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(keep)
                    .forEach(name -> names.add(dir + "/" + name));
        }
        return names;
    }
}
