package io.hrsync.webhook;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The Ramp webhook endpoint served, with a current and two previous subscription secrets; the relay idle. */
public class WebhookProfile implements QuarkusTestProfile {

    public static final String SECRET = "whsec-current-5f1c2a";
    public static final String PREVIOUS = "whsec-previous-93b0de";
    public static final String OLDER = "whsec-older-4417aa";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hrsync.webhooks.ramp.enabled", "true",
                "hrsync.webhooks.ramp.relay-poll-ms", "3600000", // receipt only: nothing relayed during the test
                "hrsync.webhooks.ramp.max-body-bytes", "4096",
                "hrsync.vendors.ramp.webhook-secret", SECRET,
                "hrsync.vendors.ramp.previous-webhook-secret", PREVIOUS + "," + OLDER);
    }
}
