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
@Named("vendorTraffic")
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

        synchronized void pause(long millis) {
            pausedUntil = Math.max(pausedUntil, System.currentTimeMillis() + millis);
            notifyAll();
        }
    }
}
