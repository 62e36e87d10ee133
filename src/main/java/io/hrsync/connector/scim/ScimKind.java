package io.hrsync.connector.scim;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;

import io.hrsync.connector.ConnectorKind;

/** For {@code hrsync validate}: every vendor with {@code type=scim} takes the SCIM rule keys. */
public class ScimKind implements ConnectorKind {

    @Override
    public java.util.List<Class<?>> configMappings() {
        return java.util.List.of(ScimVendorsConfig.class);
    }

    @Override
    public Map<String, Set<String>> ruleKeys(Config config) {
        Map<String, Set<String>> keys = new TreeMap<>();
        ScimTarget.names(config).forEach(name -> keys.put(name, ScimConnector.SUPPORTED_RULES));
        return keys;
    }
}
