package io.hrsync.connector.ramp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.connector.ErrorSummary;
import io.hrsync.connector.VendorResponses;

/**
 * Reads Ramp's answer right after the call, before the shared classification: logs the call with
 * Ramp's {@code x-trace-id} (DEBUG), and turns an error body
 * {@code {"error_v2":{"error_code","message",…},"error":{…}}} into {@code "<error_code>: <message>
 * (x-trace-id …)"} (made safe by {@link ErrorSummary}), which is what the outcome message then says. Statuses the caller accepts pass
 * untouched.
 */
@ApplicationScoped
@Named("rampAnswers")
public class RampAnswers {

    static final String TRACE_ID = "x-trace-id";
    private static final Logger LOG = Logger.getLogger(RampAnswers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void describe(Exchange exchange) {
        Message message = exchange.getMessage();
        exchange.removeProperty(ErrorSummary.TEXT);
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String traceId = message.getHeader(TRACE_ID, String.class);
        if (LOG.isDebugEnabled()) {
            String target = message.getHeader(Exchange.HTTP_URI, String.class);
            LOG.debugf("Ramp %s %s answered %d (x-trace-id %s)", message.getHeader(Exchange.HTTP_METHOD),
                    target != null ? target : message.getHeader(Exchange.HTTP_PATH), status, traceId);
        }
        if (status >= 200 && status < 300) {
            return;
        }
        if (VendorResponses.accepts(exchange, status)) {
            return;
        }
        String text = ErrorSummary.safe(errorText(message.getBody(String.class)))
                + (traceId == null ? "" : " (x-trace-id " + ErrorSummary.safe(traceId) + ")");
        exchange.setProperty(ErrorSummary.TEXT, text);
        message.setBody(text);
    }

    /**
     * {@code error_code: message} from Ramp's error body (error_v2, else the legacy error), else its flat
     * error fields; never the body itself (it may echo the request).
     */
    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return ""; // not JSON (a proxy's page, an echo): the status says what there is to say
        }
        for (String key : new String[] {"error_v2", "error"}) {
            JsonNode error = json.path(key);
            if (error.isObject() && (error.has("error_code") || error.has("message"))) {
                String code = error.path("error_code").asText("");
                String text = error.path("message").asText("");
                return code.isEmpty() ? text : text.isEmpty() ? code : code + ": " + text;
            }
            if (error.isTextual()) {
                return error.asText();
            }
        }
        return ErrorSummary.fields(json);
    }
}
