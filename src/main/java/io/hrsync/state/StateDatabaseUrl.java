package io.hrsync.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Derives the embedded H2 database URL from {@code hrsync.state.dir}, made absolute (H2 refuses
 * paths implicitly relative to the working directory). A low ordinal: an explicit
 * {@code quarkus.datasource.h2.jdbc.url} wins.
 */
public class StateDatabaseUrl implements ConfigSourceFactory {

    static final String DEFAULT_DIR = "data/state";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue dir = context.getValue("hrsync.state.dir");
        String value = dir == null || dir.getValue() == null || dir.getValue().isBlank() ? DEFAULT_DIR : dir.getValue();
        Path db = Path.of(value).toAbsolutePath().normalize().resolve("hrsync");
        return List.of(new PropertiesConfigSource(
                Map.of("quarkus.datasource.h2.jdbc.url", "jdbc:h2:file:" + db + ";DB_CLOSE_ON_EXIT=FALSE"),
                "hrsync-state-dir", 110));
    }
}
