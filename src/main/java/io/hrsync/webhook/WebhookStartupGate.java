package io.hrsync.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

import io.hrsync.config.HrsyncConfig;
import io.vertx.ext.web.Router;

/**
 * Quarkus' HTTP listener is up a moment before Camel's webhook route is on it, and again after the
 * route stops on shutdown; in between, a post got Vert.x's 404 "Resource not found" (measured with
 * bench/webhook-ack.sh), which Ramp does not retry: that event was lost. This gate, on the webhook
 * path ahead of every other handler, answers 503 with Retry-After (which Ramp does retry) until the
 * route {@code ramp-webhook-receive} is started, and hands the request on once it is.
 */
@ApplicationScoped
public class WebhookStartupGate {

    static final String ROUTE = "ramp-webhook-receive";

    void install(@Observes Router router, HrsyncConfig config, Instance<CamelContext> camel) {
        HrsyncConfig.WebhookEndpoint ramp = config.webhooks().ramp();
        if (!ramp.enabled()) {
            return;
        }
        router.route(ramp.path()).order(Integer.MIN_VALUE).handler(request -> {
            if (started(camel)) {
                request.next();
            } else {
                request.response().setStatusCode(503).putHeader("Retry-After", "1")
                        .putHeader("Content-Type", "application/json").end("{\"status\":\"starting\"}");
            }
        });
    }

    private static boolean started(Instance<CamelContext> camel) {
        if (!camel.isResolvable()) {
            return false;
        }
        CamelContext context = camel.get();
        ServiceStatus status = context.getRouteController().getRouteStatus(ROUTE);
        return context.isStarted() && status == ServiceStatus.Started;
    }
}
