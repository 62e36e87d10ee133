package io.hrsync.connector.skilljar;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;

import io.hrsync.connector.ConnectorKind;

/** For {@code hrsync validate}: Skilljar's settings and the rule keys it acts on, known without starting a bean. */
public class SkilljarKind implements ConnectorKind {

    @Override
    public List<Class<?>> configMappings() {
        return List.of(SkilljarConfig.class);
    }

    @Override
    public Map<String, Set<String>> ruleKeys(Config config) {
        return Map.of("skilljar", SkilljarConnector.SUPPORTED_RULES);
    }
}
