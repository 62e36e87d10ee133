package io.hrsync.app;

import jakarta.enterprise.context.ApplicationScoped;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.spi.PropertiesFunction;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code {{yesno:some.boolean.property}}} in a route: the boolean as "yes" or "no", which is what
 * SFTP's strictHostKeyChecking wants, so the configuration itself stays a plain boolean.
 */
@ApplicationScoped
public class YesNoPropertiesFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "yesno";
    }

    @Override
    public String apply(String remainder) {
        boolean value = ConfigProvider.getConfig().getValue(remainder.trim(), Boolean.class);
        return value ? "yes" : "no";
    }

    void register(@Observes @Priority(1) BeforeConfigure event) {
        event.getCamelContext().getPropertiesComponent().addPropertiesFunction(this);
    }
}
