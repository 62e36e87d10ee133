package io.hrsync.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Checks route files the way Camel will read them, without starting anything or connecting anywhere:
 * the YAML DSL's own loader (YAML syntax, unknown EIPs and keys), every endpoint URI against the
 * Camel catalog (unknown options), the house rules (explicit kebab-case ids, descriptions, known route
 * configurations, no duplicate ids), {@code {{placeholders}}} without a value, and bean references
 * ({@code ref:}, {@code "#bean:name"}, {@code "#name"}) to beans that do not exist. Every problem names
 * its file and line.
 */
public final class RouteFileChecks {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");
    private static final Pattern REF = Pattern.compile("^\\s*(?:-\\s*)?ref:\\s*[\"']?([^\"'#\\s{][^\"'\\s]*)[\"']?\\s*(?:#.*)?$");
    private static final Pattern HASH_REF = Pattern.compile("[\"']#(?:bean:)?([A-Za-z_][\\w.-]*)[\"']");
    private static final Pattern MISSING_TEMPLATE = Pattern.compile("Cannot find RouteTemplate with id (\\S+)");
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    private static final Pattern UNSUPPORTED = Pattern.compile("(?:Unsupported field|Unknown (?:node|step|EIP)[^:]*): ([\\w-]+)");
    /** Camel's property functions ({@code {{env:X}}}...) and the application's own ({@code yesno}). */
    private static final Set<String> FUNCTIONS = Set.of("env", "sys", "sysenv", "yesno", "service", "service.host", "service.port",
            "bean", "ref");

    private final CamelCatalog catalog = new DefaultCamelCatalog(true);

