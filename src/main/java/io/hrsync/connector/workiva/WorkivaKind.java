package io.hrsync.connector.workiva;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.hrsync.connector.ConnectorKind;

/** For {@code hrsync validate}: Workiva's settings and the rule keys it acts on, known without starting a bean. */
public class WorkivaKind implements ConnectorKind {

    @Override
    public List<Class<?>> configMappings() {
        return List.of(WorkivaConfig.class);
    }

    @Override
    public Map<String, Set<String>> ruleKeys(Config config) {
        return Map.of("workiva", WorkivaConnector.SUPPORTED_RULES);
    }
}
