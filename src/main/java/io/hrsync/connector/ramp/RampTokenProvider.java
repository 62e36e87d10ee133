package io.hrsync.connector.ramp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.run.ExchangeKeys;
import io.hrsync.connector.TokenLifetime;
import io.hrsync.connector.VendorRejectedException;

/**
 * Ramp's OAuth2 client-credentials token: fetched through the {@code ramp-token} route (HTTP Basic
 * client credentials, form body), kept in memory only, renewed shortly before {@code expires_in} runs
 * out, and renewed once when Ramp answers 401. The token is never logged, never put in an exchange
 * property and never part of an exception message; the Authorization header is removed right after
 * each call.
 */
@ApplicationScoped
@Named("rampTokenProvider")
public class RampTokenProvider {

    /** Which token (by generation number, never the token itself) authorised the call. */
    static final String GENERATION = "rampTokenGeneration";
    static final String TOKEN_ROUTE = "direct:ramp-token";
    /** When Ramp's answer has no expires_in, the token is renewed after this long. */
    private static final long UNKNOWN_LIFETIME_MS = 300_000;

    private static final Logger LOG = Logger.getLogger(RampTokenProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RampConfig config;
    private final ProducerTemplate template;
    private Token token;
    private long generation;

    /** The value stays inside this class; toString never shows it. */
    private record Token(String value, long renewAt, long generation) {
        @Override
        public String toString() {
            return "RampToken[generation " + generation + "]";
        }
    }

    public RampTokenProvider(RampConfig config, ProducerTemplate template) {
        this.config = config;
        this.template = template;
    }

    /** Authorises a Ramp call with the current token (fetching one when none is valid). */
    public void apply(Exchange exchange) {
        Token current = current();
        exchange.getMessage().setHeader("Authorization", "Bearer " + current.value());
        exchange.setProperty(GENERATION, current.generation());
    }

    /**
     * Ramp refused the token (401): it is dropped — once, even when several calls saw it refused —
     * and the call is authorised again with a new one.
     */
    public void renew(Exchange exchange) {
        Long used = exchange.getProperty(GENERATION, Long.class);
        synchronized (this) {
            if (token != null && used != null && token.generation() == used) {
                token = null;
            }
        }
        LOG.infof("Ramp refused the access token (HTTP 401, x-trace-id %s): calling once more with a new token",
                exchange.getMessage().getHeader("x-trace-id", String.class));
        apply(exchange);
    }

    /** Drops the cached token (the next call fetches a new one). */
    public synchronized void forget() {
        token = null;
    }

    private synchronized Token current() {
        if (token == null || System.currentTimeMillis() >= token.renewAt()) {
            token = null;
            Exchange answer = template.send(TOKEN_ROUTE, ExchangePattern.InOut,
                    e -> e.setProperty(ExchangeKeys.VENDOR, "ramp"));
            if (answer.getException() != null) {
                throw answer.getException() instanceof RuntimeException r ? r
                        : new IllegalStateException("Ramp token request failed: " + answer.getException().getClass().getSimpleName());
            }
            if (token == null) {
                throw new IllegalStateException("Ramp's token endpoint gave no access token");
            }
        }
        return token;
    }

    /** The token request: HTTP Basic base64(client_id:client_secret) and a form body (ramp-token route). */
    public void tokenRequest(Exchange exchange) {
        String credentials = config.clientId().orElseThrow() + ":" + config.clientSecret().orElseThrow();
        Message message = exchange.getMessage();
        message.setHeader("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        message.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        message.setBody("grant_type=client_credentials&scope="
                + URLEncoder.encode(config.scopes().trim(), StandardCharsets.UTF_8));
    }

    /**
     * Keeps the token of a successful token answer in memory and drops the answer (which holds the
     * token) from the exchange. Renewal is due {@code expires_in} minus the margin from now.
     */
    public synchronized void store(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(null);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode answer;
        try {
            answer = JSON.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            answer = null; // the parser's message may quote the body: not repeated
        }
        String value = answer == null ? "" : answer.path("access_token").asText("");
        if (value.isBlank()) {
            throw new VendorRejectedException("ramp", status, "the token endpoint answered without an access_token");
        }
        long lifetimeMs = TokenLifetime.millis(answer, UNKNOWN_LIFETIME_MS);
        long margin = Math.min(config.tokenRefreshMarginMs(), lifetimeMs / 10);
        token = new Token(value, System.currentTimeMillis() + lifetimeMs - margin, ++generation);
        LOG.infof("Ramp access token obtained (expires in %d s, scope '%s')", lifetimeMs / 1000,
                answer.path("scope").asText(""));
    }
}
