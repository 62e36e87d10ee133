package io.hrsync.connector;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

/**
 * What {@code hrsync validate} needs to know of a connector without starting any bean: the vendors
 * the configuration gives it and the provisioning-rule keys each supports. Found by scanning the
 * application's classes ({@link io.hrsync.validate.ApplicationClasses}), so a new connector declares
 * itself in its own package and no shared list names it.
 * <p>
 * An implementation has a public no-argument constructor.
 */
public interface ConnectorKind {

    /** The {@code @ConfigMapping} interfaces of this kind's settings ({@code validate} reads the configuration with them). */
    default java.util.List<Class<?>> configMappings() {
        return java.util.List.of();
    }

    /** Vendor name → the rule keys it acts on, for every vendor of this kind the configuration declares. */
    Map<String, Set<String>> ruleKeys(Config config);
}
