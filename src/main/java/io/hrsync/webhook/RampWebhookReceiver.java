package io.hrsync.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.connector.ramp.RampConfig;

/**
 * Receives one Ramp webhook (routes/ramp-webhooks.camel.yaml) and answers it without waiting for any
 * vendor: a body over {@code hrsync.webhooks.ramp.max-body-bytes} → 413; a missing or wrong signature
 * (hex HMAC-SHA256 of the raw body with the subscription secret, header
 * {@code X-Ramp-Webhook-Signature} or {@code X-Ramp-Signature}, compared in constant time; the previous
 * secrets too during a rotation) → 401; not JSON, or no {@code id} or {@code type} → 400. An accepted
 * event is stored in the state store before the 200 ({@link WebhookEvents}); the same event id again
 * is answered 200 and not stored twice. Nothing of the body or the signature is logged.
 */
@ApplicationScoped
@Named("rampWebhookReceiver")
public class RampWebhookReceiver {

    private static final Logger LOG = Logger.getLogger(RampWebhookReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SIGNATURE_HEADERS = List.of("X-Ramp-Webhook-Signature", "X-Ramp-Signature");

    private final WebhookEvents events;
    private final int maxBodyBytes;
    private final List<byte[]> secrets = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    private final io.hrsync.ops.HrsyncMetrics metrics;

    public RampWebhookReceiver(WebhookEvents events, HrsyncConfig config, RampConfig ramp, io.hrsync.ops.HrsyncMetrics metrics) {
        this.metrics = metrics;
        this.events = events;
        this.maxBodyBytes = config.webhooks().ramp().maxBodyBytes();
        ramp.webhookSecret().filter(s -> !s.isBlank()).ifPresent(s -> secrets.add(s.getBytes(StandardCharsets.UTF_8)));
        ramp.previousWebhookSecret().orElse(List.of()).stream().filter(s -> !s.isBlank())
                .forEach(s -> secrets.add(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads the posted event and sets the answer: status code and a short JSON body. */
    public void receive(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            answer(message, 413, "too-large", "body of " + body.length + " bytes, more than hrsync.webhooks.ramp.max-body-bytes="
                    + maxBodyBytes);
            return;
        }
        if (!signedByRamp(body, signature(message))) {
            answer(message, 401, "unauthenticated", "missing or wrong signature");
            return;
        }
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (java.io.IOException notJson) {
            answer(message, 400, "malformed", "the body is not JSON");
            return;
        }
        if (event == null || !event.path("id").isTextual() || event.path("id").asText().isBlank()
                || !event.path("type").isTextual() || event.path("type").asText().isBlank()) {
            answer(message, 400, "malformed", "an event needs a textual id and type");
            return;
        }
        String id = event.path("id").asText();
        String type = event.path("type").asText();
        String objectId = event.path("object").path("id").isValueNode() ? event.path("object").path("id").asText() : null;
        boolean stored;
        try {
            stored = events.accept(id, type, objectId, new String(body, StandardCharsets.UTF_8));
        } catch (WebhookEvents.WebhookStoreException storeDown) {
            // not acknowledged: Ramp retries a 5xx, and a retry of an event stored after all is a duplicate
            message.setHeader("Retry-After", "5");
            answer(message, 503, "store-unavailable", "the state store did not take the event: " + storeDown.getMessage());
            return;
        }
        if (stored) {
            answer(message, 200, "accepted", null);
            // DEBUG: at hundreds of events a second a line each showed in the acknowledgement's p99
            // (bench/webhook-ack.sh); the relay logs what it does with each event
            LOG.debugf("Ramp webhook %s (%s) accepted", printable(id), printable(type));
        } else {
            answer(message, 200, "duplicate", null);
            LOG.debugf("Ramp webhook %s (%s) already received: acknowledged again, not processed again", printable(id),
                    printable(type));
        }
    }

    /** How many events got each answer since startup (accepted, duplicate, unauthenticated, too-large, malformed). */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    private void answer(Message message, int status, String outcome, String why) {
        counts.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
        metrics.webhook(outcome, status);
        if (status >= 400) {
            LOG.warnf("Ramp webhook refused with %d: %s", status, why);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody("{\"status\":\"" + outcome + "\"}");
    }

    private static String signature(Message message) {
        for (String header : SIGNATURE_HEADERS) {
            String value = message.getHeader(header, String.class); // Camel's headers ignore case
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** Whether the hex signature is the HMAC-SHA256 of the body with one of the secrets (constant-time comparison). */
    boolean signedByRamp(byte[] body, String signature) {
        if (signature == null || secrets.isEmpty()) {
            return false;
        }
        byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (byte[] secret : secrets) {
            byte[] expected = HexFormat.of().formatHex(hmac(secret, body)).getBytes(StandardCharsets.US_ASCII);
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return shown.replaceAll("[\\p{Cntrl}]", "?");
    }
}
