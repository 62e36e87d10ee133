package io.hrsync.sandbox;

import java.net.URI;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.hrsync.config.HrsyncConfig;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Starts the sandbox in process when {@code hrsync.sandbox.enabled=true} (the sandbox profile), before
 * any route starts, on the ports its configuration names, and drops the sample export in the inbox.
 */
@ApplicationScoped
public class SandboxLauncher {

    private static final Logger LOG = Logger.getLogger(SandboxLauncher.class);
    private Sandbox sandbox;

    void start(@Observes @Priority(10) BeforeConfigure event, HrsyncConfig config) {
        if (!config.sandbox().enabled()) {
            return;
        }
        sandbox = Sandbox.start(config.sandbox().dir(), new Sandbox.Ports(config.hris().sftp().port(),
                port("workramp"), port("ramp"), port("workiva"), port("skilljar"), port(Sandbox.SCIM_VENDOR)));
        for (String vendor : config.sandbox().unavailableVendors().orElse(java.util.List.of())) {
            sandbox.simulators().stream().filter(sim -> sim.name().equals(vendor)).forEach(sim -> sim.failFraction(1.0, 503));
            LOG.warnf("sandbox: the %s simulator answers 503 to every call (hrsync.sandbox.unavailable-vendors)", vendor);
        }
        if (config.sandbox().seedSampleExport()) {
            sandbox.seedSampleExport();
        }
        LOG.infof("sandbox: SFTP server on 127.0.0.1:%d (inbox %s); simulators: WorkRamp %s, Ramp %s, Workiva %s,"
                + " Skilljar %s, SCIM app %s%s; sample export %s uploaded", sandbox.sftp().port(), Sandbox.INBOX,
                sandbox.workramp().baseUrl(), sandbox.ramp().baseUrl(), sandbox.workiva().baseUrl(),
                sandbox.skilljar().baseUrl(), sandbox.scim().baseUrl(), ScimSimulator.BASE_PATH, Sandbox.SAMPLE_EXPORT);
    }

    /** Each simulator listens on the port of the base URL the sandbox profile configures for it. */
    private static int port(String vendor) {
        return URI.create(ConfigProvider.getConfig().getValue("hrsync.vendors." + vendor + ".base-url", String.class)).getPort();
    }

    void stop(@Observes ShutdownEvent event) {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    public Sandbox sandbox() {
        return sandbox;
    }
}
