package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The gate hands its recent calls to the next process that drains the vendor, which counts them as its own. */
class VendorTrafficGateTest {

    @Test
    void callsHandedOverCountInTheNextProcesssWindow() throws Exception {
        VendorTrafficGate before = new VendorTrafficGate();
        before.acquire("ramp", 3, 1000);
        before.acquire("ramp", 3, 1000);
        before.acquire("ramp", 3, 1000);
        String handedOver = before.recent("ramp", 1000).encode();

        VendorTrafficGate next = new VendorTrafficGate();
        next.seed("ramp", VendorTrafficGate.Recent.decode(handedOver));
        long start = System.nanoTime();
        next.acquire("ramp", 3, 1000);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 900, "the window was full with the other process's three calls; waited " + waitedMs + " ms");
    }

    @Test
    void aPauseIsHandedOverAndTheEncodingRoundTrips() {
        VendorTrafficGate gate = new VendorTrafficGate();
        gate.pause("ramp", 60_000);
        VendorTrafficGate.Recent recent = gate.recent("ramp", 10_000);
        assertTrue(recent.pausedUntil() > System.currentTimeMillis() + 50_000);
        VendorTrafficGate.Recent decoded = VendorTrafficGate.Recent.decode(recent.encode());
        assertEquals(recent.pausedUntil(), decoded.pausedUntil());
        assertArrayEquals(new long[0], decoded.callTimes());
        assertArrayEquals(new long[] {5, 7}, VendorTrafficGate.Recent.decode("0;5,7").callTimes());
    }
}
