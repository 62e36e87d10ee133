package io.hrsync.ops;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * The management interface (health and metrics, {@code quarkus.management.port}, default 9000) is bound
 * in service mode and not by a run-once job: a nightly job exits when its run ends, nobody probes it,
 * and several jobs on one machine (or the integration tests, which start many processes) must not fight
 * over one fixed port. So, unless {@code quarkus.management.host-enabled} is set explicitly (a property,
 * the environment, a profile), its value is {@code !hrsync.run-once}.
 *
 * <p>Hand-written: Quarkus' configuration expressions have defaults ({@code ${a:b}}) but no negation, and
 * {@code hrsync.run-once} is a runtime setting (no build profile can stand in for it). Registered in
 * META-INF/services/io.smallrye.config.ConfigSourceInterceptor.
 */
public class ManagementInterfaceByRunMode implements ConfigSourceInterceptor {

    static final String HOST_ENABLED = "quarkus.management.host-enabled";
    static final String RUN_ONCE = "hrsync.run-once";
    /** Values below this ordinal are defaults (an extension's @WithDefault), not settings anybody made. */
    private static final int SET_EXPLICITLY = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!HOST_ENABLED.equals(name) || value != null && value.getConfigSourceOrdinal() >= SET_EXPLICITLY) {
            return value;
        }
        ConfigValue runOnce = context.proceed(RUN_ONCE);
        boolean serviceMode = runOnce == null || !"true".equalsIgnoreCase(runOnce.getValue().strip());
        return ConfigValue.builder().withName(name).withValue(String.valueOf(serviceMode))
                .withConfigSourceName(getClass().getSimpleName() + " (hrsync.run-once)").withConfigSourceOrdinal(SET_EXPLICITLY - 1)
                .build();
    }
}
