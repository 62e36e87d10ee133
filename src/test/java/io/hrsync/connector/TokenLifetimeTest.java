package io.hrsync.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A token's lifetime from expires_in: a non-positive one is a short fixed lifetime, not "fetch before every call". */
class TokenLifetimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long of(String answer) throws Exception {
        return TokenLifetime.millis(JSON.readTree(answer), 300_000);
    }

    @Test
    void lifetimes() throws Exception {
        assertEquals(3_600_000, of("{\"expires_in\":3600}"));
        assertEquals(3_600_000, of("{\"expires_in\":\"3600\"}"));
        assertEquals(300_000, of("{}"), "missing: the vendor's usual lifetime");
        assertEquals(300_000, of("{\"expires_in\":null}"));
        assertEquals(300_000, of("{\"expires_in\":\"soon\"}"));
        assertEquals(TokenLifetime.NON_POSITIVE_MILLIS, of("{\"expires_in\":0}"));
        assertEquals(TokenLifetime.NON_POSITIVE_MILLIS, of("{\"expires_in\":-5}"));
        assertEquals(TokenLifetime.NON_POSITIVE_MILLIS, of("{\"expires_in\":\"-1\"}"));
    }
}
