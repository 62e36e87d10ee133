package io.hrsync.report;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.qute.Template;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;

/**
 * The run report page an IT admin opens in the morning: {@code GET /runs} on the management port
 * (quarkus.management.port, bound in service mode; never the webhook port, which faces Ramp), rendered
 * from templates/runs.html, and each run's result files at {@code /runs/<run id>/<file>}. Read-only:
 * there is no form, no POST, nothing that changes a run; plans are approved from the command line.
 *
 * <p>Routes on the management router are added in code: Quarkus offers no declarative way (a REST
 * resource or Camel's platform-http serve the main HTTP port only).
 */
@ApplicationScoped
public class RunReportPage {

    private final RunReports reports;
    private final Template runs;

    public RunReportPage(RunReports reports, Template runs) {
        this.reports = reports;
        this.runs = runs;
    }

    void routes(@Observes ManagementInterface management) {
        management.router().get("/runs").blockingHandler(this::page);
        management.router().get("/runs/:run/:file").blockingHandler(this::file);
    }

    private void page(RoutingContext context) {
        String html = runs.data("page", reports.page()).render();
        context.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .putHeader("Cache-Control", "no-store").end(html);
    }

    private void file(RoutingContext context) {
        var path = reports.resultFile(context.pathParam("run"), context.pathParam("file"));
        if (path.isEmpty()) {
            context.response().setStatusCode(404).end();
            return;
        }
        try {
            String type = path.get().getFileName().toString().endsWith(".json") ? "application/json" : "text/csv";
            context.response().putHeader("Content-Type", type + "; charset=utf-8").putHeader("Cache-Control", "no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(path.get())));
        } catch (IOException e) {
            context.response().setStatusCode(500).end();
        }
    }
}
