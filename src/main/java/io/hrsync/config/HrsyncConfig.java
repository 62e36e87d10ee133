package io.hrsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Everything under {@code hrsync.*}. SmallRye rejects unknown keys under this prefix at startup, so a
 * mistyped property in {@code config/application.properties} fails loudly instead of being ignored.
 */
@ConfigMapping(prefix = "hrsync")
public interface HrsyncConfig {

    /** Process what is in the inbox once and exit with a status code, instead of polling forever. */
    @WithName("run-once")
    @WithDefault("false")
    boolean runOnce();

    /** The ops-editable provisioning rules (scope, roles, groups, courses, custom attributes per vendor). */
    @WithName("rules-file")
    @WithDefault("config/provisioning-rules.yaml")
    Path rulesFile();

    Hris hris();

    Results results();

    Delivery delivery();

    Sandbox sandbox();

    Replay replay();

    /** Re-driving dead letters after a fix (see routes/dead-letter-replay.camel.yaml). */
    interface Replay {
        /** Replay the dead-letter store at startup (with run-once: replay, write results, exit). */
        @WithDefault("false")
        boolean enabled();

        /** Only this vendor's letters. */
        Optional<String> vendor();

        /** Only this person's letters. */
        Optional<String> email();
    }

    interface Hris {
        /** Where exports come from: {@code sftp} (the HRIS drop) or {@code local} (a directory, for local runs). */
        @WithDefault("sftp")
        Source source();

        /** The local inbox when {@code source=local}. */
        @WithName("local-dir")
        @WithDefault("data/inbox")
        Path localDir();

        /** How often the inbox is polled in service mode, in milliseconds. */
        @WithName("poll-interval-ms")
        @WithDefault("300000")
        long pollIntervalMs();

        /** A file must keep the same size and timestamp this long (ms) before it is read: no half-uploaded reads. */
        @WithName("read-lock-min-age-ms")
        @WithDefault("5000")
        long readLockMinAgeMs();

        /**
         * How long (ms) one poll waits for a file that is still changing before leaving it for the
         * next poll (so one slow upload does not hold up the others).
         */
        @WithName("read-lock-timeout-ms")
        @WithDefault("120000")
        long readLockTimeoutMs();

        /** How often (ms) the read lock looks at a file that is still changing. */
        @WithName("read-lock-check-interval-ms")
        @WithDefault("1000")
        long readLockCheckIntervalMs();

        /** Local directory an SFTP export is downloaded to before it is read (twice, streaming). */
        @WithName("work-dir")
        @WithDefault("data/work")
        Path workDir();

        Sftp sftp();

        /** Canonical field name → header name in the HRIS export, for exports whose headers differ. */
        Map<String, String> columns();
    }

    enum Source {
        sftp,
        local
    }

    interface Sftp {
        Optional<String> host();

        @WithDefault("22")
        int port();

        Optional<String> username();

        Optional<String> password();

        @WithName("private-key-file")
        Optional<Path> privateKeyFile();

        @WithName("known-hosts-file")
        Optional<Path> knownHostsFile();

        @WithName("strict-host-key-checking")
        @WithDefault("true")
        boolean strictHostKeyChecking();

        @WithName("inbox-dir")
        @WithDefault("inbox")
        String inboxDir();

        @WithName("results-dir")
        @WithDefault("results")
        String resultsDir();
    }

    interface Results {
        @WithDefault("results")
        Path dir();
    }

    interface Delivery {
        /** Where person×vendor exchanges go once retries are exhausted. */
        @WithName("dead-letter-dir")
        @WithDefault("data/dead-letters")
        Path deadLetterDir();

        /** Redeliveries of a person×vendor call after a 429, 5xx or timeout, before it is dead-lettered. */
        @WithName("max-redeliveries")
        @WithDefault("5")
        int maxRedeliveries();

        /** First backoff (ms); it doubles each time, with jitter, up to max-backoff-ms. */
        @WithName("initial-backoff-ms")
        @WithDefault("1000")
        long initialBackoffMs();

        @WithName("max-backoff-ms")
        @WithDefault("60000")
        long maxBackoffMs();

        /**
         * A vendor's Retry-After (on 429 or 503) sets the wait before the retry, capped at this many
         * ms: a Retry-After of an hour must not make a nightly run look hung.
         */
        @WithName("max-retry-after-ms")
        @WithDefault("120000")
        long maxRetryAfterMs();

        /**
         * A vendor's circuit opens when this share (%) of its recent calls failed (429, 5xx, no
         * answer); while open, its people are dead-lettered at once instead of grinding through
         * retries (replay them once the vendor is back).
         */
        @WithName("circuit-failure-rate-percent")
        @WithDefault("50")
        int circuitFailureRatePercent();

        /** How many recent calls the circuit looks at (and needs before it can open). */
        @WithName("circuit-minimum-calls")
        @WithDefault("20")
        int circuitMinimumCalls();

        /** How long an open circuit stays open before it lets a few calls through again. */
        @WithName("circuit-open-seconds")
        @WithDefault("60")
        int circuitOpenSeconds();

        /** TCP connect timeout of every vendor call (ms). */
        @WithName("connect-timeout-ms")
        @WithDefault("5000")
        long connectTimeoutMs();

        /** How long (ms) a vendor may take to answer a call. */
        @WithName("response-timeout-ms")
        @WithDefault("30000")
        long responseTimeoutMs();

        /** File that remembers which input files were processed, across restarts. */
        @WithName("processed-files-store")
        @WithDefault("data/processed-files.dat")
        Path processedFilesStore();
    }

    interface Sandbox {
        /** Start the embedded SFTP server and vendor simulators in this process (sandbox profile). */
        @WithDefault("false")
        boolean enabled();

        @WithName("sftp-port")
        @WithDefault("2222")
        int sftpPort();

        /** Simulators that answer 503 to everything (to see retries, dead letters and replay at work). */
        @WithName("unavailable-vendors")
        Optional<List<String>> unavailableVendors();

        /** Drop the sample export into the inbox when the sandbox starts. */
        @WithName("seed-sample-export")
        @WithDefault("true")
        boolean seedSampleExport();

        /** Where the sandbox keeps the SFTP server's files and keys. */
        @WithDefault("target/sandbox")
        Path dir();
    }

    /** Names used in {@code hrsync.hris.columns}. */
    List<String> CANONICAL_FIELDS = List.of("employee_id", "email", "first_name", "last_name", "department", "title",
            "manager_email", "location", "start_date", "end_date", "status");
}
