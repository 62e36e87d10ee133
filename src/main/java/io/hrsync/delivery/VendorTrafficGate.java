package io.hrsync.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

/**
 * Admits a vendor's calls so that no rolling window of {@code periodMs} ever holds more than
 * {@code limit} calls, and holds all of a vendor's traffic while it is penalised (after a 429).
 *
 * <p>Why not Camel's throttle EIP: its TotalRequests mode refills a fixed quota per period, so a
 * burst at the end of one period and another at the start of the next put up to twice the limit
 * into one rolling window (and CAMEL-24926/CAMEL-25300 let even more through). The vendors count
 * rolling windows (Ramp: 200 per rolling 10 s) and punish excess, so the gate keeps a log of the
 * last {@code limit} call times per vendor: memory is bounded by the limit. One gate per vendor
 * credential, shared by every route of the process.
 */
@ApplicationScoped
@Named("vendorTrafficGate")
public class VendorTrafficGate {

    private static final Logger LOG = Logger.getLogger(VendorTrafficGate.class);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Blocks until one more call to the vendor fits in the rolling window and no penalty is running. */
    public void acquire(String vendor, int limit, long periodMs) throws InterruptedException {
        windows.computeIfAbsent(vendor, v -> new Window()).acquire(limit, periodMs);
    }

    /** Holds every call to the vendor for this long (from now). */
    public void pause(String vendor, long millis) {
        windows.computeIfAbsent(vendor, v -> new Window()).pause(millis);
        LOG.warnf("%s: all calls paused for %d ms", vendor, millis);
    }

    /**
     * The times (epoch ms) of the calls this process made to the vendor that still count in its
     * window, oldest first, and until when its calls are paused (0: not paused): what another process
     * taking the vendor's drain over must count as its own ({@link #seed}).
     */
    public Recent recent(String vendor, long periodMs) {
        return windows.computeIfAbsent(vendor, v -> new Window()).recent(periodMs);
    }

    /** When this process last called the vendor (epoch ms; 0: never). */
    public long lastCallAt(String vendor) {
        return windows.computeIfAbsent(vendor, v -> new Window()).lastCallAt();
    }

    /** Counts another process's recent calls to the vendor (and its pause) as if this process had made them. */
    public void seed(String vendor, Recent recent) {
        windows.computeIfAbsent(vendor, v -> new Window()).seed(recent);
    }

    /** A vendor's recent calls and pause, as handed from one process to the next. */
    public record Recent(long[] callTimes, long pausedUntil) {

        /** {@code pausedUntil;time,time,…} */
        public String encode() {
            StringBuilder text = new StringBuilder().append(pausedUntil).append(';');
            for (int i = 0; i < callTimes.length; i++) {
                text.append(i == 0 ? "" : ",").append(callTimes[i]);
            }
            return text.toString();
        }

        public static Recent decode(String text) {
            int semicolon = text.indexOf(';');
            String calls = text.substring(semicolon + 1);
            long[] times = calls.isEmpty() ? new long[0]
                    : java.util.Arrays.stream(calls.split(",")).mapToLong(Long::parseLong).toArray();
            return new Recent(times, Long.parseLong(text.substring(0, semicolon)));
        }
    }

    private static final class Window {
        private final Deque<Long> calls = new ArrayDeque<>();
        private long pausedUntil;

        synchronized void acquire(int limit, long period) throws InterruptedException {
            // a call is counted by the vendor when it arrives, a little after it is admitted here:
            // the window is widened by 5 % (at least 100 ms) so that skew never adds a call to a window
            long periodMs = period + Math.max(100, period / 20);
            while (true) {
                long now = System.currentTimeMillis();
                while (!calls.isEmpty() && now - calls.peekFirst() >= periodMs) {
                    calls.pollFirst();
                }
                long wait = 0;
                if (now < pausedUntil) {
                    wait = pausedUntil - now;
                } else if (calls.size() >= limit) {
                    wait = calls.peekFirst() + periodMs - now;
                }
                if (wait <= 0) {
                    calls.addLast(now);
                    return;
                }
                wait(wait);
            }
        }

        synchronized long lastCallAt() {
            return calls.isEmpty() ? 0 : calls.peekLast();
        }

        synchronized Recent recent(long period) {
            long periodMs = period + Math.max(100, period / 20);
            long now = System.currentTimeMillis();
            return new Recent(calls.stream().mapToLong(Long::longValue).filter(t -> now - t < periodMs).toArray(),
                    pausedUntil > now ? pausedUntil : 0);
        }

        synchronized void seed(Recent recent) {
            java.util.List<Long> merged = new java.util.ArrayList<>(calls);
            for (long t : recent.callTimes()) {
                merged.add(t);
            }
            java.util.Collections.sort(merged);
            calls.clear();
            calls.addAll(merged);
            pausedUntil = Math.max(pausedUntil, recent.pausedUntil());
            notifyAll();
        }

        synchronized void pause(long millis) {
            pausedUntil = Math.max(pausedUntil, System.currentTimeMillis() + millis);
            notifyAll();
        }
    }
}
