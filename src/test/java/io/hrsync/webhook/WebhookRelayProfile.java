package io.hrsync.webhook;

import java.util.HashMap;
import java.util.Map;

/** The webhook endpoint served, its stored events relayed at once (polled every 200 ms), WorkRamp deactivations limited to 1. */
public class WebhookRelayProfile extends WebhookProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("hrsync.webhooks.ramp.relay-poll-ms", "200");
        // the burst guard: one WorkRamp deactivation by Ramp events in the window, the next waits
        overrides.put("hrsync.guards.vendors.workramp.limits.deactivate.max-count", "1");
        return overrides;
    }
}
