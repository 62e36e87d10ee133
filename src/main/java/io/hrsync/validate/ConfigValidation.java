package io.hrsync.validate;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.hrsync.rules.ProvisioningRules;
import io.hrsync.connector.ConnectorKind;
import io.smallrye.config.SmallRyeConfig;

/**
 * The ops editors' check of {@code routes/} and {@code config/}: route files (see
 * {@link RouteFileChecks}) and the provisioning rules (the rules loader's own checks), each problem
 * with its file and line. Run by {@code hrsync validate} with nothing started, and at startup
 * ({@link io.hrsync.app.StartupChecks}) with the running application's configuration and beans.
 */
public final class ConfigValidation {

    public static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";
    public static final String DEFAULT_ROUTES = "file:routes/*.camel.yaml";
    private static final Pattern LINE = Pattern.compile("line:? (\\d+)");

    private ConfigValidation() {
    }

    /** The rule keys of every vendor, as each {@link ConnectorKind} finds its vendors in the configuration. */
    public static Map<String, Set<String>> ruleKeys(org.eclipse.microprofile.config.Config config) {
        Map<String, Set<String>> keys = new TreeMap<>();
        for (ConnectorKind kind : ApplicationClasses.instancesOf(ConnectorKind.class)) {
            keys.putAll(kind.ruleKeys(config));
        }
        return keys;
    }

    /** What {@code validate} found, and what it looked at. */
    public record Report(List<Problem> problems, List<Path> routeFiles, Path rulesFile, int beans) {
        public String summary() {
            return routeFiles.size() + " route file(s), " + rulesFile + ", " + beans + " bean name(s) known";
        }
    }

    /** Everything {@code validate} checks, with the configuration read as Quarkus would and no bean started. */
    public static Report offline(Path configFile, String profile) {
        List<Problem> problems = new ArrayList<>();
        SmallRyeConfig config;
        try {
            config = OfflineConfig.build(configFile, profile);
        } catch (RuntimeException | IOException e) {
            problems.add(configProblem(configFile, e.getMessage()));
            return new Report(problems, List.of(), Path.of(""), 0);
        }
        String pattern = config.getOptionalValue(ROUTES_PATTERN, String.class).orElse(DEFAULT_ROUTES);
        Path rules = Path.of(config.getOptionalValue("hrsync.rules-file", String.class).orElse("config/provisioning-rules.yaml"));
        Set<String> declared = OfflineConfig.declared();
        List<Path> files = routeFiles(pattern);
        ApplicationBeanNames beans = ApplicationBeanNames.scan();
        problems.addAll(check(files, rules, ruleKeys(config), name -> declared.contains(name) || config.getConfigValue(name).getValue() != null,
                beans));
        return new Report(problems, files, rules, beans.names().size());
    }

    /** The checks over the given route files and rules file. */
    public static List<Problem> check(List<Path> routeFiles, Path rulesFile, Map<String, Set<String>> ruleKeys,
            PropertyNames properties, BeanNames beans) {
        List<Problem> problems = new ArrayList<>(new RouteFileChecks().check(routeFiles, properties, beans));
        problems.addAll(rules(rulesFile, ruleKeys));
        return problems;
    }

    /** The provisioning rules' problems: the loader's strict read, then the keys each vendor supports. */
    public static List<Problem> rules(Path rulesFile, Map<String, Set<String>> ruleKeys) {
        List<Problem> problems = new ArrayList<>();
        String prefix = rulesFile + ": ";
        try {
            for (String problem : new ProvisioningRules(rulesFile).check(ruleKeys)) {
                String message = problem.startsWith(prefix) ? problem.substring(prefix.length()) : problem;
                problems.add(new Problem(rulesFile.toString(), keyLine(rulesFile, message), message));
            }
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            int line = keyLine(rulesFile, message);
            if (line == 0) {
                Matcher parsed = LINE.matcher(message); // a YAML syntax error: the parser's own position
                line = parsed.find() ? Integer.parseInt(parsed.group(1)) : 0;
            }
            problems.add(new Problem(rulesFile.toString(), line, message));
        }
        return problems;
    }

    /** The route files a {@code camel.main.routes-include-pattern} names ({@code file:} patterns; others are not ops-edited). */
    public static List<Path> routeFiles(String pattern) {
        List<Path> files = new ArrayList<>();
        for (String part : pattern.split(",")) {
            String p = part.trim();
            if (!p.startsWith("file:")) {
                continue;
            }
            Path glob = Path.of(p.substring("file:".length()));
            Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(f -> matcher.matches(f.getFileName())).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return files;
    }

    /**
     * The line of the key a rules problem names ({@code "unknown key 'x' at skilljar.scope.x"},
     * {@code "workramp.departmentGroups is not supported"}, {@code "unknown vendor 'x'"}): each dotted
     * segment looked up below its parent's line; the deepest one found (0: none).
     */
    static int keyLine(Path file, String message) {
        Matcher m = Pattern.compile("^unknown key '[^']*' at (.+?) \\(").matcher(message);
        Matcher v = Pattern.compile("^unknown vendor '([^']+)'").matcher(message);
        Matcher p = Pattern.compile("^([\\w-]+(?:\\.[\\w-]+)+)[: ]").matcher(message);
        String path = m.find() ? m.group(1) : v.find() ? v.group(1) : p.find() ? p.group(1) : null;
        if (path == null) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            int from = 0;
            int indent = -1;
            int found = -1;
            for (String segment : path.split("\\.")) {
                int at = -1;
                for (int i = from; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l.isBlank() || l.trim().startsWith("#")) {
                        continue;
                    }
                    int lineIndent = l.length() - l.stripLeading().length();
                    if (lineIndent <= indent) {
                        break; // past the parent's block
                    }
                    if (l.trim().matches("[\"']?" + Pattern.quote(segment) + "[\"']?\\s*:.*")) {
                        at = i;
                        indent = lineIndent;
                        break;
                    }
                }
                if (at < 0) {
                    break;
                }
                found = at;
                from = at + 1;
            }
            return found + 1;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A configuration problem, at the line of the property it names when the file has it. */
    private static Problem configProblem(Path configFile, String message) {
        Matcher key = Pattern.compile("(hrsync\\.[\\w.\\-\\[\\]]+)").matcher(String.valueOf(message));
        if (key.find() && Files.isRegularFile(configFile)) {
            try {
                List<String> lines = Files.readAllLines(configFile);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).matches("^\\s*(%[\\w-]+\\.)?" + Pattern.quote(key.group(1)) + "\\s*[=:].*")) {
                        return new Problem(configFile.toString(), i + 1, message);
                    }
                }
            } catch (IOException e) {
                // the message alone, then
            }
        }
        return new Problem(configFile.toString(), 0, String.valueOf(message));
    }
}
