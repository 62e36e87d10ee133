package io.hrsync.connector.workiva;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.run.ExchangeKeys;
import io.hrsync.connector.TokenLifetime;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorRejectedException;

/**
 * Workiva's OAuth2 client-credentials access token, obtained through the route {@code workiva-token}
 * and kept in memory only. Tokens live about ten minutes, so a nightly run outlives several: a token
 * is replaced shortly before it expires (a tenth of its lifetime, at most a minute, early) and when
 * Workiva answers 401 with it. Neither the token nor the client secret is ever logged.
 */
@ApplicationScoped
@Named("workivaTokens")
public class WorkivaTokens {

    static final String VENDOR = "workiva";
    static final String TOKEN_PATH = "/iam/v1/oauth2/token";
    private static final Logger LOG = Logger.getLogger(WorkivaTokens.class);
    private static final long DEFAULT_LIFETIME_SECONDS = 599;
    private static final long MAX_MARGIN_MILLIS = 60_000;

    private final WorkivaConfig config;
    private final ProducerTemplate template;

    private String accessToken;
    private long refreshAtMillis;
    private long generation;

    public WorkivaTokens(WorkivaConfig config, ProducerTemplate template) {
        this.config = config;
        this.template = template;
    }

    /** A token to call with: the cached one, or a new one when there is none or it is about to expire. */
    public synchronized Token current() {
        long now = System.currentTimeMillis();
        if (accessToken == null || now >= refreshAtMillis) {
            fetch(now);
        }
        return new Token(accessToken, generation);
    }

    /** Drops the token Workiva refused (unless a newer one already replaced it). */
    public synchronized void invalidate(long refusedGeneration) {
        if (refusedGeneration == generation) {
            accessToken = null;
        }
    }

    private void fetch(long requestedAt) {
        Exchange answer = template.send("direct:workiva-token", ExchangePattern.InOut,
                e -> e.setProperty(ExchangeKeys.VENDOR, VENDOR));
        if (answer.getException() != null) {
            throw answer.getException() instanceof RuntimeException r ? r
                    : new IllegalStateException("Workiva token request failed: " + answer.getException().getMessage());
        }
        JsonNode json = VendorHttp.readJson(answer.getMessage().getBody(String.class));
        String token = json.path("access_token").asText("");
        if (token.isBlank()) {
            throw new VendorRejectedException(VENDOR, VendorHttp.status(answer),
                    "Workiva's token endpoint answered without an access_token");
        }
        long lifetimeMillis = TokenLifetime.millis(json, DEFAULT_LIFETIME_SECONDS * 1000L);
        accessToken = token;
        generation++;
        refreshAtMillis = requestedAt + lifetimeMillis - Math.min(MAX_MARGIN_MILLIS, lifetimeMillis / 10);
        LOG.debugf("Workiva access token #%d obtained, valid for %d s", generation, lifetimeMillis / 1000);
    }

    /** Route {@code workiva-token}: the client-credentials request (form body) to the token URL. */
    public void request(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.HTTP_URI, tokenUrl());
        message.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        message.setBody("grant_type=client_credentials&client_id=" + form(config.clientId().orElseThrow())
                + "&client_secret=" + form(config.clientSecret().orElseThrow()));
    }

    /** {@code hrsync.vendors.workiva.token-url}, by default {@code <base-url>/iam/v1/oauth2/token}. */
    public String tokenUrl() {
        return config.tokenUrl().map(String::trim).filter(u -> !u.isEmpty())
                .orElseGet(() -> WorkivaDirectory.withoutTrailingSlash(config.baseUrl().orElseThrow()) + TOKEN_PATH);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A bearer token and which one it is; its text never appears in {@link #toString()}. */
    public static final class Token {
        private final String value;
        private final long generation;

        Token(String value, long generation) {
            this.value = value;
            this.generation = generation;
        }

        String value() {
            return value;
        }

        long generation() {
            return generation;
        }

        @Override
        public String toString() {
            return "Token#" + generation;
        }
    }
}
