package io.hrsync.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.spi.BeanManager;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.validate.ConfigValidation;
import io.hrsync.validate.OfflineConfig;
import io.hrsync.validate.Problem;
import io.hrsync.validate.RouteFileChecks;
import io.quarkus.arc.Arc;
import io.hrsync.hris.FieldLimits;
import io.hrsync.hris.HrisColumns;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.state.StateStore;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;

/**
 * Checks the configuration before any route starts, and refuses to start with every problem listed
 * by property name. A wrong edit fails here, loudly, not at 2 a.m. in the middle of a run.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);

    void check(@Observes @Priority(100) BeforeConfigure event, HrsyncConfig config, VendorRegistry vendors,
            HrisColumns columns, ProvisioningRules rules, StateStore state) {
        List<String> problems = new ArrayList<>();
        java.util.Map<String, java.util.Set<String>> supported = new java.util.TreeMap<>();
        vendors.all().forEach(v -> supported.put(v.name(), v.supportedRules()));
        problems.addAll(rules.check(supported));
        if (config.hris().source() == HrsyncConfig.Source.sftp) {
            checkSftp(config.hris().sftp(), problems);
        }
        problems.addAll(capProblems(config.hris().maxFileBytes(), config.hris().maxLineChars(), config.hris().maxColumns(),
                config.delivery().maxAnswerBytes(), config.delivery().maxPages()));
        for (VendorConnector vendor : vendors.enabled()) {
            try {
                vendor.checkConfiguration();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (config.sandbox().enabled() && StartupChecks.class.getClassLoader().getResource("sandbox/hris-export.csv") == null) {
            // the production artifact holds no sandbox (src/sandbox is built only with -Psandbox)
            problems.add("hrsync.sandbox.enabled=true (the sandbox profile), but this build has no sandbox: build the sandbox"
                    + " application with 'mvn package -Psandbox' and run target/sandbox-app/quarkus-app/quarkus-run.jar (README)");
        }
        problems.addAll(routeProblems());
        List<String> stateStore = StateStore.configurationProblems();
        problems.addAll(stateStore.isEmpty() ? state.schemaProblems() : stateStore);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("configuration error(s):\n  - " + String.join("\n  - ", problems));
        }
        if (vendors.enabled().isEmpty()) {
            LOG.warn("no vendor is enabled (hrsync.vendors.<name>.enabled): runs will only validate the input");
        }
        LOG.infof("hrsync ready: source=%s, vendors=%s, run-once=%s", config.hris().source(), vendors.enabledNames(),
                config.runOnce());
        for (VendorConnector vendor : vendors.enabled()) {
            LOG.infof("%s: %d work item(s) at once (hrsync.vendors.%s.concurrency)", vendor.name(), vendor.concurrency(),
                    vendor.name());
        }
    }

    /**
     * The route files, checked as {@code hrsync validate} checks them (same messages, file and line),
     * against this application's configuration and its CDI container's bean names.
     */
    static List<String> routeProblems() {
        long start = System.nanoTime();
        Config config = ConfigProvider.getConfig();
        Set<String> declared = OfflineConfig.declared();
        BeanManager beans = Arc.container().beanManager();
        List<Path> files = ConfigValidation.routeFiles(config.getOptionalValue(ConfigValidation.ROUTES_PATTERN, String.class)
                .orElse(ConfigValidation.DEFAULT_ROUTES));
        List<String> problems = new RouteFileChecks().check(files,
                name -> declared.contains(name) || config.getConfigValue(name).getValue() != null,
                name -> !beans.getBeans(name).isEmpty()).stream().map(Problem::toString).toList();
        LOG.infof("route files checked: %d in %d ms", files.size(), (System.nanoTime() - start) / 1_000_000);
        return problems;
    }

    private static void checkSftp(HrsyncConfig.Sftp sftp, List<String> problems) {
        if (sftp.host().filter(h -> !h.isBlank()).isEmpty()) {
            problems.add("hrsync.hris.sftp.host is required when hrsync.hris.source=sftp");
        }
        if (sftp.username().filter(u -> !u.isBlank()).isEmpty()) {
            problems.add("hrsync.hris.sftp.username is required when hrsync.hris.source=sftp");
        }
        if (sftp.password().isEmpty() && sftp.privateKeyFile().isEmpty()) {
            problems.add("hrsync.hris.sftp.password or hrsync.hris.sftp.private-key-file is required");
        }
        sftp.privateKeyFile().filter(f -> !Files.isReadable(f)).ifPresent(f -> problems
                .add("hrsync.hris.sftp.private-key-file: cannot read " + f.toAbsolutePath()));
        if (sftp.strictHostKeyChecking()) {
            Path knownHosts = sftp.knownHostsFile().orElse(null);
            if (knownHosts == null) {
                problems.add("hrsync.hris.sftp.known-hosts-file is required while hrsync.hris.sftp.strict-host-key-checking=true");
            } else if (!Files.isReadable(knownHosts)) {
                problems.add("hrsync.hris.sftp.known-hosts-file: cannot read " + knownHosts.toAbsolutePath());
            }
        } else {
            LOG.warn("hrsync.hris.sftp.strict-host-key-checking=false: the SFTP server's identity is NOT verified;"
                    + " anyone who can intercept the connection can read the HRIS export");
        }
    }

    /**
     * The size caps (issue 11) must let a legal export and a vendor through: a line cap below the
     * header's own limit, fewer columns than the required ones, or a cap of nothing would reject
     * every file or fail every call.
     */
    static List<String> capProblems(long maxFileBytes, int maxLineChars, int maxColumns, long maxAnswerBytes, int maxPages) {
        List<String> problems = new ArrayList<>();
        if (maxFileBytes < 1) {
            problems.add("hrsync.hris.max-file-bytes must be at least 1 (is " + maxFileBytes + ")");
        }
        if (maxLineChars < FieldLimits.MAX_HEADER_LENGTH) {
            problems.add("hrsync.hris.max-line-chars must be at least " + FieldLimits.MAX_HEADER_LENGTH
                    + ", the longest header an export may have (is " + maxLineChars + ")");
        }
        if (maxColumns < HrisColumns.REQUIRED.size()) {
            problems.add("hrsync.hris.max-columns must be at least " + HrisColumns.REQUIRED.size()
                    + ", the required columns (is " + maxColumns + ")");
        }
        if (maxAnswerBytes < 1) {
            problems.add("hrsync.delivery.max-answer-bytes must be at least 1 (is " + maxAnswerBytes + ")");
        }
        if (maxPages < 1) {
            problems.add("hrsync.delivery.max-pages must be at least 1 (is " + maxPages + ")");
        }
        return problems;
    }
}
