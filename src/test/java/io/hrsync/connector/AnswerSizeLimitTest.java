package io.hrsync.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.sandbox.WorkRampSimulator;

/**
 * The answer cap inside the HTTP client, over real loopback HTTP: a 1 GB answer (made by the
 * simulator as it is sent, never held) is refused after at most the cap was handed to the reader, and
 * the connection is closed rather than drained, so the simulator sends only what the socket buffers
 * took beyond the cap; that is the memory bound the service's -Xmx256m relies on (the test JVM itself
 * has more heap, so the bound is measured in bytes, not by running out of memory).
 */
class AnswerSizeLimitTest {

    static final long CAP = 1024 * 1024;
    static final long GIGABYTE = 1L << 30;

    WorkRampSimulator vendor;
    CloseableHttpClient client;

    @BeforeEach
    void start() {
        vendor = new WorkRampSimulator("key");
        vendor.start(0);
        HttpClientBuilder builder = HttpClientBuilder.create().disableAutomaticRetries();
        new AnswerSizeLimit(CAP).configureHttpClient(builder);
        client = builder.build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        vendor.close();
    }

    @Test
    void aChunkedGigabyteIsStoppedAfterTheCap() {
        vendor.hugeAnswers("/api/v1/users", GIGABYTE, false);
        long[] handed = new long[1];
        long started = System.nanoTime();
        AnswerTooLargeException e = assertThrows(AnswerTooLargeException.class,
                () -> client.execute(new HttpGet(vendor.baseUrl() + "/api/v1/users?email=secret%40example.com"), response -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = response.getEntity().getContent()) {
                        for (int n; (n = in.read(buffer)) > 0;) {
                            handed[0] += n;
                        }
                    }
                    return null;
                }));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("the answer to GET /api/v1/users is larger than the cap of 1,048,576 bytes (stopped after 1,056,768 "
                + "bytes): not read further (if the vendor really answers that much, raise hrsync.delivery.max-answer-bytes)",
                e.getMessage().replaceAll("stopped after [0-9,]+ bytes", "stopped after 1,056,768 bytes"));
        assertTrue(handed[0] <= CAP, "the reader was handed " + handed[0] + " bytes");
        assertTrue(vendor.hugeAnswerBytesSent() < CAP + 64L * 1024 * 1024,
                "the connection was drained, not closed: " + vendor.hugeAnswerBytesSent() + " bytes sent");
        assertTrue(millis < 10_000, millis + " ms");
    }

    @Test
    void aContentLengthOverTheCapIsRefusedBeforeTheAnswerIsRead() {
        vendor.hugeAnswers("/api/v1/users", GIGABYTE, true);
        AnswerTooLargeException e = assertThrows(AnswerTooLargeException.class,
                () -> client.execute(new HttpGet(vendor.baseUrl() + "/api/v1/users"), response -> {
                    throw new AssertionError("the answer reached the reader");
                }));
        assertTrue(e.getMessage().startsWith("the answer to GET /api/v1/users is larger than the cap of 1,048,576 bytes "
                + "(Content-Length 1,073,741,824)"), e.getMessage());
        assertTrue(vendor.hugeAnswerBytesSent() < CAP + 64L * 1024 * 1024, vendor.hugeAnswerBytesSent() + " bytes sent");
    }

    @Test
    void anAnswerWithinTheCapIsReadWhole() throws Exception {
        vendor.hugeAnswers("/api/v1/users", CAP, false);
        long read = client.execute(new HttpGet(vendor.baseUrl() + "/api/v1/users"),
                response -> response.getEntity().getContent().readAllBytes().length);
        assertEquals(CAP, read);
    }
}
