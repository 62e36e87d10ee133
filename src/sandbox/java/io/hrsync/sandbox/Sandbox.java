package io.hrsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded default: a real SFTP server and stateful vendor simulators on loopback, seeded with a
 * realistic HRIS export and vendor data, so the whole nightly job runs with no vendor account
 * anywhere. The sandbox profile starts it in process; the tests start the same thing.
 */
public final class Sandbox implements AutoCloseable {

    public static final String SFTP_USER = "hrsync";
    /**
     * Holds the characters a URI would break on ({@code ) & % + #} and a space), so every run against
     * the sandbox shows that any password works (config/application.properties has the same).
     */
    public static final String SFTP_PASSWORD = "sandbox-only-pa)&ss%2B+wo#rd x";
    public static final String WORKRAMP_API_KEY = "sandbox-workramp-key";
    public static final String RAMP_CLIENT_ID = "sandbox-ramp-client";
    public static final String RAMP_CLIENT_SECRET = "sandbox-ramp-secret";
    public static final String RAMP_WEBHOOK_SECRET = "sandbox-ramp-webhook-secret";
    public static final String WORKIVA_CLIENT_ID = "sandbox-workiva-client";
    public static final String WORKIVA_CLIENT_SECRET = "sandbox-workiva-secret";
    public static final String WORKIVA_ORGANIZATION = "org-sandbox";
    public static final String WORKIVA_WORKSPACE = "ws-sandbox";
    public static final String WORKIVA_SCIM_TOKEN = "sandbox-workiva-scim-token";
    public static final String SKILLJAR_API_KEY = "sandbox-skilljar-key";
    public static final String SKILLJAR_DOMAIN = "academy.example.com";
    /** The sandbox's SCIM 2.0 app: a generic SCIM vendor ({@code hrsync.vendors.scim-app.type=scim}). */
    public static final String SCIM_VENDOR = "scim-app";
    public static final String SCIM_TOKEN = "sandbox-scim-app-token";
    public static final String INBOX = "inbox";
    public static final String RESULTS = "results";
    public static final String SAMPLE_EXPORT = "hris-export.csv";

    private final Path dir;
    private final EmbeddedSftpServer sftp;
    private final WorkRampSimulator workramp;
    private final RampSimulator ramp;
    private final WorkivaSimulator workiva;
    private final SkilljarSimulator skilljar;
    private final ScimSimulator scim;

    private Sandbox(Path dir, EmbeddedSftpServer sftp, WorkRampSimulator workramp, RampSimulator ramp,
            WorkivaSimulator workiva, SkilljarSimulator skilljar, ScimSimulator scim) {
        this.dir = dir;
        this.sftp = sftp;
        this.workramp = workramp;
        this.ramp = ramp;
        this.workiva = workiva;
        this.skilljar = skilljar;
        this.scim = scim;
    }

    /** Ports to start on; 0 picks a free one. */
    public record Ports(int sftp, int workramp, int ramp, int workiva, int skilljar, int scim) {
        public static final Ports ANY = new Ports(0, 0, 0, 0, 0, 0);
    }

    /** Starts everything on the given ports. */
    public static Sandbox start(Path dir, Ports ports) {
        EmbeddedSftpServer sftp = new EmbeddedSftpServer(dir, SFTP_USER, SFTP_PASSWORD).start(ports.sftp());
        sftp.writeKnownHosts(dir.resolve("known_hosts"));
        WorkRampSimulator workramp = new WorkRampSimulator(WORKRAMP_API_KEY);
        workramp.start(ports.workramp());
        RampSimulator ramp = new RampSimulator(RAMP_CLIENT_ID, RAMP_CLIENT_SECRET);
        ramp.start(ports.ramp());
        WorkivaSimulator workiva = new WorkivaSimulator(WORKIVA_CLIENT_ID, WORKIVA_CLIENT_SECRET, WORKIVA_ORGANIZATION,
                WORKIVA_WORKSPACE, WORKIVA_SCIM_TOKEN);
        workiva.start(ports.workiva());
        SkilljarSimulator skilljar = new SkilljarSimulator(SKILLJAR_API_KEY, SKILLJAR_DOMAIN);
        skilljar.start(ports.skilljar());
        ScimSimulator scim = new ScimSimulator(SCIM_VENDOR, SCIM_TOKEN);
        scim.start(ports.scim());
        Sandbox sandbox = new Sandbox(dir, sftp, workramp, ramp, workiva, skilljar, scim);
        sandbox.seedVendors();
        return sandbox;
    }

    /** Every simulator back to the seeded state (tests call this between runs). */
    public void resetVendors() {
        for (VendorSimulator simulator : simulators()) {
            simulator.reset();
        }
        seedVendors();
    }

    public List<VendorSimulator> simulators() {
        return List.of(workramp, ramp, workiva, skilljar, scim);
    }

    /** Vendor data a real tenant would already have: groups, and people provisioned by hand before hrsync. */
    public void seedVendors() {
        seedWorkRamp();
        RampSandboxSeed.seed(ramp);
        WorkivaSandboxSeed.seed(workiva);
        SkilljarSandboxSeed.seed(skilljar);
        seedScim();
    }

