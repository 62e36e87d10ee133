package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.sandbox.WorkRampSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A 429 with Retry-After is retried after that wait (not the 20 ms test backoff), and a huge
 * Retry-After is capped (hrsync.delivery.max-retry-after-ms = 1500 in the test profile), so the run
 * never looks hung; the call then succeeds and nothing is lost.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RetryAfterTest {

    @Test
    void retryAfterIsHonouredAndCapped() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        WorkRampSimulator workramp = sandbox.workramp();

        workramp.failNext(1, 429, 1);
        RunResults first = RunResults.process(sandbox, "retry-after-1.csv", RunResultsFixtures.HEADER
                + "RA1,retry.after@example.com,Retry,After,,,,,,,active\n");
        assertEquals("APPLIED", first.action("retry.after@example.com", "workramp").get("outcome"));
        assertTrue(gapAfter429(workramp.requests()) >= 950, "retried after " + gapAfter429(workramp.requests()) + " ms");

        SandboxTestResource.resetVendorsAndState();
        workramp.failNext(1, 429, 3600);
        long started = System.currentTimeMillis();
        RunResults second = RunResults.process(sandbox, "retry-after-2.csv", RunResultsFixtures.HEADER
                + "RA2,retry.capped@example.com,Retry,Capped,,,,,,,active\n");
        assertEquals("APPLIED", second.action("retry.capped@example.com", "workramp").get("outcome"));
        long gap = gapAfter429(workramp.requests());
        assertTrue(gap >= 1400 && gap < 5000, "a Retry-After of an hour waited " + gap + " ms");
        assertTrue(System.currentTimeMillis() - started < 30_000);
    }

    /** Time between the 429 and the next call. */
    static long gapAfter429(List<RecordedRequest> requests) {
        for (int i = 0; i < requests.size() - 1; i++) {
            if (requests.get(i).status() == 429) {
                return requests.get(i + 1).atMillis() - requests.get(i).atMillis();
            }
        }
        throw new AssertionError("no 429 in " + requests);
    }
}