    /** Problems of a set of route files that are loaded together. */
    public List<Problem> check(Collection<Path> files, PropertyNames properties, BeanNames beans) {
        List<Problem> problems = new ArrayList<>();
        Set<String> routeIds = new HashSet<>();
        Set<String> configurationIds = new HashSet<>();
        Set<String> templateParameters = new HashSet<>();
        List<Map.Entry<Path, RouteDefinition>> routes = new ArrayList<>();
        List<Map.Entry<Path, RouteTemplateDefinition>> templates = new ArrayList<>();
        Set<String> unloadedTemplates = new HashSet<>();
        Set<Path> notLoaded = new HashSet<>();
        // one context for every file (a context per file cost 2-3 s more at a cold startup, measured):
        // the routes each file added are told apart by identity, so a route id used twice is still seen
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.setAutoStartup(false);
            context.setSourceLocationEnabled(true);
            Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Path file : files) {
                try {
                    PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
                } catch (Exception e) {
                    String message = rootMessage(e);
                    Matcher missing = MISSING_TEMPLATE.matcher(message);
                    notLoaded.add(file);
                    templateParameters.addAll(templateParametersInText(file));
                    if (missing.find() && unloadedTemplates.contains(missing.group(1))) {
                        continue; // its template is in a file that did not load: that file's own problem says enough
                    }
                    Matcher line = LINE.matcher(message);
                    int at = line.find() ? Integer.parseInt(line.group(1)) : 0;
                    problems.add(new Problem(name(file), keyLine(file, message, at), "cannot be loaded: " + message));
                    unloadedTemplates.addAll(templateIdsInText(file));
                }
                for (RouteConfigurationDefinition configuration : context.getRouteConfigurationDefinitions()) {
                    configurationIds.add(configuration.getId());
                }
                for (RouteTemplateDefinition template : context.getRouteTemplateDefinitions()) {
                    if (seen.add(template)) {
                        templates.add(Map.entry(file, template));
                        if (template.getTemplateParameters() != null) {
                            template.getTemplateParameters().forEach(p -> templateParameters.add(p.getName()));
                        }
                    }
                }
                for (RouteDefinition route : context.getRouteDefinitions()) {
                    if (seen.add(route)) {
                        routes.add(Map.entry(file, route));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // closing a context that never started
        }
        Map<String, Problem> endpoints = new java.util.LinkedHashMap<>();
        for (Map.Entry<Path, RouteDefinition> entry : routes) {
            String name = name(entry.getKey());
            RouteDefinition route = entry.getValue();
            int line = route.getInput() == null ? route.getLineNumber() : route.getInput().getLineNumber();
            String id = route.getRouteId();
            if (id == null || id.isBlank() || !route.hasCustomIdAssigned()) {
                problems.add(new Problem(name, line, "a route from " + route.getInput().getEndpointUri() + " has no explicit id"));
                continue;
            }
            if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                problems.add(new Problem(name, line, "route id '" + id + "' is not kebab-case"));
            }
            if (!routeIds.add(id)) {
                problems.add(new Problem(name, line, "route id '" + id + "' is used more than once"));
            }
            if (route.getDescription() == null || route.getDescription().isBlank()) {
                problems.add(new Problem(name, line, "route '" + id + "' has no description"));
            }
            String configuration = route.getRouteConfigurationId();
            // (a file that did not load may be the one that declares it: its own problem says enough)
            if (configuration != null && !configurationIds.contains(configuration) && notLoaded.isEmpty()) {
                problems.add(new Problem(name, line, "route '" + id + "' uses unknown routeConfigurationId '" + configuration + "'"));
            }
            if (route.getInput() != null) {
                checkUri(name, id, route.getInput().getEndpointUri(), line, true, endpoints);
            }
            // a step may come from elsewhere (a route configuration's onException, a template): its own file
            for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
                String at = send.getLocation() != null && send.getLocation().startsWith("file:")
                        ? send.getLocation().substring("file:".length()) : name;
                checkUri(at, id, send.getEndpointUri(), send.getLineNumber(), false, endpoints);
            }
        }
        // a template's own endpoints, also where no route file instantiates it (a connector adds its
        // instances from configuration): what an instance shares with it is the same endpoint, reported once
        for (Map.Entry<Path, RouteTemplateDefinition> entry : templates) {
            RouteDefinition route = entry.getValue().getRoute();
            if (route == null) {
                continue;
            }
            String name = name(entry.getKey());
            for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
                String at = send.getLocation() != null && send.getLocation().startsWith("file:")
                        ? send.getLocation().substring("file:".length()) : name;
                checkUri(at, entry.getValue().getId(), send.getEndpointUri(), send.getLineNumber(), false, endpoints);
            }
        }
        // an endpoint that several routes share (a template's, a route configuration's) is reported once
        problems.addAll(endpoints.values());
        for (Path file : files) {
            checkText(file, properties, beans, templateParameters, problems);
        }
        problems.sort(null);
        return problems;
    }

    /** The ids of the route templates a file declares, read as plain YAML (for a file the DSL could not load). */
    static Set<String> templateIdsInText(Path file) {
        Set<String> ids = new HashSet<>();
        try {
            com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(file.toFile());
            if (tree != null) {
                tree.findValues("routeTemplate").forEach(t -> {
                    if (t.path("id").isTextual()) {
                        ids.add(t.path("id").asText());
                    }
                });
            }
        } catch (IOException e) {
            // not YAML: nothing is known of its templates
        }
        return ids;
    }

    /**
     * The parameters a route template declares ({@code - name: x} under {@code parameters:}), read as
     * plain YAML: for a file the DSL could not load, so that its template's own placeholders are not
     * reported as undefined properties on top of the mistake that stopped it. Nothing when the file is
     * not even YAML.
     */
    static Set<String> templateParametersInText(Path file) {
        Set<String> names = new HashSet<>();
        try {
            com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(file.toFile());
            if (tree != null) {
                tree.findValues("routeTemplate").forEach(t -> t.path("parameters").forEach(p -> {
                    if (p.path("name").isTextual()) {
                        names.add(p.path("name").asText());
                    }
                }));
            }
        } catch (IOException e) {
            // not YAML: the loader's problem is the one to fix first
        }
        return names;
    }

    /**
     * The YAML DSL marks an unknown key at its value, which for a block is the line below the key:
     * the line of the key itself when the message names it ({@code Unsupported field: stepz}).
     */
    private static int keyLine(Path file, String message, int line) {
        Matcher field = UNSUPPORTED.matcher(message);
        if (line <= 0 || !field.find()) {
            return line;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = Math.min(line, lines.size()) - 1; i >= 0 && i >= line - 3; i--) {
                if (lines.get(i).matches("^\\s*(-\\s*)?" + Pattern.quote(field.group(1)) + "\\s*:.*")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the parser's line, then
        }
        return line;
    }

    /** Placeholders and bean references, read from the text itself so that each has its line. */
    private static void checkText(Path file, PropertyNames properties, BeanNames beans, Set<String> templateParameters,
            List<Problem> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            problems.add(new Problem(name(file), 0, "cannot be read: " + e.getMessage()));
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            String code = text.trim().startsWith("#") ? "" : text;
            Matcher placeholder = PLACEHOLDER.matcher(code);
            while (placeholder.find()) {
                String undefined = undefined(placeholder.group(1).trim(), properties, templateParameters);
                if (undefined != null) {
                    problems.add(new Problem(name(file), i + 1, "placeholder {{" + placeholder.group(1) + "}}: " + undefined));
                }
            }
            Matcher ref = REF.matcher(code);
            if (ref.matches() && !beans.exists(ref.group(1))) {
                problems.add(new Problem(name(file), i + 1, "bean '" + ref.group(1) + "' does not exist (ref: " + ref.group(1) + ")"));
            }
            Matcher hash = HASH_REF.matcher(code);
            while (hash.find()) {
                String bean = hash.group(1);
                if (!bean.startsWith("class:") && !bean.startsWith("type:") && !beans.exists(bean)) {
                    problems.add(new Problem(name(file), i + 1, "bean '" + bean + "' does not exist (" + hash.group().replace("\"", "") + ")"));
                }
            }
        }
    }

    /** Why a placeholder has no value, or null when it has one (or a default, or is optional). */
    static String undefined(String expression, PropertyNames properties, Set<String> templateParameters) {
        if (expression.startsWith("?")) {
            return null; // optional: Camel leaves the option out when there is no value
        }
        int colon = expression.indexOf(':');
        String key = expression;
        if (colon > 0) {
            String prefix = expression.substring(0, colon);
            String rest = expression.substring(colon + 1);
            if (FUNCTIONS.contains(prefix)) {
                int def = rest.indexOf(':');
                String argument = def < 0 ? rest : rest.substring(0, def);
                return switch (prefix) {
                    case "env" -> def >= 0 || System.getenv(argument) != null ? null : "environment variable " + argument + " is not set";
                    case "sys" -> def >= 0 || System.getProperty(argument) != null ? null : "system property " + argument + " is not set";
                    case "yesno" -> properties.defined(argument) ? null : "property " + argument + " is not defined";
                    default -> null;
                };
            }
            return null; // {{key:default}}
        }
        if (templateParameters.contains(key) || properties.defined(key)) {
            return null;
        }
        return "property " + key + " is not defined (config/application.properties, an environment variable, or {{" + key
                + ":default}})";
    }

    /** An endpoint URI's unknown options (camel-catalog), once per file, line and URI. */
    private void checkUri(String file, String routeId, String uri, int line, boolean consumer, Map<String, Problem> endpoints) {
        if (uri == null) {
            return;
        }
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        if (scheme.startsWith("{{")) {
            return; // the whole endpoint is configuration (a vendor's base URL): checked at startup
        }
        String key = file + ":" + line + ":" + uri;
        if (endpoints.containsKey(key)) {
            return;
        }
        EndpointValidationResult result = catalog.validateEndpointProperties(uri, true, consumer, !consumer);
        if (!result.isSuccess()) {
            endpoints.put(key, new Problem(file, line, "route '" + routeId + "' endpoint " + uri + ": " + result.summaryErrorMessage(false)));
        }
    }

    private static String name(Path file) {
        return file.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
