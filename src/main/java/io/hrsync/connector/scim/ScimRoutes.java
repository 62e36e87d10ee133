package io.hrsync.connector.scim;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.quarkus.main.events.AfterConfigure;
import org.jboss.logging.Logger;

/**
 * Adds each enabled SCIM vendor's routes: one instance of each template of
 * {@code routes/vendor-scim.camel.yaml}, and of the shared {@code vendor-drain}, {@code vendor-work}
 * and {@code vendor-http-call} templates, with the vendor's settings. Done in Java only because the
 * vendors' names come from configuration ({@code hrsync.vendors.<name>.type=scim}), which a YAML
 * {@code templatedRoute} cannot enumerate; the flows themselves are the YAML templates.
 */
@ApplicationScoped
public class ScimRoutes {

    private static final Logger LOG = Logger.getLogger(ScimRoutes.class);

    void add(@Observes AfterConfigure event, ScimConnectors connectors) throws Exception {
        CamelContext camel = event.getCamelContext();
        for (ScimTarget target : connectors.enabled()) {
            connectors.connectors().stream().filter(c -> c.name().equals(target.name())).findFirst().orElseThrow()
                    .checkConfiguration();
            String n = target.name();
            add(camel, "vendor-drain", "vendor-" + n + "-drain", Map.of("vendor", n, "enabled", "true"));
            add(camel, "vendor-work", "vendor-" + n + "-work",
                    Map.of("vendor", n, "enabled", "true", "concurrency", String.valueOf(target.concurrency())));
            Map<String, String> http = new LinkedHashMap<>();
            http.put("vendor", n);
            http.put("endpoint", n + "-http");
            http.put("enabled", "true");
            http.put("baseUrl", target.base());
            http.put("rateLimit", String.valueOf(target.rateLimit()));
            http.put("ratePeriodMs", String.valueOf(target.ratePeriodMs()));
            http.put("auth", "scimAuth");
            http.put("authMethod", "apply(${exchange}, '" + n + "')");
            add(camel, "vendor-http-call", n + "-http", http);
            add(camel, "scim-deliver", "vendor-" + n + "-deliver", Map.of("vendor", n));
            add(camel, "scim-write-user", n + "-write-user", Map.of("vendor", n));
            add(camel, "scim-find-user", n + "-find-user", Map.of("vendor", n));
            add(camel, "scim-list-accounts", n + "-list-accounts", Map.of("vendor", n));
            add(camel, "scim-health-auth", "health-" + n + "-auth", Map.of("vendor", n));
            LOG.infof("%s: SCIM 2.0 app at %s, %d work item(s) at once", n, target.base(), target.concurrency());
        }
    }

    private static void add(CamelContext camel, String template, String routeId, Map<String, String> parameters) {
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(camel, template).routeId(routeId);
        parameters.forEach(builder::parameter);
        builder.add();
    }
}