    /** The SCIM app: its groups, and three people provisioned by hand (one of them inactive). */
    private void seedScim() {
        for (String group : new String[] {"Engineering", "Sales", "People Ops", "Customer Success", "Finance", "Leadership",
                "Everyone"}) {
            scim.seedGroup(group);
        }
        scim.seedUser("priya.nair@example.com", "Priya", "Nair", true, Map.of("employeeNumber", "E1003", "department", "Engineering"));
        scim.seedUser("leila.haddad@example.com", "Leila", "Haddad", false, Map.of("employeeNumber", "E1011"));
        scim.seedUser("noah.schmidt@example.com", "Noah", "Schmidt", true, Map.of("employeeNumber", "E1010", "department", "Customer Success"));
    }

    private void seedWorkRamp() {
        for (String group : new String[] {"Engineering", "Sales", "People Ops", "Customer Success", "Finance",
                "Leadership", "All Staff"}) {
            workramp.seedGroup(group);
        }
        workramp.seedUser("priya.nair@example.com", "Priya Nair", false,
                Map.of("department", "Engineering", "title", "Senior Engineer", "cost_center", "CC-4410"));
        workramp.seedUser("leila.haddad@example.com", "Leila Haddad", true, Map.of("cost_center", "CC-4410"));
        workramp.seedUser("noah.schmidt@example.com", "Noah Schmidt", false, Map.of("department", "Customer Success"));
    }

    /** Drops the sample export into the SFTP inbox. */
    public Path seedSampleExport() {
        try (InputStream in = Sandbox.class.getResourceAsStream("/sandbox/" + SAMPLE_EXPORT)) {
            return sftp.upload(INBOX, SAMPLE_EXPORT, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration that points hrsync at this sandbox. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hrsync.hris.source", "sftp");
        p.put("hrsync.hris.sftp.host", "127.0.0.1");
        p.put("hrsync.hris.sftp.port", String.valueOf(sftp.port()));
        p.put("hrsync.hris.sftp.username", SFTP_USER);
        p.put("hrsync.hris.sftp.password", SFTP_PASSWORD);
        p.put("hrsync.hris.sftp.known-hosts-file", dir.resolve("known_hosts").toString());
        p.put("hrsync.hris.sftp.strict-host-key-checking", "true");
        p.put("hrsync.hris.sftp.inbox-dir", INBOX);
        p.put("hrsync.hris.sftp.results-dir", RESULTS);
        p.put("hrsync.vendors.workramp.enabled", "true");
        p.put("hrsync.vendors.workramp.base-url", workramp.baseUrl());
        p.put("hrsync.vendors.workramp.api-key", WORKRAMP_API_KEY);
        p.put("hrsync.vendors.ramp.enabled", "true");
        p.put("hrsync.vendors.ramp.base-url", ramp.baseUrl());
        p.put("hrsync.vendors.ramp.client-id", RAMP_CLIENT_ID);
        p.put("hrsync.vendors.ramp.client-secret", RAMP_CLIENT_SECRET);
        p.put("hrsync.vendors.ramp.webhook-secret", RAMP_WEBHOOK_SECRET);
        p.put("hrsync.vendors.workiva.enabled", "true");
        p.put("hrsync.vendors.workiva.base-url", workiva.baseUrl());
        p.put("hrsync.vendors.workiva.client-id", WORKIVA_CLIENT_ID);
        p.put("hrsync.vendors.workiva.client-secret", WORKIVA_CLIENT_SECRET);
        p.put("hrsync.vendors.workiva.organization-id", WORKIVA_ORGANIZATION);
        p.put("hrsync.vendors.workiva.workspace-id", WORKIVA_WORKSPACE);
        p.put("hrsync.vendors.workiva.token-url", workiva.baseUrl() + "/iam/v1/oauth2/token");
        p.put("hrsync.vendors.workiva.scim-base-url", workiva.baseUrl() + "/scim/v2");
        p.put("hrsync.vendors.workiva.scim-token", WORKIVA_SCIM_TOKEN);
        p.put("hrsync.vendors.skilljar.enabled", "true");
        p.put("hrsync.vendors.skilljar.base-url", skilljar.baseUrl());
        p.put("hrsync.vendors.skilljar.api-key", SKILLJAR_API_KEY);
        p.put("hrsync.vendors.skilljar.domain", SKILLJAR_DOMAIN);
        return p;
    }

    public EmbeddedSftpServer sftp() {
        return sftp;
    }

    public WorkRampSimulator workramp() {
        return workramp;
    }

    public RampSimulator ramp() {
        return ramp;
    }

    public WorkivaSimulator workiva() {
        return workiva;
    }

    public SkilljarSimulator skilljar() {
        return skilljar;
    }

    public ScimSimulator scim() {
        return scim;
    }

    /** Configuration of the SCIM app (its type, address and token; enabled separately). */
    public Map<String, String> scimProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hrsync.vendors." + SCIM_VENDOR + ".type", "scim");
        p.put("hrsync.vendors." + SCIM_VENDOR + ".base-url", scim.baseUrl() + ScimSimulator.BASE_PATH);
        p.put("hrsync.vendors." + SCIM_VENDOR + ".bearer-token", SCIM_TOKEN);
        return p;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        simulators().forEach(VendorSimulator::close);
        sftp.close();
    }
}
