package io.hrsync.routes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Validates route files the way Camel will read them, without starting anything: the YAML DSL parser
 * (which rejects unknown keys), then every endpoint URI against the Camel catalog, then the house
 * rules (explicit ids and descriptions, known route configurations, no duplicate ids). Every problem
 * names its file.
 */
public final class RouteFileValidator {

    private final CamelCatalog catalog = new DefaultCamelCatalog(true);

    /** Problems of a set of route files that are loaded together. */
    public List<String> validate(Collection<Path> files) {
        List<String> problems = new ArrayList<>();
        Set<String> routeIds = new HashSet<>();
        Set<String> configurationIds = new HashSet<>();
        List<Map.Entry<Path, RouteDefinition>> routes = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            try (DefaultCamelContext context = new DefaultCamelContext()) {
                context.setAutoStartup(false);
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
                ModelCamelContext model = context;
                for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
                    configurationIds.add(configuration.getId());
                }
                for (RouteDefinition route : model.getRouteDefinitions()) {
                    routes.add(Map.entry(file, route));
                }
            } catch (Exception e) {
                problems.add(name + ": cannot be loaded: " + rootMessage(e));
            }
        }
        for (Map.Entry<Path, RouteDefinition> entry : routes) {
            String name = entry.getKey().getFileName().toString();
            RouteDefinition route = entry.getValue();
            String id = route.getRouteId();
            if (id == null || id.isBlank() || !route.hasCustomIdAssigned()) {
                problems.add(name + ": a route from " + route.getInput().getEndpointUri() + " has no explicit id");
                continue;
            }
            if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                problems.add(name + ": route id '" + id + "' is not kebab-case");
            }
            if (!routeIds.add(id)) {
                problems.add(name + ": route id '" + id + "' is used more than once");
            }
            if (route.getDescription() == null || route.getDescription().isBlank()) {
                problems.add(name + ": route '" + id + "' has no description");
            }
            String configuration = route.getRouteConfigurationId();
            if (configuration != null && !configurationIds.contains(configuration)) {
                problems.add(name + ": route '" + id + "' uses unknown routeConfigurationId '" + configuration + "'");
            }
            checkUri(name, id, route.getInput(), problems);
            for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
                checkUri(name, id, send.getEndpointUri(), false, problems);
            }
        }
        return problems;
    }

    private void checkUri(String file, String routeId, FromDefinition from, List<String> problems) {
        checkUri(file, routeId, from.getEndpointUri(), true, problems);
    }

    private void checkUri(String file, String routeId, String uri, boolean consumer, List<String> problems) {
        if (uri == null) {
            return;
        }
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        if (scheme.startsWith("{{")) {
            return; // the whole endpoint is configuration (a vendor's base URL): checked at startup
        }
        EndpointValidationResult result = catalog.validateEndpointProperties(uri, true, consumer, !consumer);
        if (!result.isSuccess()) {
            problems.add(file + ": route '" + routeId + "' endpoint " + uri + ": " + result.summaryErrorMessage(false));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

}
