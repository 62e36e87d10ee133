package io.hrsync.webhook;

import java.util.HashMap;
import java.util.Map;

/** The webhook endpoint served and its stored events relayed at once (polled every 200 ms). */
public class WebhookRelayProfile extends WebhookProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("hrsync.webhooks.ramp.relay-poll-ms", "200");
        return overrides;
    }
}
