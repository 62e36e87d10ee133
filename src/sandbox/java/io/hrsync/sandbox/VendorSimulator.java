package io.hrsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Base of the stateful vendor simulators: a real HTTP server on loopback that records every request,
 * enforces a rolling-window rate limit and can inject faults (fail the next N calls, fail a fraction of
 * calls, add latency, drop connections). Subclasses implement the vendor's contract in {@link #handle}.
 */
public abstract class VendorSimulator implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();
    /** Credentials in form bodies (token requests) are never kept in the request log. */
    private static final java.util.regex.Pattern SECRET_FORM_FIELD =
            java.util.regex.Pattern.compile("(client_secret|password)=[^&]*");

    static {
        // the JDK server otherwise waits ~40 ms per response on a kept-alive connection (Nagle)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as the simulator saw it (credentials never kept). */
    public record RecordedRequest(long atMillis, String method, String path, String query, String body, int status) {
        public boolean isWrite() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    /** A vendor answer. */
    public record Reply(int status, Object body, Map<String, String> headers) {
        public static Reply json(int status, Object body) {
            return new Reply(status, body, Map.of());
        }

        public static Reply empty(int status) {
            return new Reply(status, null, Map.of());
        }
    }

    /** What a subclass sees of an incoming request. */
    public record Request(String method, String path, Map<String, String> query, String rawQuery, String body,
            Map<String, String> headers) {
        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new BadRequest("body is not valid JSON: " + e.getMessage());
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Thrown by handlers to answer 400 with a message. */
    public static class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    private final String name;
    private HttpServer server;
    private ExecutorService executor;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Long> window = new ArrayDeque<>();
    private volatile int rateLimit;
    private volatile long rateWindowMillis;
    private volatile long penaltyMillis;
    private volatile long penaltyUntil;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failNextStatus = 503;
    private volatile Integer failNextRetryAfter;
    private volatile String refusedFragment;
    private volatile String refusedMessage;
    private volatile double failFraction;
    private volatile int failFractionStatus = 503;
    private volatile long latencyMillis;
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger loseNextWriteAnswers = new AtomicInteger();
    private volatile double loseWriteAnswerFraction;
    private volatile String loseAnswersOfPath = "";
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile java.util.Set<String> ignoredQueryParameters = java.util.Set.of();
    private volatile String cannedGetPath;
    private volatile Reply cannedGetReply;
    private volatile int echoStatus;
    private final List<String> echoedBodies = Collections.synchronizedList(new ArrayList<>());
    private volatile PagingFault pagingFault;
    private volatile String nextLinksBaseUrl;
    private volatile String hugeAnswerPath;
    private volatile long hugeAnswerBytes;
    private volatile boolean hugeAnswerLength;
    private final java.util.concurrent.atomic.AtomicLong hugeBytesSent = new java.util.concurrent.atomic.AtomicLong();
    protected Clock clock = Clock.systemUTC();

    protected VendorSimulator(String name, int rateLimit, long rateWindowMillis) {
        this.name = name;
        this.rateLimit = rateLimit;
        this.rateWindowMillis = rateWindowMillis;
    }

    public String name() {
        return name;
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public synchronized VendorSimulator start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException(name + " simulator cannot listen on port " + port, e);
        }
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    // ---- test and sandbox controls -------------------------------------------------------------

    /** Forgets all state, recorded requests and faults. */
    public synchronized void reset() {
        requests.clear();
        synchronized (window) {
            window.clear();
        }
        penaltyUntil = 0;
        failNext.set(0);
        refusedFragment = null;
        failFraction = 0;
        latencyMillis = 0;
        dropNext.set(0);
        loseNextWriteAnswers.set(0);
        loseAnswersOfPath = "";
        loseWriteAnswerFraction = 0;
        lostAnswers.set(0);
        rateLimited.set(0);
        ignoredQueryParameters = java.util.Set.of();
        cannedGetPath = null;
        cannedGetReply = null;
        echoStatus = 0;
        echoedBodies.clear();
        hugeAnswerPath = null;
        pagingFault = null;
        hugeBytesSent.set(0);
        resetState();
    }

    protected abstract void resetState();

    /**
     * A vendor that ignores these query parameters (a lookup's filter, say): requests are handled as if
     * they had not been sent, until {@link #reset()}.
     */
    public void ignoreQueryParameters(String... names) {
        ignoredQueryParameters = java.util.Set.of(names);
    }

    /**
     * Every GET of exactly this path is answered with this status and raw body (e.g. {@code {}} or a
     * proxy's HTML page with 200), until {@link #reset()}.
     */
    public void answerGets(String path, int status, String body, String contentType) {
        cannedGetReply = new Reply(status, body, Map.of("Content-Type", contentType));
        cannedGetPath = path;
    }

    public void failNext(int count, int status) {
        failNext(count, status, null);
    }

    /** Fails the next calls with this status and, when given, a Retry-After of that many seconds. */
    public void failNext(int count, int status, Integer retryAfterSeconds) {
        failNextStatus = status;
        failNextRetryAfter = retryAfterSeconds;
        failNext.set(count);
    }

    /**
     * Answers every request whose body contains {@code fragment} with the vendor's own 400 (a business
     * refusal of one person, e.g. an address the vendor will not take), until {@link #reset()}.
     */
    public void refuseBodiesContaining(String fragment, String message) {
        refusedFragment = fragment;
        refusedMessage = message;
    }

    /**
     * Hostile: every call fails with this status and an error in the vendor's own shape whose message
     * echoes the request as it came, Authorization header and form body included (as a proxy or a
     * careless token endpoint does), until {@link #reset()}. The error bodies sent are kept
     * ({@link #echoedBodies()}) so a test can show what hrsync was given.
     */
    public void echoRequestsInErrors(int status) {
        echoStatus = status;
    }

    /** The error bodies sent while echoing requests. */
    public List<String> echoedBodies() {
        synchronized (echoedBodies) {
            return List.copyOf(echoedBodies);
        }
    }

    public void failFraction(double fraction, int status) {
        failFractionStatus = status;
        failFraction = fraction;
    }

    public void latency(long millis) {
        latencyMillis = millis;
    }

    public void dropNextConnections(int count) {
        dropNext.set(count);
    }

    /**
     * The next {@code count} successful writes (any method but GET) are carried out, then the
     * connection is closed without an answer: the caller cannot tell that the write happened.
     */
    public void loseNextWriteAnswers(int count) {
        loseNextWriteAnswers(count, "");
    }

    /** The same, only for writes whose path contains {@code pathPart}. */
    public void loseNextWriteAnswers(int count, String pathPart) {
        loseAnswersOfPath = pathPart;
        loseNextWriteAnswers.set(count);
    }

    /** How many answers to writes were lost on purpose. */
    public int lostAnswerCount() {
        return lostAnswers.get();
    }

    /** The same for this share of all successful writes, until {@link #reset()}. */
    public void loseWriteAnswers(double fraction) {
        loseWriteAnswerFraction = fraction;
    }

    /** Hostile paging of the simulator's paged lists (each simulator applies it in its own paging style). */
    public enum PagingFault {
        /** Another page always follows, each with entries never listed before (new ids). */
        ENDLESS,
        /** The next link (or page) is always the same one. */
        REPEATING,
        /** Next links point to another server (see {@link #nextLinksTo}). */
        OFF_HOST
    }

    /** Hostile paging: another page always follows, with new entries, until {@link #reset()}. */
    public void endlessPaging() {
        pagingFault = PagingFault.ENDLESS;
    }

    /** Hostile paging: the next link is always the first one given, until {@link #reset()}. */
    public void repeatingNextLinks() {
        pagingFault = PagingFault.REPEATING;
    }

    /** Hostile paging: next links point to {@code baseUrl} (another server) instead of this one, until {@link #reset()}. */
    public void nextLinksTo(String baseUrl) {
        nextLinksBaseUrl = baseUrl;
        pagingFault = PagingFault.OFF_HOST;
    }

    /** The paging fault the subclass's lists apply, or null. */
    protected PagingFault pagingFault() {
        return pagingFault;
    }

    /** A next link of this simulator as the current paging fault gives it: on another server with OFF_HOST. */
    protected String nextLink(String link) {
        return pagingFault == PagingFault.OFF_HOST && link != null && link.startsWith(baseUrl())
                ? nextLinksBaseUrl + link.substring(baseUrl().length()) : link;
    }

    /**
     * Hostile: every GET whose path contains {@code pathPart} is answered 200 with a JSON object of
     * {@code bytes} bytes (padding), made as it is sent (never held), chunked or, with
     * {@code withContentLength}, with its Content-Length; until {@link #reset()}.
     */
    public void hugeAnswers(String pathPart, long bytes, boolean withContentLength) {
        hugeAnswerBytes = bytes;
        hugeAnswerLength = withContentLength;
        hugeAnswerPath = pathPart;
    }

    /** How many bytes of huge answers were sent before the client stopped reading (or all of them). */
    public long hugeAnswerBytesSent() {
        return hugeBytesSent.get();
    }

    /** Rolling window limit; a penalty keeps refusing for that long after a 429, restarted by every call. */
    public void rateLimit(int requests, long windowMillis, long penaltyMillis) {
        this.rateLimit = requests;
        this.rateWindowMillis = windowMillis;
        this.penaltyMillis = penaltyMillis;
    }

    public int rateLimitedCount() {
        return rateLimited.get();
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Calls that change the vendor's data: POST/PUT/PATCH/DELETE, except asking for an access token. */
    public long writeCount() {
        return requests().stream().filter(r -> r.isWrite() && !isTokenRequest(r)).count();
    }

    /** Whether the request only asks for an OAuth access token (a POST that changes no vendor data). */
    protected boolean isTokenRequest(RecordedRequest request) {
        return false;
    }

    /** The largest number of requests seen in any window of the given length. */
    public int maxRequestsInAnyWindow(long windowMillis) {
        List<Long> times = requests().stream().map(RecordedRequest::atMillis).sorted().toList();
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(end) - times.get(start) >= windowMillis) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    // ---- HTTP plumbing ---------------------------------------------------------------------------

    private void serve(HttpExchange http) throws IOException {
        long now = clock.millis();
        String method = http.getRequestMethod();
        URI uri = http.getRequestURI();
        String body;
        try (InputStream in = http.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String recordedBody = SECRET_FORM_FIELD.matcher(body).replaceAll("$1=***");
        if (dropNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            requests.add(new RecordedRequest(now, method, uri.getPath(), uri.getRawQuery(), recordedBody, -1));
            http.close(); // connection dropped without an answer
            return;
        }
        if (latencyMillis > 0) {
            sleep(latencyMillis);
        }
        Reply reply;
        try {
            reply = admit(now);
            if (reply == null && echoStatus > 0) {
                reply = errorReply(echoStatus, echo(http, method, uri, body), uri.getPath());
                echoedBodies.add(JSON.writeValueAsString(reply.body()));
            }
            if (reply == null && failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                reply = new Reply(failNextStatus, Map.of("error", "injected failure"), failNextRetryAfter == null ? Map.of()
                        : Map.of("Retry-After", String.valueOf(failNextRetryAfter)));
            }
            String refused = refusedFragment;
            if (reply == null && refused != null && body.contains(refused)) {
                reply = badRequest(refusedMessage);
            }
            if (reply == null && failFraction > 0 && ThreadLocalRandom.current().nextDouble() < failFraction) {
                reply = Reply.json(failFractionStatus, Map.of("error", "injected failure"));
            }
            if (reply == null && "GET".equals(method) && uri.getPath().equals(cannedGetPath)) {
                reply = cannedGetReply;
            }
            String huge = hugeAnswerPath;
            if (reply == null && huge != null && "GET".equals(method) && uri.getPath().contains(huge)) {
                requests.add(new RecordedRequest(now, method, uri.getPath(), uri.getRawQuery(), recordedBody, 200));
                sendHugeAnswer(http);
                return;
            }
            if (reply == null) {
                Map<String, String> headers = new LinkedHashMap<>();
                http.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                String rawQuery = withoutIgnoredParameters(uri.getRawQuery());
                Request request = new Request(method, uri.getPath(), parseQuery(rawQuery), rawQuery, body, headers);
                synchronized (this) {
                    reply = handle(request);
                }
            }
        } catch (BadRequest e) {
            reply = badRequest(e.getMessage());
        } catch (RuntimeException e) {
            reply = Reply.json(500, Map.of("error", String.valueOf(e)));
        }
        requests.add(new RecordedRequest(now, method, uri.getPath(), uri.getRawQuery(), recordedBody, reply.status()));
        if (!"GET".equals(method) && reply.status() < 300 && (uri.getPath().contains(loseAnswersOfPath)
                && loseNextWriteAnswers.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                || loseWriteAnswerFraction > 0 && ThreadLocalRandom.current().nextDouble() < loseWriteAnswerFraction)) {
            lostAnswers.incrementAndGet();
            http.close(); // written, but the answer is lost
            return;
        }
        byte[] bytes = reply.body() == null ? new byte[0]
                : reply.body() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(reply.body());
        reply.headers().forEach((k, v) -> http.getResponseHeaders().add(k, v));
        if (bytes.length > 0 && !reply.headers().containsKey("Content-Type")) {
            http.getResponseHeaders().add("Content-Type", "application/json");
        }
        http.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The request as text: method, path and query, every header, the body. */
    private static String echo(HttpExchange http, String method, URI uri, String body) {
        StringBuilder text = new StringBuilder("could not process ").append(method).append(' ').append(uri).append('\n');
        http.getRequestHeaders().forEach((k, v) -> text.append(k).append(": ").append(String.join(",", v)).append('\n'));
        return text.append('\n').append(body).toString();
    }

    /** The vendor's own shape of an error answer (to a call of this path), WorkRamp's {"error": ...} by default. */
    protected Reply errorReply(int status, String message, String path) {
        return Reply.json(status, Map.of("error", message));
    }

    /** {"padding":"xxx…"} of hugeAnswerBytes bytes, in 64 KB blocks, until done or the client hangs up. */
    private void sendHugeAnswer(HttpExchange http) throws IOException {
        long size = hugeAnswerBytes;
        byte[] head = "{\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[1 << 16];
        java.util.Arrays.fill(block, (byte) 'x');
        http.getResponseHeaders().add("Content-Type", "application/json");
        http.sendResponseHeaders(200, hugeAnswerLength ? size : 0);
        try (OutputStream out = http.getResponseBody()) {
            out.write(head);
            hugeBytesSent.addAndGet(head.length);
            long padding = size - head.length - tail.length;
            while (padding > 0) {
                int n = (int) Math.min(block.length, padding);
                out.write(block, 0, n);
                hugeBytesSent.addAndGet(n);
                padding -= n;
            }
            out.write(tail);
            hugeBytesSent.addAndGet(tail.length);
        } catch (IOException e) {
            // the client stopped reading and closed the connection: what it was sent is counted
        } finally {
            http.close();
        }
    }

    /** The vendor's own shape of a 400 answer. */
    protected Reply badRequest(String message) {
        return Reply.json(400, Map.of("error", message));
    }

    /** The vendor's own shape of a 429 answer. */
    protected Reply tooManyRequests() {
        return Reply.json(429, Map.of("error", "Rate limited."));
    }

    private Reply admit(long now) {
        synchronized (window) {
            if (now < penaltyUntil) {
                penaltyUntil = now + penaltyMillis; // every call during the penalty restarts the clock
                rateLimited.incrementAndGet();
                return tooManyRequests();
            }
            while (!window.isEmpty() && now - window.peekFirst() >= rateWindowMillis) {
                window.pollFirst();
            }
            if (rateLimit > 0 && window.size() >= rateLimit) {
                penaltyUntil = penaltyMillis > 0 ? now + penaltyMillis : 0;
                rateLimited.incrementAndGet();
                return tooManyRequests();
            }
            window.addLast(now);
            return null;
        }
    }

    protected abstract Reply handle(Request request);

    private String withoutIgnoredParameters(String rawQuery) {
        java.util.Set<String> ignored = ignoredQueryParameters;
        if (rawQuery == null || ignored.isEmpty()) {
            return rawQuery;
        }
        return java.util.Arrays.stream(rawQuery.split("&"))
                .filter(pair -> !ignored.contains(URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8)))
                .collect(java.util.stream.Collectors.joining("&"));
    }

    protected static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
