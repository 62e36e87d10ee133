package io.hrsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The production artifact ({@code target/quarkus-app}, what the image ships) holds no sandbox: no
 * simulator, no embedded SFTP server, no launcher, no sample export, and not the SSH server library
 * they need. The sandbox is built apart ({@code mvn package -Psandbox}, README command 1).
 */
class ProductionJarIT {

    static final Path APP = Path.of("target/quarkus-app");

    @Test
    void theProductionArtifactHoldsNoSandboxClassNorTheSshServer() throws IOException {
        List<String> found = new ArrayList<>();
        int classes = 0;
        List<Path> jars;
        try (Stream<Path> files = Files.walk(APP)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            if (jar.getFileName().toString().contains("sshd")) {
                found.add(APP.relativize(jar).toString());
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                for (var entries = file.entries(); entries.hasMoreElements();) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith("io/hrsync/") && name.endsWith(".class")) {
                        classes++;
                    }
                    if (name.startsWith("io/hrsync/sandbox/") && name.endsWith(".class") || name.startsWith("org/apache/sshd/")
                            || name.equals("sandbox/hris-export.csv")) {
                        found.add(APP.relativize(jar) + "!" + name);
                    }
                }
            }
        }
        assertTrue(classes > 100, "the application's classes were not found in " + APP + " (" + classes + "): not the packaged app?");
        assertEquals(List.of(), found, "sandbox parts in the production artifact");
        try (JarFile app = new JarFile(APP.resolve("app/hrsync-0.1.0-SNAPSHOT.jar").toFile())) {
            assertTrue(app.getEntry("io/hrsync/connector/scim/ScimConnector.class") != null, "the connectors are in it");
        }
    }
}
