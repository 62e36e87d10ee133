package io.hrsync.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.run.ActionRecord;
import io.hrsync.run.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * hrsync's own meters (Prometheus at /q/metrics on the management port), recorded where each fact is
 * already known: the ledger (rows, outcomes, runs), the vendor HTTP route (calls, status, latency),
 * the retry decisions and the webhook receiver. Tags are low-cardinality only: vendor, change,
 * action, outcome, HTTP status, kind; never a person's email or employee id.
 */
@ApplicationScoped
public class HrsyncMetrics {

    /** Latency buckets of vendor calls (a fixed few, not Micrometer's ~70 percentile buckets per vendor and status). */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final AtomicLong lastRunDurationMillis = new AtomicLong();

    public HrsyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("hrsync.run.last.success.timestamp.seconds", lastSuccessEpochSeconds, AtomicLong::get)
                .description("When the last run that completed (with or without failed actions) finished, seconds since the epoch")
                .register(registry);
        Gauge.builder("hrsync.run.last.duration.seconds", lastRunDurationMillis, a -> a.get() / 1000.0)
                .description("How long the last finished run took").register(registry);
    }

    /** One row of an export as the planning pass read it. */
    public void row(boolean valid) {
        Counter.builder(valid ? "hrsync.rows.read" : "hrsync.rows.rejected")
                .description(valid ? "Valid rows read from HRIS exports" : "Rows rejected (rejected.csv)")
                .register(registry).increment();
    }

    /** One person×vendor outcome, as counted for summary.json and written to actions.csv. */
    public void outcome(ActionRecord record) {
        Counter.builder("hrsync.outcomes").description("Outcomes per person and vendor (actions.csv)")
                .tag("vendor", record.vendor())
                .tag("change", record.change() == null || record.change().isBlank() ? "NONE" : record.change())
                .tag("action", String.valueOf(record.action()))
                .tag("outcome", String.valueOf(record.outcome()))
                .register(registry).increment();
    }

    /** One HTTP call to a vendor and how long it took; {@code status} is null when no answer came. */
    public void vendorCall(String vendor, Integer status, Duration took) {
        Timer.builder("hrsync.vendor.http.calls").description("HTTP calls to vendors by answer status (none: no answer)")
                .tag("vendor", vendor).tag("status", status == null ? "none" : String.valueOf(status))
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(took);
        if (status != null && status == 429) {
            Counter.builder("hrsync.vendor.rate.limited").description("429 answers (rate limited) by vendor")
                    .tag("vendor", vendor).register(registry).increment();
        }
    }

    /** A failed vendor call retried: {@code inline} (at once, with backoff) or {@code queued} (the item back in the queue). */
    public void retry(String vendor, String kind) {
        Counter.builder("hrsync.vendor.retries").description("Retries of failed vendor calls")
                .tag("vendor", vendor == null ? "unknown" : vendor).tag("kind", kind).register(registry).increment();
    }

    /** A webhook event answered: accepted or refused, with the answer's outcome. */
    public void webhook(String outcome, int status) {
        Counter.builder("hrsync.webhooks").description("Ramp webhook events by answer")
                .tag("result", status < 400 ? "accepted" : "refused").tag("outcome", outcome)
                .register(registry).increment();
    }

    /** A run ended. */
    public void runFinished(RunStatus status, Instant startedAt, Instant finishedAt) {
        Counter.builder("hrsync.runs").description("Finished runs by status").tag("status", status.name())
                .register(registry).increment();
        lastRunDurationMillis.set(Duration.between(startedAt, finishedAt).toMillis());
        if (status == RunStatus.COMPLETED || status == RunStatus.COMPLETED_WITH_FAILURES) {
            lastSuccessEpochSeconds.set(finishedAt.getEpochSecond());
        }
    }
}
