package io.hrsync.connector.workiva;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

/**
 * Authenticates Workiva calls (the headers are removed again right after each call): the REST API
 * with an OAuth bearer token from {@link WorkivaTokens} plus {@code X-Version}, the SCIM endpoint
 * with its own static bearer token (Workiva refuses OAuth tokens there). A REST call answered 401 is
 * sent once more with a new token ({@link #renew}).
 */
@ApplicationScoped
@Named("workivaAuth")
public class WorkivaAuth {

    static final String REQUEST = "workivaRequest";
    static final String TOKEN_GENERATION = "workivaTokenGeneration";
    private static final Logger LOG = Logger.getLogger(WorkivaAuth.class);

    private final WorkivaConfig config;
    private final WorkivaTokens tokens;

    public WorkivaAuth(WorkivaConfig config, WorkivaTokens tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    /** Bearer token and X-Version; keeps the request (never the token) so a 401 can be retried once. */
    public void apply(Exchange exchange) {
        Message message = exchange.getMessage();
        String method = message.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String body = "GET".equals(method) ? null : message.getBody(String.class);
        message.setBody(body);
        exchange.setProperty(REQUEST, new Request(method, message.getHeader(Exchange.HTTP_PATH, String.class),
                message.getHeader(Exchange.HTTP_QUERY, String.class), message.getHeader(Exchange.CONTENT_TYPE, String.class),
                body));
        authorize(exchange);
    }

    /** After a 401: drops the refused token and puts the same request back with a new one. */
    public void renew(Exchange exchange) {
        tokens.invalidate(exchange.getProperty(TOKEN_GENERATION, -1L, Long.class));
        Request request = exchange.getProperty(REQUEST, Request.class);
        Message message = exchange.getMessage();
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("CamelRedeliver"));
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        setIfPresent(message, Exchange.HTTP_PATH, request.path());
        setIfPresent(message, Exchange.HTTP_QUERY, request.query());
        setIfPresent(message, Exchange.CONTENT_TYPE, request.contentType());
        message.setBody(request.body());
        LOG.infof("Workiva refused the access token (401) on %s %s; retrying once with a new token", request.method(),
                request.path());
        authorize(exchange);
    }

    /** The customer's SCIM bearer token (a separate credential from the OAuth client). */
    public void applyScim(Exchange exchange) {
        exchange.getMessage().setHeader("Authorization", "Bearer " + config.scimToken().orElseThrow());
    }

    private void authorize(Exchange exchange) {
        WorkivaTokens.Token token = tokens.current();
        exchange.setProperty(TOKEN_GENERATION, token.generation());
        exchange.getMessage().setHeader("Authorization", "Bearer " + token.value());
        exchange.getMessage().setHeader("X-Version", config.apiVersion());
    }

    private static void setIfPresent(Message message, String header, String value) {
        if (value != null) {
            message.setHeader(header, value);
        }
    }

    /** What was sent, to send it again. */
    record Request(String method, String path, String query, String contentType, String body) {
    }
}
