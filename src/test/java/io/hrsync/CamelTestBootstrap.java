package io.hrsync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.core.CamelRuntime;

import io.quarkus.runtime.StartupEvent;

/**
 * Tests do not run {@link io.hrsync.app.HrsyncMain}, which is what starts Camel in the packaged app;
 * this starts it the same way for {@code @QuarkusTest}s.
 */
@ApplicationScoped
public class CamelTestBootstrap {

    void start(@Observes StartupEvent event, CamelRuntime camel) {
        camel.start(new String[0]);
    }
}
