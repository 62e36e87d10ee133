package io.hrsync.connector;

import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.config.SecretRedactor;

/**
 * A vendor's error answer reduced to what may be shown in a log, a result file or a dead letter: the
 * vendor's error code and a short message, taken only from documented error fields, never the body as
 * it came. A body is not trusted: a proxy or a token endpoint may echo the request it got, client
 * secret and Authorization header included. So the text is cut to {@value #MAX_LENGTH} characters,
 * control characters become spaces, a text that looks like echoed request material
 * ({@code client_secret=}, {@code Authorization}, {@code Bearer }, {@code password}, …) is withheld as
 * a whole, and configured secrets are masked ({@link SecretRedactor}). The HTTP status travels beside
 * it (the exception's status).
 *
 * <p>The error fields read here are the flat ones shared by the vendors' documented shapes
 * (/work/shared/vendors): {@code {"error": "..."}} (WorkRamp, and an OAuth token endpoint's
 * {@code {error, error_description}}), {@code {code, message}} (Workiva), {@code {detail}}
 * (Skilljar's and SCIM's), and Skilljar's field errors {@code {"field": ["..."]}}. Ramp's nested
 * {@code error_v2} and Workiva's {@code target}/{@code details} are read by their own answer beans
 * (RampAnswers, WorkivaErrors), which build their text from {@link #fields} and hand it here too.
 */
public final class ErrorSummary {

    /** Exchange property a vendor's answer bean sets to the summary it made of an error answer. */
    public static final String TEXT = "hrsyncVendorErrorText";
    static final int MAX_LENGTH = 300;
    static final String WITHHELD = "(the vendor's message is withheld: it quotes request material)";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What an echoed request (form body, headers, credentials) contains, and an error message never needs to. */
    private static final Pattern REQUEST_MATERIAL = Pattern.compile(
            "client_secret|client_id=|grant_type=|authorization|bearer\\s|basic\\s+[a-z0-9+/=]{8,}|password|passwd"
                    + "|api[_-]?key|access_token|x-api-key|scim[_-]?token",
            Pattern.CASE_INSENSITIVE);

    private ErrorSummary() {
    }

    /**
     * The safe summary of an error answer's body: {@code code: message} from the documented fields, or
     * "" when the body is not JSON or has none of them (the status then says what there is to say).
     */
    public static String of(String body) {
        JsonNode json = parse(body);
        return json == null ? "" : safe(fields(json));
    }

    /** {@code code: message} from the flat documented error fields of a parsed body ("" when none). */
    public static String fields(JsonNode json) {
        if (json == null || !json.isObject()) {
            return "";
        }
        String code = firstText(json, "code", "scimType");
        String message = firstText(json, "message", "error_description", "detail");
        JsonNode error = json.path("error");
        if (error.isTextual()) {
            if (message.isEmpty()) {
                message = error.asText();
            } else if (code.isEmpty()) {
                code = error.asText();
            }
        }
        if (code.isEmpty() && message.isEmpty()) {
            message = fieldErrors(json);
        }
        return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
    }

    /**
     * The last step for any vendor text before it leaves hrsync: control characters to spaces,
     * withheld when it quotes request material, capped, secrets masked.
     */
    public static String safe(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String flat = withoutControlCharacters(text).strip();
        if (REQUEST_MATERIAL.matcher(flat).find() || SecretRedactor.current().reveals(flat)) {
            return WITHHELD;
        }
        return flat.length() > MAX_LENGTH ? flat.substring(0, MAX_LENGTH) + "…" : flat;
    }

    /** Every ISO control character (CR, LF, tab, NUL, ESC, …) becomes a space. */
    static String withoutControlCharacters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? ' ' : c));
        return out.toString();
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException notJson) {
            return null; // the parser's message may quote the body: not repeated
        }
    }

    private static String firstText(JsonNode json, String... names) {
        for (String name : names) {
            JsonNode value = json.path(name);
            if (value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return "";
    }

    /** Django REST Framework's field errors: {@code {"first_name": ["This field is required."]}}. */
    private static String fieldErrors(JsonNode json) {
        StringBuilder text = new StringBuilder();
        json.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isArray() && !value.isEmpty() && value.get(0).isTextual()) {
                text.append(text.length() == 0 ? "" : "; ").append(field.getKey().toLowerCase(Locale.ROOT))
                        .append(": ").append(value.get(0).asText());
            }
        });
        return text.toString();
    }
}
