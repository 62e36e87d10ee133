package io.hrsync.connector.workramp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.hrsync.connector.ConnectorKind;

/** For {@code hrsync validate}: WorkRamp's settings and the rule keys it acts on, known without starting a bean. */
public class WorkRampKind implements ConnectorKind {

    @Override
    public List<Class<?>> configMappings() {
        return List.of(WorkRampConfig.class);
    }

    @Override
    public Map<String, Set<String>> ruleKeys(Config config) {
        return Map.of("workramp", WorkRampConnector.SUPPORTED_RULES);
    }
}
