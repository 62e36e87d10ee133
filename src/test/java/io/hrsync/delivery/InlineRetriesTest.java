package io.hrsync.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.hrsync.connector.RetryableVendorException;

/** Which failures may have changed the vendor (the work item goes back to the queue) and which can simply be sent again. */
class InlineRetriesTest {

    @Test
    void aRefusedCallOrAFailedReadIsSentAgain() {
        assertFalse(InlineRetries.outcomeUnknown(failed("POST", new RetryableVendorException("v", 503, "down", 1, null, "POST"))));
        assertFalse(InlineRetries.outcomeUnknown(failed("POST", new RetryableVendorException("v", 429, "slow down", 1, 1000L, "POST"))));
        assertFalse(InlineRetries.outcomeUnknown(failed("GET", new RetryableVendorException("v", 500, "oops", 1, null, "GET"))));
        assertFalse(InlineRetries.outcomeUnknown(failed("GET", new IOException("connection reset"))));
    }

    @Test
    void aWriteThatGotNoAnswerOrAServerErrorMayHaveHappened() {
        assertTrue(InlineRetries.outcomeUnknown(failed("POST", new IOException("connection reset"))));
        assertTrue(InlineRetries.outcomeUnknown(failed("PATCH", new java.net.SocketTimeoutException("read timed out"))));
        assertTrue(InlineRetries.outcomeUnknown(failed("POST", new RetryableVendorException("v", 502, "bad gateway", 1, null, "POST"))));
        assertTrue(InlineRetries.outcomeUnknown(failed(null, new RetryableVendorException("v", 500, "oops", 1, null, null))),
                "a call whose method is unknown counts as a write");
    }

    @Test
    void anythingElseIsNotATransientFailure() {
        assertFalse(InlineRetries.outcomeUnknown(failed("POST", new IllegalStateException("a bug"))));
    }

    private static Exchange failed(String method, Exception error) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (method != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        }
        exchange.setException(error);
        return exchange;
    }
}
