package io.hrsync.connector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

import io.hrsync.config.HrsyncConfig;

/**
 * Caps the size of every vendor answer at {@code hrsync.delivery.max-answer-bytes}, inside the HTTP
 * client (the component's {@code httpClientConfigurer}), because Camel's HTTP producer reads a whole
 * answer before a route sees it (into a byte array, or a stream cache held in memory), and with
 * {@code disableStreamCache} the client drains the answer after the producer's handler returns: a
 * route step comes too late for a 1 GB answer. An answer whose Content-Length is over the cap is
 * refused before a byte of it is read; any other (chunked, or compressed: counted as decompressed) is
 * counted as it is read and refused at the first byte over the cap. Either way the connection is
 * closed, not drained, so an endless answer ends too, and nothing holds more than the cap.
 */
@ApplicationScoped
@Named("answerSizeLimit")
public class AnswerSizeLimit implements HttpClientConfigurer {

    private final long cap;

    @Inject
    public AnswerSizeLimit(HrsyncConfig config) {
        this(config.delivery().maxAnswerBytes());
    }

    public AnswerSizeLimit(long cap) {
        this.cap = cap;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // first: around the whole chain, so a compressed answer is counted as it is decompressed
        builder.addExecInterceptorFirst("hrsync-answer-size-limit", this::execute);
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return response;
        }
        String call = describe(request);
        if (entity.getContentLength() > cap) {
            scope.execRuntime.discardEndpoint();
            throw new AnswerTooLargeException(call, cap,
                    String.format(Locale.ROOT, "Content-Length %,d", entity.getContentLength()));
        }
        response.setEntity(new HttpEntityWrapper(entity) {
            @Override
            public InputStream getContent() throws IOException {
                return new Counted(super.getContent(), scope.execRuntime, call);
            }
        });
        return response;
    }

    /** The vendor's HTTP route: an answer over the cap is the vendor's refusal of that call, not retried. */
    public void refuse(String vendor, Exception error) {
        throw new VendorRejectedException(vendor, 0, error.getMessage());
    }

    /** Method and path of a call, never its query (it may carry an email, a cursor or a secret). */
    static String describe(ClassicHttpRequest request) {
        String path;
        try {
            URI uri = request.getUri();
            path = uri.getRawPath();
        } catch (URISyntaxException e) {
            path = request.getPath() == null ? "" : request.getPath().replaceAll("\\?.*", "");
        }
        return request.getMethod() + " " + (path == null || path.isEmpty() ? "/" : path);
    }

    /** The answer's bytes, counted; over the cap the connection is closed (not drained) and the read fails. */
    private final class Counted extends FilterInputStream {
        private final ExecRuntime runtime;
        private final String call;
        private long read;

        Counted(InputStream in, ExecRuntime runtime, String call) {
            super(in);
            this.runtime = runtime;
            this.call = call;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws IOException {
            read += n;
            if (read > cap) {
                runtime.discardEndpoint();
                throw new AnswerTooLargeException(call, cap, String.format(Locale.ROOT, "stopped after %,d bytes", read));
            }
        }
    }
}
