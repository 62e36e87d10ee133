package io.hrsync.connector.workiva;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.connector.ErrorSummary;
import io.hrsync.connector.VendorHttp;
import io.hrsync.connector.VendorResponses;

/**
 * Turns Workiva's error answers into the short text that ends up in the outcome message: the REST
 * API's {@code {code, message, target, details[]}}, the SCIM endpoint's {@code {scimType, detail}}
 * and the token endpoint's {@code {error, error_description}}.
 */
@ApplicationScoped
@Named("workivaErrors")
public class WorkivaErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rewrites the body of an error answer the caller does not read itself (see hrsyncAcceptStatus). */
    public void describe(Exchange exchange) {
        exchange.removeProperty(ErrorSummary.TEXT);
        int status = VendorHttp.status(exchange);
        if (status >= 200 && status < 300) {
            return;
        }
        if (VendorResponses.accepts(exchange, status)) {
            return;
        }
        String body = exchange.getMessage().getBody(String.class);
        String text = ErrorSummary.safe(summary(body));
        exchange.setProperty(ErrorSummary.TEXT, text);
        exchange.getMessage().setBody(text);
    }

    /** "code: message (target …; details …)" of an error body; never the body itself (it may echo the request). */
    static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return ""; // not JSON (a proxy's page, an echo): the status says what there is to say
        }
        return json != null && json.isObject() ? summary(json) : "";
    }

    static String summary(JsonNode json) {
        if (json.hasNonNull("code") || json.hasNonNull("message")) {
            StringBuilder text = new StringBuilder(json.path("code").asText("error")).append(": ")
                    .append(json.path("message").asText(""));
            List<String> more = new ArrayList<>();
            if (json.hasNonNull("target")) {
                more.add("target " + json.path("target").asText());
            }
            for (JsonNode detail : json.path("details")) {
                more.add(detail.path("code").asText("") + " " + detail.path("message").asText("")
                        + (detail.hasNonNull("target") ? " (" + detail.path("target").asText() + ")" : ""));
            }
            if (!more.isEmpty()) {
                text.append(" (").append(String.join("; ", more).trim()).append(')');
            }
            return text.toString();
        }
        if (json.hasNonNull("detail")) {
            return "SCIM " + (json.hasNonNull("scimType") ? json.path("scimType").asText() + ": " : "")
                    + json.path("detail").asText();
        }
        if (json.hasNonNull("error") && json.path("error").isTextual()) {
            return json.path("error").asText()
                    + (json.hasNonNull("error_description") ? ": " + json.path("error_description").asText() : "");
        }
        return ErrorSummary.fields(json); // another shape: only its flat documented fields, never the body
    }
}
