package io.hrsync.validate;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.hrsync.config.HrsyncConfig;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The application's configuration as Quarkus would read it (system properties, environment,
 * {@code config/application.properties}, the packaged {@code application.properties}, the active
 * profile and {@link HrsyncConfig}'s defaults), built without starting Quarkus, for {@code validate}.
 * The mapping is built too, so an unknown {@code hrsync.*} key or a mistyped value is reported as at
 * startup. Nothing is connected to.
 */
public final class OfflineConfig {

    /** The application's own configuration mapping; each connector kind adds its own ({@link #mappings()}). */
    static final List<Class<?>> MAPPINGS = List.of(HrsyncConfig.class);

    private OfflineConfig() {
    }

    /** The application's configuration mappings (the {@code hrsync.*} schema): its own and every {@link io.hrsync.connector.ConnectorKind}'s. */
    public static List<Class<?>> mappings() {
        return Mappings.ALL;
    }

    /** Found once (a scan of the application's classes): startup's route check and validate both ask. */
    private static final class Mappings {
        static final List<Class<?>> ALL = find();

        private static List<Class<?>> find() {
            List<Class<?>> all = new java.util.ArrayList<>(MAPPINGS);
            ApplicationClasses.instancesOf(io.hrsync.connector.ConnectorKind.class).forEach(kind -> all.addAll(kind.configMappings()));
            return List.copyOf(all);
        }
    }

    /**
     * Every property name the mappings declare, set or not: a placeholder naming one is configuration
     * the application knows, whose presence startup checks where it is needed (an enabled vendor's
     * base URL, the SFTP host when the source is SFTP), not a typo.
     */
    public static Set<String> declared() {
        Set<String> names = new TreeSet<>();
        for (Class<?> mapping : mappings()) {
            names.addAll(ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping)).keySet());
        }
        return names;
    }

    public static SmallRyeConfig build(Path configFile, String profile) throws IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors()
                .withProfile(profile);
        for (Class<?> mapping : mappings()) {
            builder.withMapping(mapping);
        }
        URL packaged = OfflineConfig.class.getClassLoader().getResource("application.properties");
        if (packaged != null) {
            builder.withSources(new PropertiesConfigSource(packaged, 250));
        }
        if (Files.isRegularFile(configFile)) {
            builder.withSources(new PropertiesConfigSource(configFile.toUri().toURL(), 260));
        }
        return builder.build();
    }

    /** The active profile as Quarkus would choose it for a packaged application. */
    public static String activeProfile() {
        return Optional.ofNullable(System.getProperty("quarkus.profile")).or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE")))
                .orElse("prod");
    }
}
