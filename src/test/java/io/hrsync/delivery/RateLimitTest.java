package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.WorkRampSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The per-vendor throttle keeps hrsync under the vendor's limit: the WorkRamp simulator enforces 40
 * calls per rolling second (429 beyond), hrsync is configured for 40 per second (test profile), and
 * a run of 60 joiners (about 150 calls) must never see a 429 nor exceed 40 calls in any 1 s window.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RateLimitTest {

    @Test
    void workRampCallsStayUnderTheConfiguredLimit() {
        Sandbox sandbox = SandboxTestResource.sandbox();
        SandboxTestResource.resetVendorsAndState();
        WorkRampSimulator workramp = sandbox.workramp();
        workramp.rateLimit(40, 1000, 0);
        RunResults run = RunResults.process(sandbox, "rate-limit.csv", RunResultsFixtures.people("Rate", 60, "Engineering"));

        assertEquals(60, run.count("workramp", "CREATE", "APPLIED"), run.actions.toString());
        assertEquals(0, workramp.rateLimitedCount(), "WorkRamp answered 429");
        int peak = workramp.maxRequestsInAnyWindow(1000);
        assertTrue(peak <= 40, "peak of " + peak + " calls in one second");
        assertTrue(workramp.requests().size() > 120, "too few calls to exercise the limit: " + workramp.requests().size());
    }
}
