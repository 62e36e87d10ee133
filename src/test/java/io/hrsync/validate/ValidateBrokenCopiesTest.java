package io.hrsync.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken copies of the repository's real route and rules files, one per kind of ops mistake: each is
 * reported with its file, the line of the mistake, and what is wrong. Properties and beans are the
 * application's real ones (the prod profile's configuration, the {@code @Named} beans of its classes).
 */
class ValidateBrokenCopiesTest {

    static PropertyNames properties;
    static BeanNames beans;
    static java.util.Map<String, Set<String>> RULE_KEYS;

    @TempDir
    Path dir;

    @BeforeAll
    static void realConfiguration() throws IOException {
        var config = OfflineConfig.build(Path.of("config/application.properties"), "prod");
        RULE_KEYS = ConfigValidation.ruleKeys(config);
        Set<String> declared = OfflineConfig.declared();
        properties = name -> declared.contains(name) || config.getConfigValue(name).getValue() != null;
        beans = ApplicationBeanNames.scan();
    }

    /** A copy of routes/ with one edit in one file; returns the edited file and the 1-based line of the edit. */
    private Edited edit(String routeFile, String from, String to) throws IOException {
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String text = Files.readString(Path.of("routes", routeFile));
        int at = text.indexOf(from);
        assertTrue(at >= 0, from + " not in " + routeFile);
        Path copy = dir.resolve(routeFile);
        Files.writeString(copy, text.substring(0, at) + to + text.substring(at + from.length()));
        return new Edited(copy, (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1);
    }

    record Edited(Path file, int line) {
    }

    private List<Problem> check(Path file) {
        return ConfigValidation.check(ConfigValidation.routeFiles("file:" + dir + "/*.camel.yaml"), Path.of("config/provisioning-rules.yaml"), RULE_KEYS,
                properties, beans);
    }

    private static Problem only(List<Problem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void missingBean() throws IOException {
        Edited e = edit("dead-letter.camel.yaml", "ref: deadLetters", "ref: deadLeters");
        Problem p = only(check(e.file()));
        assertEquals(e.file().toString(), p.file());
        assertEquals(e.line(), p.line());
        assertEquals("bean 'deadLeters' does not exist (ref: deadLeters)", p.message());
    }

    @Test
    void missingHashBean() throws IOException {
        Edited e = edit("hris-file-ingest.camel.yaml", "\"#processedFiles\"", "\"#processedFile\"");
        List<Problem> problems = check(e.file());
        assertTrue(problems.contains(new Problem(e.file().toString(), e.line(), "bean 'processedFile' does not exist (#processedFile)")),
                problems.toString());
    }

    @Test
    void undefinedPlaceholder() throws IOException {
        Edited e = edit("hris-file-ingest.camel.yaml", "{{hrsync.hris.read-lock-min-age-ms}}", "{{hrsync.hris.read-lock-min-age}}");
        Problem p = only(check(e.file()));
        assertEquals(e.line(), p.line());
        assertTrue(p.message().startsWith("placeholder {{hrsync.hris.read-lock-min-age}}: property hrsync.hris.read-lock-min-age is not defined"),
                p.message());
    }

    @Test
    void placeholderWithDefaultOrOptionalIsFine() throws IOException {
        Edited e = edit("hris-file-ingest.camel.yaml", "{{hrsync.hris.read-lock-min-age-ms}}", "{{no.such.key:5000}}");
        assertEquals(List.of(), check(e.file()));
    }

    @Test
    void unknownEndpointOption() throws IOException {
        Edited e = edit("hris-file-ingest.camel.yaml", "readLockMinLength: 0", "readLockMinLenght: 0");
        Problem p = only(check(e.file()));
        assertEquals(e.file().toString(), p.file());
        // the line of the endpoint (its uri), whose parameters hold the misspelled option
        assertEquals(lineOf(Files.readString(e.file()), "uri: \"sftp:"), p.line());
        assertTrue(p.message().contains("route 'hris-sftp-poll' endpoint") && p.message().contains("readLockMinLenght"), p.message());
    }

    @Test
    void routeIdUsedTwice() throws IOException {
        Edited e = edit("dead-letter.camel.yaml", "    id: dead-letter-store", "    id: dead-letter-or-retry");
        Problem p = only(check(e.file()));
        assertEquals(e.line() + 3, p.line()); // the route's from: uri
        assertEquals("route id 'dead-letter-or-retry' is used more than once", p.message());
    }

    @Test
    void unknownKey() throws IOException {
        Edited e = edit("dead-letter.camel.yaml", "            method: store", "            methd: store");
        Problem p = only(check(e.file()));
        assertEquals(e.line(), p.line());
        assertTrue(p.message().startsWith("cannot be loaded") && p.message().contains("methd"), p.message());
    }

    @Test
    void unknownEip() throws IOException {
        Edited e = edit("dead-letter.camel.yaml", "        - bean:\n            ref: deadLetters", "        - beam:\n            ref: deadLetters");
        Problem p = only(check(e.file()));
        assertEquals(e.line(), p.line()); // the "- beam:" line
        assertTrue(p.message().startsWith("cannot be loaded") && p.message().contains("beam"), p.message());
    }

    @Test
    void yamlSyntaxError() throws IOException {
        Edited e = edit("dead-letter.camel.yaml", "            method: store", "            method: [store");
        Problem p = only(check(e.file()));
        assertTrue(p.line() >= e.line() && p.line() <= e.line() + 2, p + " (edit at line " + e.line() + ")");
        assertTrue(p.message().startsWith("cannot be loaded"), p.message());
    }

    @Test
    void provisioningRuleErrors() throws IOException {
        String rules = Files.readString(Path.of("config/provisioning-rules.yaml"));
        Path unknownKey = dir.resolve("unknown-key.yaml");
        Files.writeString(unknownKey, rules.replaceFirst("\n  allowedCustomAttributes:", "\n  allowedCustomAttribute:"));
        int keyLine = lineOf(rules, "\n  allowedCustomAttributes:") + 1;
        Problem p = only(ConfigValidation.rules(unknownKey, RULE_KEYS));
        assertEquals(new Problem(unknownKey.toString(), keyLine, p.message()), p);
        assertTrue(p.message().startsWith("unknown key 'allowedCustomAttribute' at workramp.allowedCustomAttribute"), p.message());

        Path unsupported = dir.resolve("unsupported.yaml");
        Files.writeString(unsupported, rules.replace("workramp:\n", "workramp:\n  createMissingReferences: true\n"));
        Problem q = only(ConfigValidation.rules(unsupported, RULE_KEYS));
        assertEquals(lineOf(rules, "workramp:\n") + 1, q.line());
        assertTrue(q.message().startsWith("workramp.createMissingReferences is not supported for workramp"), q.message());

        Path syntax = dir.resolve("syntax.yaml");
        Files.writeString(syntax, rules.replace("  allowedCustomAttributes: [department,", "  allowedCustomAttributes: [[department,"));
        Problem r = only(ConfigValidation.rules(syntax, RULE_KEYS));
        assertTrue(r.line() >= keyLine, r.toString());
    }

    @Test
    void unknownConfigurationKey() throws IOException {
        String text = Files.readString(Path.of("config/application.properties"));
        Path config = dir.resolve("application.properties");
        Files.writeString(config, text + "hrsync.hris.poll-intervall-ms=5\n");
        Problem p = only(ConfigValidation.offline(config, "prod").problems());
        assertEquals(config.toString(), p.file());
        assertEquals((int) text.chars().filter(c -> c == '\n').count() + 1, p.line());
        assertTrue(p.message().contains("hrsync.hris.poll-intervall-ms") && p.message().contains("does not map to any root"), p.message());
    }

    /** Every route file of the repository. */
    static List<String> routeFiles() throws IOException {
        try (var files = Files.list(Path.of("routes"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
    }

    /**
     * Each route file, with a step an ops editor added after its first {@code steps:}: a misspelled key
     * in one copy; in another an endpoint option that does not exist, a placeholder nobody defined and a
     * bean that does not exist, each reported at its own line.
     */
    @ParameterizedTest
    @MethodSource("routeFiles")
    void everyRouteFileBrokenEachWayIsReportedAtTheLineOfTheMistake(String routeFile) throws IOException {
        String text = Files.readString(Path.of("routes", routeFile));
        int steps = text.indexOf("steps:\n");
        assertTrue(steps > 0, routeFile + " has no steps");
        int lineStart = text.lastIndexOf('\n', steps) + 1;
        String indent = " ".repeat(steps - lineStart + 2);
        int firstStepLine = lineOf(text, "steps:\n") + 1;
        String insertAt = text.substring(lineStart, steps) + "steps:\n";

        Edited key = edit(routeFile, insertAt, insertAt + indent + "- log:\n" + indent + "    mesage: \"hello\"\n");
        Problem p = only(check(key.file()));
        assertEquals(new Problem(key.file().toString(), firstStepLine + 1, p.message()), p);
        assertTrue(p.message().startsWith("cannot be loaded") && p.message().contains("mesage"), p.message());

        Edited three = edit(routeFile, insertAt, insertAt
                + indent + "- to: \"log:broken?noSuchOption=true\"\n"
                + indent + "- to: \"log:{{hrsync.no-such-key}}\"\n"
                + indent + "- bean:\n" + indent + "    ref: noSuchBean\n");
        List<Problem> problems = check(three.file());
        String file = three.file().toString();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(q -> q.file().equals(file) && q.line() == firstStepLine
                && q.message().contains("noSuchOption")), "endpoint option at line " + firstStepLine + ": " + problems);
        assertTrue(problems.stream().anyMatch(q -> q.file().equals(file) && q.line() == firstStepLine + 1
                && q.message().startsWith("placeholder {{hrsync.no-such-key}}")), "placeholder at line " + (firstStepLine + 1) + ": " + problems);
        assertTrue(problems.contains(new Problem(file, firstStepLine + 3, "bean 'noSuchBean' does not exist (ref: noSuchBean)")),
                "bean at line " + (firstStepLine + 3) + ": " + problems);
    }

    private static int lineOf(String text, String what) {
        return (int) text.substring(0, text.indexOf(what)).chars().filter(c -> c == '\n').count() + 1;
    }
}
