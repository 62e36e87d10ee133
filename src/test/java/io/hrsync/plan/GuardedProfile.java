package io.hrsync.plan;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The safety guards as production has them (the rest of the suite relaxes them, since it feeds
 * unrelated exports through one state store): the first-run leaver share at 20 %, thresholds sized for a dozen people: at most
 * 30 % of a vendor's managed accounts (or 25) deactivated per run, Workiva at most 1, and one
 * protected break-glass account.
 */
public class GuardedProfile implements QuarkusTestProfile {

    public static final String BREAK_GLASS = "breakglass@jml.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hrsync.guards.header-drift", "true",
                "hrsync.guards.max-row-drop-percent", "20",
                "hrsync.guards.first-run-max-leaver-percent", "20",
                "hrsync.guards.limits.deactivate.max-percent", "30",
                "hrsync.guards.limits.deactivate.max-count", "25",
                "hrsync.guards.vendors.workiva.limits.deactivate.max-count", "1",
                "hrsync.guards.protected-accounts", BREAK_GLASS);
    }
}
