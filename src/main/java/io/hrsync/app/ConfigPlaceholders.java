package io.hrsync.app;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.Ordered;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.spi.PropertiesSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers the routes' {{placeholders}} from the application's configuration (SmallRye Config: the
 * properties files, the profile, the environment, system properties), ahead of camel-quarkus' own
 * {@code CamelMicroProfilePropertiesSource}, with the very same lookup
 * ({@code Config.getOptionalValue(name, String.class)}).
 *
 * <p>Hand-written for start-up time, measured: Camel 4.14's {@code DefaultPropertiesLookup} asks a
 * {@code LoadablePropertiesSource} that answered a placeholder for {@code loadProperties()}, only to
 * look up where the value came from, and the MicroProfile source answers that by reading every
 * configuration property there is, twice (about 1,500 names here), for each of the routes' several
 * hundred placeholders. That was 80 % of the 2.7 s between Camel's configuration summary and its
 * start (JFR, sandbox run-once), and 10 to 20 s on a busy 2-core CI machine, paid by every start: a
 * run-once job, every integration-test process, every Quarkus test profile. This source is not
 * loadable, so a found value costs one lookup. The Property-placeholders summary in the start-up log
 * names this source for what it answers.
 */
@ApplicationScoped
public class ConfigPlaceholders implements PropertiesSource, Ordered {

    @Override
    public String getName() {
        return "hrsync-config";
    }

    @Override
    public String getProperty(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null);
    }

    /** Before the MicroProfile source (order 0, not {@link Ordered}), which still answers nothing new. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST + 1000;
    }

    void register(@Observes @Priority(1) BeforeConfigure event) {
        event.getCamelContext().getPropertiesComponent().addPropertiesSource(this);
    }
}
