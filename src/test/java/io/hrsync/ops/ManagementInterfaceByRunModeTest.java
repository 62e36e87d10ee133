package io.hrsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The management interface is bound in service mode, not by a run-once job, unless set explicitly. */
class ManagementInterfaceByRunModeTest {

    private static boolean hostEnabled(Map<String, String> properties, String profile) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withInterceptors(new ManagementInterfaceByRunMode())
                .withDefaultValue(ManagementInterfaceByRunMode.HOST_ENABLED, "true") // Quarkus' @WithDefault
                .withDefaultValue(ManagementInterfaceByRunMode.RUN_ONCE, "false") // HrsyncConfig's @WithDefault
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withProfile(profile)
                .build();
        return config.getValue(ManagementInterfaceByRunMode.HOST_ENABLED, Boolean.class);
    }

    @Test
    void serviceModeBindsRunOnceDoesNot() {
        assertEquals(true, hostEnabled(Map.of(), "prod"));
        assertEquals(true, hostEnabled(Map.of("hrsync.run-once", "false"), "prod"));
        assertEquals(false, hostEnabled(Map.of("hrsync.run-once", "true"), "prod"));
        // a profile's run-once (the sandbox profile is run-once) and an expression count too
        assertEquals(false, hostEnabled(Map.of("%sandbox.hrsync.run-once", "true"), "sandbox"));
        assertEquals(false, hostEnabled(Map.of("hrsync.run-once", "${job:true}"), "prod"));
    }

    @Test
    void anExplicitSettingWins() {
        Map<String, String> p = new HashMap<>(Map.of("hrsync.run-once", "true"));
        p.put("quarkus.management.host-enabled", "true");
        assertEquals(true, hostEnabled(p, "prod"));
        assertEquals(true, hostEnabled(Map.of("hrsync.run-once", "true", "%test.quarkus.management.host-enabled", "true"), "test"));
        assertEquals(false, hostEnabled(Map.of("quarkus.management.host-enabled", "false"), "prod"));
    }
}
