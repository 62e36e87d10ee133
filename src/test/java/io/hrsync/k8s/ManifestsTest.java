package io.hrsync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.hrsync.config.SecretRedactor;

/**
 * The Kubernetes manifests, checked offline: each overlay is rendered with {@code kubectl kustomize}
 * and the result compared with the application's own configuration. No Secret is committed and every
 * secret setting hrsync has (SecretRedactor's names, over the README's configuration table and
 * config/application.properties) comes from a Secret; the probes point at the health paths on the
 * management port; the container ports are Quarkus' ports; the ConfigMaps are mounted where the app
 * reads routes/ and config/ and hold every file of them; the image is the one the build makes.
 */
class ManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "prod-run-once"})
    void overlayAgreesWithTheApplication(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        Properties app = packagedProperties();
        var prodConfig = io.hrsync.validate.OfflineConfig.build(Path.of("config/application.properties"), "prod");
        List<JsonNode> workloads = new ArrayList<>();
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            assertFalse(kind.equals("Secret"), "a Secret is committed in " + overlay + ": " + doc.path("metadata").path("name"));
            if (kind.equals("Deployment") || kind.equals("CronJob")) {
                workloads.add(doc);
            }
            if (kind.equals("ConfigMap")) {
                assertNoSecretValue(doc);
            }
        }
        assertFalse(workloads.isEmpty(), "no Deployment or CronJob in " + overlay);

        Set<String> secretSettings = secretSettings();
        assertTrue(secretSettings.contains("quarkus.datasource.postgresql.password")
                && secretSettings.contains("hrsync.hris.sftp.password"), "secret settings found: " + secretSettings);
        for (JsonNode workload : workloads) {
            JsonNode pod = podSpec(workload);
            JsonNode container = pod.path("containers").get(0);
            String where = overlay + " " + workload.path("kind").asText() + " " + workload.path("metadata").path("name").asText();

            // credentials: every env value from a Secret is a reference; every secret setting is one
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (isSecretEnv(name, secretSettings)) {
                    assertFalse(env.has("value"), where + ": " + name + " has a value in the manifest");
                    assertTrue(env.path("valueFrom").has("secretKeyRef"), where + ": " + name + " is not a secretKeyRef");
                }
            }
            for (JsonNode from : container.path("envFrom")) {
                assertTrue(from.has("secretRef") || from.has("configMapRef"), where + ": envFrom " + from);
            }
            for (String setting : secretSettings) {
                String envName = envName(setting);
                JsonNode env = envVar(container, envName);
                assertNotNull(env, where + ": the secret setting " + setting + " (" + envName + ") is not supplied");
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                assertFalse(ref.path("name").asText().isEmpty() || ref.path("key").asText().isEmpty(),
                        where + ": " + envName + " is not taken from a Secret: " + env);
            }
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("secret")) {
                    assertFalse(volume.path("secret").path("secretName").asText().isEmpty(), where + ": " + volume);
                }
            }

            // the image the build makes (src/main/docker/Dockerfile, tagged with the artifactId)
            String image = container.path("image").asText();
            String repository = image.replaceAll(":[^/:]+$", "");
            assertEquals(artifactId(), repository.substring(repository.lastIndexOf('/') + 1), where + ": image " + image);

            // routes/ and config/ where the app reads them: the working directory of the image
            String workingDir = container.path("workingDir").asText();
            assertEquals(dockerWorkdir(), workingDir, where + ": workingDir differs from the Dockerfile's WORKDIR");
            String routesDir = routesDirectory(app);
            assertMountedConfigMap(docs, pod, container, workingDir + "/" + routesDir, filesOf(Path.of(routesDir), ".camel.yaml"), where);
            assertMountedConfigMap(docs, pod, container, workingDir + "/config", filesOf(Path.of("config"), ""), where);

            assertWritableDirectories(prodConfig, pod, container, workingDir, where);

            if (workload.path("kind").asText().equals("Deployment")) {
                assertEquals("false", envVar(container, "HRSYNC_RUN_ONCE").path("value").asText(), where + ": service mode");
                assertServicePortsAndProbes(docs, workload, container, app, where);
            } else {
                assertEquals("Forbid", workload.path("spec").path("concurrencyPolicy").asText(), where);
                assertEquals("true", envVar(container, "HRSYNC_RUN_ONCE").path("value").asText(), where + ": run-once");
            }
        }
        if (workloads.stream().anyMatch(w -> w.path("kind").asText().equals("Deployment"))) {
            assertTrue(docs.stream().anyMatch(d -> d.path("kind").asText().equals("PodDisruptionBudget")), overlay + ": no PodDisruptionBudget");
            assertLeaseRbac(docs, overlay);
        }
    }

    private static void assertServicePortsAndProbes(List<JsonNode> docs, JsonNode deployment, JsonNode container,
            Properties app, String where) {
        int httpPort = Integer.parseInt(app.getProperty("quarkus.http.port", "8080"));
        int managementPort = Integer.parseInt(app.getProperty("quarkus.management.port", "9000"));
        assertEquals(httpPort, containerPort(container, "http"), where + ": container port http");
        assertEquals(managementPort, containerPort(container, "management"), where + ": container port management");

        String root = "/" + trimSlashes(app.getProperty("quarkus.management.root-path", "/q"));
        String health = root + "/" + trimSlashes(app.getProperty("quarkus.smallrye-health.root-path", "health"));
        assertProbe(container, "livenessProbe", health + "/" + trimSlashes(app.getProperty("quarkus.smallrye-health.liveness-path", "live")), managementPort, where);
        assertProbe(container, "readinessProbe", health + "/" + trimSlashes(app.getProperty("quarkus.smallrye-health.readiness-path", "ready")), managementPort, where);
        if (container.has("startupProbe")) {
            assertProbe(container, "startupProbe", health + "/" + trimSlashes(app.getProperty("quarkus.smallrye-health.startup-path", "started")), managementPort, where);
        }
        assertFalse(container.path("resources").path("limits").path("memory").asText().isEmpty(), where + ": no memory limit");
        assertFalse(container.path("resources").path("requests").path("memory").asText().isEmpty(), where + ": no memory request");

        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        JsonNode service = docs.stream().filter(d -> d.path("kind").asText().equals("Service")).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": no Service for the webhooks"));
        service.path("spec").path("selector").fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                podLabels.path(e.getKey()).asText(), where + ": the Service does not select the pods (" + e.getKey() + ")"));
        for (JsonNode port : service.path("spec").path("ports")) {
            JsonNode target = port.path("targetPort");
            int resolved = target.isInt() ? target.asInt() : containerPort(container, target.asText());
            assertEquals(httpPort, resolved, where + ": the Service does not reach quarkus.http.port");
        }
    }

    private static void assertProbe(JsonNode container, String probe, String path, int port, String where) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), where + ": " + probe + " path");
        JsonNode p = get.path("port");
        assertEquals(port, p.isInt() ? p.asInt() : containerPort(container, p.asText()), where + ": " + probe + " port");
    }

    private static void assertLeaseRbac(List<JsonNode> docs, String overlay) {
        boolean leases = docs.stream().filter(d -> d.path("kind").asText().equals("Role"))
                .flatMap(d -> stream(d.path("rules")))
                .anyMatch(r -> contains(r.path("apiGroups"), "coordination.k8s.io") && contains(r.path("resources"), "leases")
                        && contains(r.path("verbs"), "update") && contains(r.path("verbs"), "create"));
        assertTrue(leases, overlay + ": no Role for coordination.k8s.io leases");
        assertTrue(docs.stream().anyMatch(d -> d.path("kind").asText().equals("RoleBinding")), overlay + ": no RoleBinding");
    }

    /** A ConfigMap mounted (read-only) at the path, holding every expected file. */
    private static void assertMountedConfigMap(List<JsonNode> docs, JsonNode pod, JsonNode container, String mountPath,
            Set<String> files, String where) {
        JsonNode mount = stream(container.path("volumeMounts")).filter(m -> m.path("mountPath").asText().equals(mountPath))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": nothing mounted at " + mountPath));
        assertFalse(mount.has("subPath"), where + ": " + mountPath + " is a subPath mount (a ConfigMap edit would not reach it)");
        JsonNode volume = stream(pod.path("volumes")).filter(v -> v.path("name").asText().equals(mount.path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": no volume " + mount.path("name")));
        String configMap = volume.path("configMap").path("name").asText();
        assertFalse(configMap.isEmpty(), where + ": " + mountPath + " is not a ConfigMap");
        JsonNode data = docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                && d.path("metadata").path("name").asText().equals(configMap)).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": ConfigMap " + configMap + " is not in the rendered output"))
                .path("data");
        Set<String> keys = new TreeSet<>();
        data.fieldNames().forEachRemaining(keys::add);
        assertEquals(files, keys, where + ": ConfigMap " + configMap + " mounted at " + mountPath);
    }

    /** A properties file in a ConfigMap sets no secret in the production profile (sandbox and test values are demo values). */
    private static void assertNoSecretValue(JsonNode configMap) throws IOException {
        var fields = configMap.path("data").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getKey().endsWith(".properties")) {
                continue;
            }
            Properties properties = new Properties();
            properties.load(new StringReader(field.getValue().asText()));
            for (String name : properties.stringPropertyNames()) {
                boolean demoProfile = name.startsWith("%sandbox.") || name.startsWith("%test.") || name.startsWith("%dev.");
                if (!demoProfile && SecretRedactor.isSecretName(name)) {
                    assertTrue(properties.getProperty(name).isBlank(), "ConfigMap " + configMap.path("metadata").path("name")
                            + " sets the secret " + name);
                }
            }
        }
    }

    // ---- the application's side -----------------------------------------------------------------------

    /**
     * Every secret setting: the setting names of the README's configuration table and of
     * config/application.properties (commented examples included) that SecretRedactor masks.
     */
    static Set<String> secretSettings() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9.%-]+)`").matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            names.add(row.group(1));
        }
        Matcher line = Pattern.compile("(?m)^#?\\s*(%?[a-z][a-z0-9.%-]*)=").matcher(Files.readString(Path.of("config/application.properties")));
        while (line.find()) {
            names.add(line.group(1));
        }
        Set<String> secrets = new TreeSet<>();
        for (String name : names) {
            if (name.startsWith("%sandbox.") || name.startsWith("%test.") || name.startsWith("%dev.")) {
                continue; // a demo vendor's secret (the sandbox's SCIM app): set where it runs, not a production Secret
            }
            String plain = name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name;
            if (SecretRedactor.isSecretName(plain)) {
                secrets.add(plain);
            }
        }
        return secrets;
    }

    private static boolean isSecretEnv(String envName, Set<String> secretSettings) {
        return secretSettings.stream().anyMatch(s -> envName(s).equals(envName));
    }

    /** The environment variable Quarkus maps to the property. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Properties packagedProperties() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    /** The directory of camel.main.routes-include-pattern (file:routes/*.camel.yaml: routes). */
    private static String routesDirectory(Properties app) {
        String pattern = app.getProperty("camel.main.routes-include-pattern");
        assertNotNull(pattern, "camel.main.routes-include-pattern");
        String path = pattern.replaceFirst("^file:", "");
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String artifactId() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("</parent>|<artifactId>([^<]+)</artifactId>").matcher(pom.replaceAll("(?s)<parent>.*?</parent>", ""));
        while (m.find()) {
            if (m.group(1) != null) {
                return m.group(1);
            }
        }
        throw new AssertionError("no artifactId in pom.xml");
    }

    private static String dockerWorkdir() throws IOException {
        Matcher m = Pattern.compile("(?m)^WORKDIR\\s+(\\S+)").matcher(Files.readString(Path.of("src/main/docker/Dockerfile")));
        assertTrue(m.find(), "no WORKDIR in src/main/docker/Dockerfile");
        return m.group(1);
    }

    private static Set<String> filesOf(Path dir, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix) && !n.equals("kustomization.yaml"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    // ---- rendering and YAML helpers -------------------------------------------------------------------------

    static List<JsonNode> render(String overlay) throws Exception {
        String kubectl = kubectl();
        Process process = new ProcessBuilder(kubectl, "kustomize", "k8s/overlays/" + overlay).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, process.exitValue(), "kubectl kustomize k8s/overlays/" + overlay + " failed:\n" + err);
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        fail("kubectl is not installed: the Kubernetes manifests are rendered with `kubectl kustomize`. "
                + "Install the Debian package kubectl (.ci/run does) and run the test again.");
        return null;
    }

    private static JsonNode podSpec(JsonNode workload) {
        return workload.path("kind").asText().equals("CronJob")
                ? workload.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                : workload.path("spec").path("template").path("spec");
    }

    /** The directories the application writes to, by setting. */
    static final List<String> WRITTEN_DIRECTORIES = List.of("hrsync.state.dir", "hrsync.results.dir", "hrsync.hris.work-dir",
            "hrsync.delivery.dead-letter-dir");

    /**
     * With a read-only root filesystem, every directory the application writes (its default in the prod
     * profile, or the value the manifest gives it) is on a volume mounted writable: a result file that
     * cannot be written fails the run.
     */
    private static void assertWritableDirectories(io.smallrye.config.SmallRyeConfig config, JsonNode pod, JsonNode container,
            String workingDir, String where) {
        if (!container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
            return;
        }
        for (String setting : WRITTEN_DIRECTORIES) {
            JsonNode env = envVar(container, envName(setting));
            String value = env != null && env.has("value") ? env.path("value").asText() : config.getConfigValue(setting).getValue();
            assertNotNull(value, where + ": no value for " + setting);
            Path dir = Path.of(workingDir).resolve(value).normalize();
            boolean writable = stream(container.path("volumeMounts")).anyMatch(m -> !m.path("readOnly").asBoolean(false)
                    && dir.startsWith(Path.of(m.path("mountPath").asText()))
                    && stream(pod.path("volumes")).anyMatch(v -> v.path("name").asText().equals(m.path("name").asText())
                            && (v.has("emptyDir") || v.has("persistentVolumeClaim") || v.has("ephemeral"))));
            assertTrue(writable, where + ": " + setting + " = " + value + " (" + dir + ") is on the read-only root filesystem");
        }
    }

    private static JsonNode envVar(JsonNode container, String name) {
        return stream(container.path("env")).filter(e -> e.path("name").asText().equals(name)).findFirst().orElse(null);
    }

    private static int containerPort(JsonNode container, String name) {
        return stream(container.path("ports")).filter(p -> p.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name)).path("containerPort").asInt();
    }

    private static boolean contains(JsonNode array, String value) {
        return stream(array).anyMatch(n -> n.asText().equals(value));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
