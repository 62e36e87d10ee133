package io.hrsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded default: a real SFTP server and stateful vendor simulators on loopback, seeded with a
 * realistic HRIS export and vendor data, so the whole nightly job runs with no vendor account
 * anywhere. The sandbox profile starts it in process; the tests start the same thing.
 */
public final class Sandbox implements AutoCloseable {

    public static final String SFTP_USER = "hrsync";
    public static final String SFTP_PASSWORD = "sandbox-only-password";
    public static final String WORKRAMP_API_KEY = "sandbox-workramp-key";
    public static final String INBOX = "inbox";
    public static final String RESULTS = "results";
    public static final String SAMPLE_EXPORT = "hris-export.csv";

    private final Path dir;
    private final EmbeddedSftpServer sftp;
    private final WorkRampSimulator workramp;

    private Sandbox(Path dir, EmbeddedSftpServer sftp, WorkRampSimulator workramp) {
        this.dir = dir;
        this.sftp = sftp;
        this.workramp = workramp;
    }

    /** Starts everything on the given ports (0 = any free port). */
    public static Sandbox start(Path dir, int sftpPort, int workrampPort) {
        EmbeddedSftpServer sftp = new EmbeddedSftpServer(dir, SFTP_USER, SFTP_PASSWORD).start(sftpPort);
        sftp.writeKnownHosts(dir.resolve("known_hosts"));
        WorkRampSimulator workramp = new WorkRampSimulator(WORKRAMP_API_KEY);
        workramp.start(workrampPort);
        Sandbox sandbox = new Sandbox(dir, sftp, workramp);
        sandbox.seedVendors();
        return sandbox;
    }

    /** Vendor data a real tenant would already have: groups, and people provisioned by hand before hrsync. */
    public void seedVendors() {
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
        return p;
    }

    public EmbeddedSftpServer sftp() {
        return sftp;
    }

    public WorkRampSimulator workramp() {
        return workramp;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        workramp.close();
        sftp.close();
    }
}
