package io.hrsync.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import io.hrsync.queue.RunItems;
import io.hrsync.queue.WorkQueue;
import io.hrsync.queue.WorkStatus;
import io.hrsync.run.RunLedger;
import io.hrsync.connector.VendorRegistry;

/**
 * Progress of the runs this process delivers, one INFO line per vendor with work, called by the
 * {@code run-progress} timer route every {@code hrsync.progress.interval-seconds}: done / total from the
 * work queue (one grouped count per run and vendor), the rate since the previous line, and the ETA.
 */
@ApplicationScoped
@Named("runProgress")
public class RunProgress {

    private static final Logger LOG = Logger.getLogger(RunProgress.class);

    private final RunItems runs;
    private final WorkQueue queue;
    private final VendorRegistry vendors;
    private final RunLedger ledger;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Sample> previous = new ConcurrentHashMap<>();

    private record Sample(Instant at, long done) {
    }

    public RunProgress(RunItems runs, WorkQueue queue, VendorRegistry vendors, RunLedger ledger) {
        this.runs = runs;
        this.queue = queue;
        this.vendors = vendors;
        this.ledger = ledger;
    }

    /** Logs one line per vendor with work in each run being delivered; returns them (for tests). */
    public List<VendorProgress> report() {
        List<VendorProgress> lines = new ArrayList<>();
        Instant now = clock.instant();
        previous.keySet().removeIf(key -> !runs.runs().contains(key.substring(0, key.indexOf('|'))));
        for (String runId : runs.runs()) {
            Instant started = ledger.startedAt(runId).orElse(now);
            for (String vendor : vendors.enabledNames()) {
                Map<WorkStatus, Long> counts = queue.counts(runId, vendor);
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                if (total == 0) {
                    continue;
                }
                long done = counts.get(WorkStatus.DONE) + counts.get(WorkStatus.DEAD);
                Sample before = previous.getOrDefault(runId + "|" + vendor, new Sample(started, 0));
                VendorProgress progress = VendorProgress.of(runId, vendor, done, total, before.done(), Duration.between(before.at(), now));
                previous.put(runId + "|" + vendor, new Sample(now, done));
                LOG.info(progress.line());
                lines.add(progress);
            }
        }
        return lines;
    }
}
