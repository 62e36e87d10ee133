package io.hrsync;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The shipped rules, except that Ramp's departments and locations must already exist (createMissingReferences: false). */
public class RampReferencesRequiredProfile implements QuarkusTestProfile {

    public static final String RULES = "src/test/resources/rules/ramp-references-required.yaml";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hrsync.rules-file", RULES);
    }
}
