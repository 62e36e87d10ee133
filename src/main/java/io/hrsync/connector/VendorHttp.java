package io.hrsync.connector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.run.ExchangeKeys;

/**
 * Sends one request through a vendor's HTTP route ({@code direct:<vendor>-http}), so that auth,
 * throttling and response classification stay in that route, and reads the JSON answer. Used by the
 * vendor modules' lookups; writes go through the same route from YAML.
 */
public final class VendorHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate template;
    private final String vendor;
    private final String endpoint;

    public VendorHttp(ProducerTemplate template, String vendor) {
        this.template = template;
        this.vendor = vendor;
        this.endpoint = "direct:" + vendor + "-http";
    }

    public JsonNode get(String path, Map<String, ?> query) {
        return call("GET", path, query, null, null);
    }

    /** Calls the vendor; {@code acceptStatus} lists non-2xx statuses the caller wants to read itself. */
    public JsonNode call(String method, String path, Map<String, ?> query, Object body, String acceptStatus) {
        return send(e -> {
            if (acceptStatus != null) {
                e.setProperty(VendorResponses.ACCEPT_STATUS, acceptStatus);
            }
            e.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            e.getMessage().setHeader(Exchange.HTTP_PATH, path);
            if (query != null && !query.isEmpty()) {
                e.getMessage().setHeader(Exchange.HTTP_QUERY, query(query));
            }
            if (body != null) {
                e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                e.getMessage().setBody(JSON.writeValueAsString(body));
            }
        });
    }

    /** GET of a path and an already encoded query, as the vendor gave them in a next-page link. */
    public JsonNode getRaw(String path, String rawQuery) {
        return send(e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            e.getMessage().setHeader(Exchange.HTTP_PATH, path);
            if (rawQuery != null && !rawQuery.isEmpty()) {
                e.getMessage().setHeader(Exchange.HTTP_QUERY, rawQuery);
            }
        });
    }

    /** GET of a complete URL (a next-page link the caller has checked is under the vendor's base URL). */
    public JsonNode getUrl(String url) {
        return send(e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            e.getMessage().setHeader(Exchange.HTTP_URI, url);
        });
    }

    /** One call through the vendor's http route; its error, if any, is thrown as is. */
    private JsonNode send(Processor request) {
        Exchange exchange = template.send(endpoint, ExchangePattern.InOut, e -> {
            e.setProperty(ExchangeKeys.VENDOR, vendor);
            request.process(e);
        });
        if (exchange.getException() != null) {
            throw exchange.getException() instanceof RuntimeException r ? r
                    : new IllegalStateException(exchange.getException());
        }
        return readJson(exchange.getMessage().getBody(String.class));
    }

    public static int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    public static JsonNode readJson(String text) {
        try {
            return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (java.io.IOException e) {
            // the parser's own message quotes the body (which may echo a request): only where it broke
            com.fasterxml.jackson.core.JsonLocation at = e instanceof com.fasterxml.jackson.core.JsonProcessingException p
                    ? p.getLocation() : null;
            throw new IllegalStateException("vendor answered with a body that is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    /** A URL-encoded query string (emails with '+' survive). */
    public static String query(Map<String, ?> params) {
        return params.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
