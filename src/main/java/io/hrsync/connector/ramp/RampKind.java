package io.hrsync.connector.ramp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.hrsync.connector.ConnectorKind;

/** For {@code hrsync validate}: Ramp's settings and the rule keys it acts on, known without starting a bean. */
public class RampKind implements ConnectorKind {

    @Override
    public List<Class<?>> configMappings() {
        return List.of(RampConfig.class);
    }

    @Override
    public Map<String, Set<String>> ruleKeys(Config config) {
        return Map.of("ramp", RampConnector.SUPPORTED_RULES);
    }
}
