package io.hrsync.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How long an OAuth access token is kept, from the token answer's {@code expires_in}. Missing or not
 * a number: the vendor's usual lifetime. Zero or negative (a misconfigured token endpoint): a short
 * fixed lifetime, so that the token is not fetched again before every call.
 */
public final class TokenLifetime {

    /** The lifetime of a token whose {@code expires_in} is zero or negative. */
    public static final long NON_POSITIVE_MILLIS = 60_000;

    private TokenLifetime() {
    }

    public static long millis(JsonNode answer, long unknownMillis) {
        JsonNode expiresIn = answer == null ? null : answer.get("expires_in");
        if (expiresIn == null || !expiresIn.canConvertToLong() && !expiresIn.isTextual()) {
            return unknownMillis;
        }
        long seconds;
        if (expiresIn.isTextual()) {
            try {
                seconds = Long.parseLong(expiresIn.asText().trim());
            } catch (NumberFormatException e) {
                return unknownMillis;
            }
        } else {
            seconds = expiresIn.asLong();
        }
        if (seconds <= 0) {
            return NON_POSITIVE_MILLIS;
        }
        return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE / 2 : seconds * 1000;
    }
}
