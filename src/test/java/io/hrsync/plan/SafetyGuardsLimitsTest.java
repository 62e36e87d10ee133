package io.hrsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.FileInspection;
import io.hrsync.hris.KeyHashes;
import io.hrsync.state.AcceptedFile;
import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.run.VendorAction;

/** The threshold arithmetic with the shipped defaults: 5 % of managed accounts or 25, the smaller. */
class SafetyGuardsLimitsTest {

    static HrsyncConfig.Limit limit(Integer percent, Integer count) {
        return new HrsyncConfig.Limit() {
            public OptionalInt maxPercent() {
                return percent == null ? OptionalInt.empty() : OptionalInt.of(percent);
            }

            public OptionalInt maxCount() {
                return count == null ? OptionalInt.empty() : OptionalInt.of(count);
            }
        };
    }

    static SafetyGuards guards(Map<String, HrsyncConfig.Limit> limits, Map<String, HrsyncConfig.VendorGuards> vendors) {
        return new SafetyGuards(new HrsyncConfig.Guards() {
            public boolean headerDrift() {
                return true;
            }

            public int maxRowDropPercent() {
                return 20;
            }

            public int firstRunMaxLeaverPercent() {
                return 5;
            }

            public Optional<List<String>> protectedAccounts() {
                return Optional.of(List.of("Admin@Example.com", "E0001"));
            }

            public Map<String, HrsyncConfig.Limit> limits() {
                return limits;
            }

            public Map<String, HrsyncConfig.VendorGuards> vendors() {
                return vendors;
            }
        });
    }

    final SafetyGuards defaults = guards(Map.of("deactivate", limit(5, 25)), Map.of());

    long allowed(SafetyGuards g, String vendor, long managed) {
        for (long n = 0; n < 10_000; n++) {
            if (!g.thresholdViolations(vendor, Map.of(VendorAction.DEACTIVATE, n + 1), SafetyGuards.Base.managed(managed)).isEmpty()) {
                return n;
            }
        }
        return Long.MAX_VALUE;
    }

    @Test
    void theSmallerOfFivePercentAndTwentyFiveApplies() {
        assertEquals(25, allowed(defaults, "ramp", 10_000), "25 is smaller than 5 % of 10,000");
        assertEquals(25, allowed(defaults, "ramp", 500), "5 % of 500 is 25");
        assertEquals(5, allowed(defaults, "ramp", 100), "5 % of 100 is smaller than 25");
        assertEquals(0, allowed(defaults, "ramp", 10), "5 % of 10 is less than one account");
        assertTrue(defaults.thresholdViolations("ramp", Map.of(VendorAction.CREATE, 1000L), SafetyGuards.Base.managed(10)).isEmpty(),
                "no limit on creates unless configured");
    }

    @Test
    void aVendorOverrideReplacesTheGlobalLimitAndUnknownOperationsAreRefused() {
        SafetyGuards g = guards(Map.of("deactivate", limit(5, 25)), Map.of("workiva", () -> Map.of("deactivate", limit(null, 2))));
        assertEquals(2, allowed(g, "workiva", 10));
        assertEquals(0, allowed(g, "ramp", 10));
        String message = g.thresholdViolations("workiva", Map.of(VendorAction.DEACTIVATE, 3L), SafetyGuards.Base.managed(10)).get(0);
        assertTrue(message.contains("hrsync.guards.vendors.workiva.limits.deactivate"), message);
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> guards(Map.of("deactivte", limit(5, 25)), Map.of()));
        assertTrue(typo.getMessage().contains("hrsync.guards.limits.deactivte: unknown operation"), typo.getMessage());
    }

    @Test
    void withNothingManagedYetThePeopleInScopeAreTheBase() {
        SafetyGuards.Base firstRun = SafetyGuards.Base.of(0, 120);
        assertEquals(120, firstRun.accounts());
        List<String> all = defaults.thresholdViolations("ramp", Map.of(VendorAction.DEACTIVATE, 118L), firstRun);
        assertEquals(1, all.size(), all.toString());
        assertTrue(all.get(0).contains("118 deactivate operations planned in ramp, more than 6 allowed (5 % of 120 people "
                + "in the file (nothing managed there yet) or 25"), all.get(0));
        assertTrue(defaults.thresholdViolations("ramp", Map.of(VendorAction.DEACTIVATE, 6L), firstRun).isEmpty(),
                "5 % of 120 is 6");
        assertEquals(40, SafetyGuards.Base.of(40, 120).accounts(), "once accounts are managed, they are the base");
    }

    @Test
    void aFirstRunWithMoreLeaversThanTheLimitNeedsApproval() {
        FileInspection file = new FileInspection(List.of("employee_id"), 120, Map.of(), Map.of(), new KeyHashes(), new KeyHashes());
        List<String> all = defaults.sourceViolations(file, Optional.empty(), 120, 120);
        assertEquals(1, all.size(), all.toString());
        assertTrue(all.get(0).startsWith("source guard: first run (no file accepted yet"), all.get(0));
        assertTrue(all.get(0).contains("120 of 120 people in the file are leavers (100 %, more than "
                + "hrsync.guards.first-run-max-leaver-percent=5)"), all.get(0));
        assertTrue(defaults.sourceViolations(file, Optional.empty(), 6, 120).isEmpty(), "5 % of 120 is allowed");
        assertEquals(1, defaults.sourceViolations(file, Optional.empty(), 7, 120).size(), "7 of 120 is 5.8 %");
        AcceptedFile before = new AcceptedFile("r1", "before.csv", "sha", List.of("employee_id"), 120);
        assertTrue(defaults.sourceViolations(file, Optional.of(before), 120, 120).isEmpty(),
                "after a first accepted file the thresholds judge leavers, not the first-run guard");
    }

    @Test
    void protectedAccountsMatchEmailOrEmployeeIdIgnoringCase() {
        assertTrue(defaults.isProtected(person("X1", "ADMIN@example.com")));
        assertTrue(defaults.isProtected(person("e0001", "someone@example.com")));
        assertFalse(defaults.isProtected(person("E2", "admin2@example.com")));
    }

    static Person person(String id, String email) {
        return new Person(id, email, "A", "B", null, null, null, null, null, null, PersonStatus.TERMINATED);
    }
}
