package io.hrsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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

    /** Readiness checks served on the management port (/q/health/ready). */
    Health health();

    /** Progress lines during a run. */
    Progress progress();

    interface Health {
        /**
         * How long a readiness result of the SFTP server and of each vendor's auth check is reused
         * before that dependency is checked again: at most one vendor call per interval, however often
         * the probe asks.
         */
        @WithName("cache-seconds")
        @WithDefault("60")
        int cacheSeconds();

        /** Connect and banner timeout of the SFTP reachability check. */
        @WithName("sftp-timeout-ms")
        @WithDefault("5000")
        int sftpTimeoutMs();
    }

    interface Progress {
        /** Seconds between progress lines (one per vendor with work) during a run. */
        @WithName("interval-seconds")
        @WithDefault("30")
        int intervalSeconds();
    }

    /** The ops-editable provisioning rules (scope, roles, groups, courses, custom attributes per vendor). */
    @WithName("rules-file")
    @WithDefault("config/provisioning-rules.yaml")
    Path rulesFile();

    /**
     * {@code apply} (default): provision the vendors. {@code plan}: a dry run that reads (for
     * enrichment) but never writes to a vendor, and writes the plan as the run's result files.
     */
    @WithDefault("apply")
    Mode mode();

    State state();

    Plan plan();

    Guards guards();

    Drift drift();

    /** drift.csv: vendor directories compared with HRIS and the state store, each run. */
    interface Drift {
        /** Read every enabled vendor's directory (paged reads, no writes) to report orphans and hand-made changes. */
        @WithDefault("true")
        boolean enabled();
    }

    enum Mode {
        apply,
        plan
    }

    /** The state store: what hrsync last applied per person and per vendor. */
    interface State {
        /**
         * Local state directory: the embedded H2 database (unless PostgreSQL is configured through
         * {@code quarkus.datasource.postgresql.*}) and the stored inputs of plans awaiting approval.
         */
        @WithDefault("data/state")
        Path dir();
    }

    /** Change detection and plans. */
    interface Plan {
        /**
         * The approval command: apply this plan id (a plan a guard stopped, or a plan-mode run) from
         * its stored input, then exit (with run-once). Refused if the input or the state changed since.
         */
        Optional<String> approve();

        /** Joiners are provisioned this many days before their start_date (0: on the day). */
        @WithName("join-lead-days")
        @WithDefault("0")
        int joinLeadDays();

        /**
         * Deactivate people who are no longer in the file at all. Off by default: a person simply
         * missing is reported in drift.csv, never deactivated (only status or end_date make a leaver).
         */
        @WithName("deactivate-missing")
        @WithDefault("false")
        boolean deactivateMissing();
    }

    /** Safety guards, checked before any vendor write; a tripped guard aborts the run with nothing written. */
    interface Guards {
        /** Abort when the header differs from the last accepted file's (columns added, removed or reordered). */
        @WithName("header-drift")
        @WithDefault("true")
        boolean headerDrift();

        /** Abort when the file has more than this % fewer rows than the last accepted file (100: off). */
        @WithName("max-row-drop-percent")
        @WithDefault("20")
        int maxRowDropPercent();

        /**
         * First run (no file accepted yet): abort when more than this % of the file's people are
         * leavers (terminated or past their end_date); 100: off.
         */
        @WithName("first-run-max-leaver-percent")
        @WithDefault("5")
        int firstRunMaxLeaverPercent();

        /** Accounts never deactivated (break-glass admins): emails or employee ids. */
        @WithName("protected-accounts")
        Optional<List<String>> protectedAccounts();

        /**
         * Per operation ({@code create}, {@code update}, {@code deactivate}, {@code reactivate}): the
         * most a run may do in one vendor, as a % of that vendor's managed accounts and as a count;
         * the smaller applies. Deactivations default to 5 % / 25.
         */
        Map<String, Limit> limits();

        /** Per-vendor overrides of {@link #limits()}: {@code hrsync.guards.vendors.<vendor>.limits.<operation>.*}. */
        Map<String, VendorGuards> vendors();
    }

    interface VendorGuards {
        Map<String, Limit> limits();
    }

    interface Limit {
        @WithName("max-percent")
        OptionalInt maxPercent();

        @WithName("max-count")
        OptionalInt maxCount();
    }

    Hris hris();

    Results results();

    Delivery delivery();

    Shutdown shutdown();

    Report report();

    Sandbox sandbox();

    Replay replay();

    Webhooks webhooks();

    Cluster cluster();

    /**
     * Leader election for scale-out (k8s/): every replica serves webhooks; only the leader runs the
     * routes named in {@code leader-routes} (the inbox poll, the vendor drains, the webhook relay), so
     * vendor rate limits stay global. Off by default: outside a cluster every route starts as before.
     * Ignored in run-once mode (a run that never became leader would never end).
     */
    interface Cluster {
        @WithDefault("false")
        boolean enabled();

        /** {@code kubernetes}: a coordination.k8s.io Lease; {@code file}: a lock file under {@code file-root} (one host). */
        @WithDefault("kubernetes")
        ClusterKind kind();

        /** The Camel cluster view the leader routes share (the Lease's group). */
        @WithDefault("hrsync")
        String view();

        /** Route ids (Camel patterns: {@code *} wildcard) run by the leader only. */
        @WithName("leader-routes")
        @WithDefault("hris-sftp-poll,hris-local-poll,vendor-*-drain,ramp-webhook-relay")
        List<String> leaderRoutes();

        /** kind=file: the directory holding the lock file (shared by the processes on one host). */
        @WithName("file-root")
        @WithDefault("data/cluster")
        Path fileRoot();

        /**
         * kind=file: how often (ms) a process tries to take the lock file (Camel's FileLockClusterService
         * {@code acquireLockInterval}): after the leader dies, another process leads within this long.
         */
        @WithName("file-lock-interval-ms")
        @WithDefault("10000")
        long fileLockIntervalMs();

        ClusterKubernetes kubernetes();
    }

    enum ClusterKind {
        kubernetes,
        file
    }

    interface ClusterKubernetes {
        /** The namespace of the Lease and the pods (the manifests pass metadata.namespace). */
        Optional<String> namespace();

        /** This pod's name (the manifests pass metadata.name; default: the HOSTNAME). */
        @WithName("pod-name")
        Optional<String> podName();

        /** Labels (name=value) of the pods taking part: a leader whose pod is gone is replaced. */
        @WithName("pod-labels")
        @WithDefault("app.kubernetes.io/name=hrsync,app.kubernetes.io/component=service")
        List<String> podLabels();

        /** How long a Lease holds without renewal before another replica takes over. */
        @WithName("lease-duration-ms")
        @WithDefault("15000")
        long leaseDurationMs();

        @WithName("renew-deadline-ms")
        @WithDefault("10000")
        long renewDeadlineMs();

        @WithName("retry-period-ms")
        @WithDefault("2000")
        long retryPeriodMs();
    }

    /** Webhook endpoints hrsync serves (routes/ramp-webhooks.camel.yaml). */
    interface Webhooks {
        WebhookEndpoint ramp();
    }

    interface WebhookEndpoint {
        /** Serve the endpoint (Quarkus' HTTP listener is on only then: quarkus.http.host-enabled). */
        @WithDefault("false")
        boolean enabled();

        /** The path events are posted to. */
        @WithDefault("/webhooks/ramp")
        String path();

        /** A larger body is refused with 413 before anything else is read from it. */
        @WithName("max-body-bytes")
        @WithDefault("65536")
        int maxBodyBytes();

        /** Event types relayed as a join (the person provisioned in the other vendors as the HRIS has them). */
        @WithName("join-events")
        @WithDefault("user.created,users.invite_accepted")
        List<String> joinEvents();

        /** Event types relayed as a move (the other vendors brought up to the HRIS data at once). */
        @WithName("move-events")
        @WithDefault("user.updated")
        List<String> moveEvents();

        /** Event types relayed as a leave (the person deactivated in the other vendors). */
        @WithName("leave-events")
        @WithDefault("user.deactivated")
        List<String> leaveEvents();

        /**
         * The rolling window over which event deactivations are counted against the deactivation
         * thresholds (hrsync.guards.*): past them, an event's deactivations wait (HELD) for approval.
         */
        @WithName("burst-window-minutes")
        @WithDefault("60")
        long burstWindowMinutes();

        /** At startup, release the HELD events: relayed once, past the burst guard (the approval). */
        @WithName("release-held")
        @WithDefault("false")
        boolean releaseHeld();

        /** How often stored events are looked for by the relay, in milliseconds. */
        @WithName("relay-poll-ms")
        @WithDefault("1000")
        long relayPollMs();
    }

    /** Re-driving dead letters after a fix (see routes/dead-letter-replay.camel.yaml). */
    interface Replay {
        /** Replay the dead-letter store at startup (with run-once: replay, write results, exit). */
        @WithDefault("false")
        boolean enabled();

        /** Only this vendor's letters. */
        Optional<String> vendor();

        /** Only this person's letters. */
        Optional<String> email();

        /** Only this run's letters (the run id of the night that dead-lettered them). */
        Optional<String> run();

        /**
         * The id of a replay a safety guard stopped (its summary.json and log name it): approved, the
         * same replay goes ahead if re-planning still yields exactly that id.
         */
        Optional<String> approve();
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

        /**
         * An export larger than this (bytes) is rejected before it is read (2 GB; a 1,000,000-row
         * export is about 150 MB).
         */
        @WithName("max-file-bytes")
        @WithDefault("2147483648")
        long maxFileBytes();

        /**
         * A line (a record: several lines when a quoted field holds line breaks) longer than this many
         * characters rejects the file, checked as its bytes are read, before the CSV parser holds it.
         */
        @WithName("max-line-chars")
        @WithDefault("65536")
        int maxLineChars();

        /** A header or row with more columns than this rejects the file, checked as its bytes are read. */
        @WithName("max-columns")
        @WithDefault("500")
        int maxColumns();

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

    /** The run report page (/runs on the management port). */
    interface Report {
        /** How many of the newest runs the page lists. */
        @WithName("max-runs")
        @WithDefault("30")
        int maxRuns();
    }

    /** Stopping the process (SIGTERM, the end of a run-once). */
    interface Shutdown {
        /**
         * How long vendor calls in flight may take to finish once the process is told to stop; what
         * is not begun by then stays queued for the next process (Camel's graceful shutdown timeout:
         * camel.main.shutdown-timeout). Kubernetes kills a pod 30 s after SIGTERM by default.
         */
        @WithName("timeout-seconds")
        @WithDefault("20")
        int timeoutSeconds();
    }

    interface Delivery {
        /**
         * Where earlier versions wrote dead letters as JSON files: the next replay imports them into the
         * state store (dead letters are now work items there).
         */
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
         * answer); while open, the vendor's work items wait in the queue, untried, until it lets
         * trial calls through again (see circuit-hold-max-seconds).
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

        /**
         * How long a vendor's outage (its circuit open, counted from the first opening until it
         * closes again) may hold its work items. Past it, the items still waiting are dead-lettered
         * (replay them once the vendor is back), so a vendor that is down all night does not keep
         * the run from finishing.
         */
        @WithName("circuit-hold-max-seconds")
        @WithDefault("1800")
        int circuitHoldMaxSeconds();

        /** TCP connect timeout of every vendor call (ms). */
        @WithName("connect-timeout-ms")
        @WithDefault("5000")
        long connectTimeoutMs();

        /** How long (ms) a vendor may take to answer a call. */
        @WithName("response-timeout-ms")
        @WithDefault("30000")
        long responseTimeoutMs();

        /** How often (ms) a vendor's drain looks for work items that became ready. */
        @WithName("drain-poll-ms")
        @WithDefault("100")
        long drainPollMs();

        /**
         * How many items a vendor's drain claims ahead per delivery slot (concurrency), so its workers
         * never wait for the next poll.
         */
        @WithName("drain-prefetch")
        @WithDefault("10")
        int drainPrefetch();

        /**
         * How long a process holds a claimed work item before another may take it over (its process
         * is taken for dead). Longer than one item's slowest delivery, retries and Retry-After included.
         */
        @WithName("lease-seconds")
        @WithDefault("900")
        int leaseSeconds();

        /**
         * One process drains a vendor at a time, so processes sharing a state store never together
         * exceed its limit: how long (s) that process's lease holds without renewal (renewed every
         * third of it while it works; a process that died is taken over once it runs out).
         */
        @WithName("vendor-lease-seconds")
        @WithDefault("30")
        int vendorLeaseSeconds();

        /**
         * How long (s) a run's process may go without a heartbeat (beaten while it waits for the run's
         * items) before the run counts as interrupted and the next run resumes it. On the same host a
         * dead process is seen at once (its pid is gone).
         */
        @WithName("heartbeat-timeout-seconds")
        @WithDefault("60")
        int heartbeatTimeoutSeconds();

        /**
         * The largest answer (bytes) read from a vendor; a larger one fails that call (not retried),
         * its connection closed, so a runaway answer never fills memory. 16 MB: a page of 1,000 users
         * is well under 1 MB.
         */
        @WithName("max-answer-bytes")
        @WithDefault("16777216")
        long maxAnswerBytes();

        /**
         * The most pages any paged vendor list (a directory listing, reference data, custom attributes)
         * is followed for; a list that has not ended by then fails with an error naming the vendor and
         * the list. Raise it for a vendor whose users outnumber this × its page size.
         */
        @WithName("max-pages")
        @WithDefault("10000")
        int maxPages();

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
