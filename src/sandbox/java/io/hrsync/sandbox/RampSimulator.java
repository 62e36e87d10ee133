package io.hrsync.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Stateful, strict simulator of Ramp's Developer API (user management), following Ramp's published
 * OpenAPI excerpt ({@code specs/ramp.openapi.yaml}) wherever it and the integration guide disagree.
 *
 * <p>Behaviour where the documents are silent (kept deliberately strict, so client bugs show up here
 * rather than against the real API):
 * <ul>
 * <li>Every response carries a random {@code x-trace-id}; every error carries
 * {@code {error_v2:{error_code, message, additional_info:null, notes:null}, error:{error_code, message}}}.
 * Validation errors use {@code DEVELOPER_7001} (the code in Ramp's error guide); the other codes
 * ({@code UNAUTHORIZED}, {@code FORBIDDEN}, {@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED},
 * {@code RATE_LIMITED}) are descriptive stand-ins.</li>
 * <li>Token: HTTP Basic client credentials, form-encoded body, {@code grant_type=client_credentials} only,
 * {@code scope} required and limited to the spec's client-credentials scopes (the guide's
 * {@code users:deactivate} does not exist). Unknown form parameters are ignored (RFC 6749 §3.2).
 * Scopes are enforced per operation as the spec's {@code security} lists them (403 otherwise);
 * note the deferred-task status needs {@code users:write}.</li>
 * <li>JSON bodies need {@code Content-Type: application/json}; unknown body keys and unknown query
 * parameters are 400; {@code null} is rejected for every request field (none is nullable).</li>
 * <li>Roles follow the spec enum; {@code BUSINESS_OWNER} is refused on invite and update (the spec says
 * Owner is not invitable / not permissible). First and last names must be 1..255 characters.</li>
 * <li>Keyset paging orders by id; {@code start} must be a UUID; {@code page.next} is built from the
 * request's Host header (or {@link #baseUrl()}) and is null when nothing follows.</li>
 * <li>Deferred tasks advance only when polled: with {@code pollsUntilDone(n)} the first n polls answer
 * STARTED then IN_PROGRESS, and poll n+1 finishes the task (n = 0 finishes on the first poll). Missing
 * references and duplicate emails are checked when the task finishes and end it in ERROR. The same
 * idempotency key returns the same task whatever the new body says.</li>
 * <li>Deactivating a user who is already USER_INACTIVE answers 400 (the spec's only error for the
 * operation); reactivating a user who is not USER_INACTIVE answers 400; reactivation sets USER_ACTIVE.</li>
 * <li>Webhook subscriptions use the spec's names ({@code endpoint_url}, {@code event_types},
 * {@code status}); event types must be in the spec's enum (which has no user events). A wrong
 * challenge is 400; a right one sets status {@code active}.</li>
 * </ul>
 */
public class RampSimulator extends VendorSimulator {

    public static final String PREFIX = "/developer/v1";
    public static final int DEFAULT_RATE_LIMIT = 200;
    public static final long DEFAULT_RATE_WINDOW_MILLIS = 10_000;
    public static final long DEFAULT_PENALTY_MILLIS = 60_000;
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(864_000);
    public static final int DEFAULT_POLLS_UNTIL_DONE = 2;

    /** The spec's role enum. */
    public static final List<String> ROLES = List.of("AUDITOR", "BUSINESS_ADMIN", "BUSINESS_BOOKKEEPER",
            "BUSINESS_OWNER", "BUSINESS_USER", "GUEST_USER", "IT_ADMIN");
    /** The spec's user status enum. */
    public static final List<String> STATUSES = List.of("INVITE_EXPIRED", "INVITE_PENDING", "USER_ACTIVE",
            "USER_INACTIVE", "USER_ONBOARDING", "USER_SUSPENDED");
    /** The spec's webhook event_types enum. */
    public static final List<String> EVENT_TYPES = List.of("bills.approved", "bills.created", "bills.paid",
            "bills.rejected", "purchase_orders.created", "purchase_orders.updated",
            "reimbursements.ready_for_review", "reimbursements.ready_to_sync", "tests.test_event",
            "transactions.authorized", "transactions.cleared", "transactions.ready_for_review",
            "transactions.ready_to_sync", "webhooks.verification");
    /** The spec's client-credentials scopes. */
    public static final Set<String> SCOPES = Set.of("accounting:read", "accounting:write", "bank_accounts:read",
            "bills:read", "bills:write", "business:read", "cards:read", "cards:read_vault", "cards:write",
            "cashbacks:read", "custom_records:read", "custom_records:write", "departments:read",
            "departments:write", "entities:read", "item_receipts:read", "item_receipts:write", "leads:read",
            "leads:write", "limits:read", "limits:write", "locations:read", "locations:write", "memos:read",
            "memos:write", "merchants:read", "purchase_orders:read", "purchase_orders:write",
            "receipt_integrations:read", "receipt_integrations:write", "receipts:read", "receipts:write",
            "reimbursements:read", "reimbursements:write", "repayments:read", "spend_programs:read",
            "spend_programs:write", "statements:read", "transactions:read", "transfers:read", "users:read",
            "users:write", "vendors:read", "vendors:write");

    private static final String VALIDATION = "DEVELOPER_7001";
    private static final String ANY_SCOPE = "";
    private static final Pattern UUID_FORMAT = Pattern
            .compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern EMAIL_FORMAT = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private static final Set<String> CREATE_KEYS = Set.of("department_id", "direct_manager_id", "email",
            "employee_id", "first_name", "idempotency_key", "is_manager", "last_name", "location_id", "role");
    private static final List<String> CREATE_REQUIRED = List.of("email", "first_name", "last_name", "role",
            "idempotency_key");
    private static final Set<String> UPDATE_KEYS = Set.of("auto_promote", "department_id", "direct_manager_id",
            "employee_id", "first_name", "is_manager", "last_name", "location_id", "role");

    /** A Ramp user as tests see it; {@code managerId} is the spec's {@code manager_id}. */
    public record User(String id, String email, String firstName, String lastName, String role,
            String departmentId, String locationId, String managerId, String employeeId, String status) {
    }

    private static final class Account {
        String id;
        String email;
        String firstName;
        String lastName;
        String role;
        String departmentId;
        String locationId;
        String managerId;
        String employeeId;
        String status;
        boolean managerFlag;

        User snapshot() {
            return new User(id, email, firstName, lastName, role, departmentId, locationId, managerId, employeeId,
                    status);
        }
    }

    private record Named(String id, String name, String entityId) {
    }

    private record Token(long expiresAt, Set<String> scopes) {
    }

    private record Invite(String email, String firstName, String lastName, String role, String departmentId,
            String locationId, String managerId, String employeeId, boolean isManager) {
    }

    private static final class Task {
        final String id;
        final Invite invite;
        int polls;
        String status = "STARTED";
        String userId;
        String error;

        Task(String id, Invite invite) {
            this.id = id;
            this.invite = invite;
        }

        boolean finished() {
            return status.equals("SUCCESS") || status.equals("ERROR");
        }
    }

    private static final class Webhook {
        String id;
        String endpointUrl;
        List<String> eventTypes;
        Map<String, String> additionalHeaders;
        String secret;
        String challenge;
        String status;
        String createdAt;
        String updatedAt;
    }

    /** An error answer in Ramp's shape, thrown by the operations. */
    private static final class ApiError extends RuntimeException {
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final String businessId = UUID.randomUUID().toString();
    private final String actingUserId = UUID.randomUUID().toString();

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Named> departments = new LinkedHashMap<>();
    private final Map<String, Named> locations = new LinkedHashMap<>();
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Map<String, String> taskByIdempotencyKey = new LinkedHashMap<>();
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private int invitesSent;
    private int deactivations;
    private int reactivations;
    private int tokensIssued;
    private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private int pollsUntilDone = DEFAULT_POLLS_UNTIL_DONE;

    public RampSimulator(String clientId, String clientSecret) {
        super("ramp", DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        rateLimit(DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS, DEFAULT_PENALTY_MILLIS);
    }

    // ---- test and sandbox controls -------------------------------------------------------------

    @Override
    protected synchronized void resetState() {
        accounts.clear();
        departments.clear();
        locations.clear();
        tokens.clear();
        tasks.clear();
        taskByIdempotencyKey.clear();
        webhooks.clear();
        invitesSent = 0;
        deactivations = 0;
        reactivations = 0;
        tokensIssued = 0;
        tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        pollsUntilDone = DEFAULT_POLLS_UNTIL_DONE;
        rateLimit(DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS, DEFAULT_PENALTY_MILLIS);
    }

    public synchronized String seedDepartment(String name) {
        return addNamed(departments, name, null, IllegalArgumentException::new);
    }

    public synchronized String seedLocation(String name) {
        return addNamed(locations, name, null, IllegalArgumentException::new);
    }

    public synchronized String seedUser(String email, String first, String last, String role, String status) {
        return seedUser(email, first, last, role, status, null, null, null, null);
    }

    /** Seeds a user directly (no invite counted); references must exist, the email must be new. */
    public synchronized String seedUser(String email, String first, String last, String role, String status,
            String departmentId, String locationId, String managerId, String employeeId) {
        if (!ROLES.contains(role) || !STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown role or status: " + role + ", " + status);
        }
        if (findByEmail(email).isPresent()) {
            throw new IllegalArgumentException("a user with this email already exists: " + email);
        }
        if ((departmentId != null && !departments.containsKey(departmentId))
                || (locationId != null && !locations.containsKey(locationId))
                || (managerId != null && !accounts.containsKey(managerId))) {
            throw new IllegalArgumentException("unknown department, location or manager id");
        }
        Account a = new Account();
        a.id = UUID.randomUUID().toString();
        a.email = email;
        a.firstName = first;
        a.lastName = last;
        a.role = role;
        a.status = status;
        a.departmentId = departmentId;
        a.locationId = locationId;
        a.managerId = managerId;
        a.employeeId = employeeId;
        accounts.put(a.id, a);
        return a.id;
    }

    /** What an admin does in Ramp's own UI (deactivate, reactivate): the user's status set directly. */
    public synchronized void setStatus(String email, String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown status: " + status);
        }
        findByEmail(email).orElseThrow(() -> new IllegalArgumentException("no user " + email)).status = status;
    }

    /** A webhook subscription as its creation would make it (pending verification); its id. */
    public synchronized String subscribe(String endpointUrl) {
        return newWebhook(endpointUrl, List.of("webhooks.verification"), Map.of()).id;
    }

    /** A new subscription, pending verification, with its own secret and challenge. */
    private Webhook newWebhook(String endpointUrl, List<String> eventTypes, Map<String, String> additionalHeaders) {
        Webhook w = new Webhook();
        w.id = UUID.randomUUID().toString();
        w.endpointUrl = endpointUrl;
        w.eventTypes = eventTypes;
        w.additionalHeaders = additionalHeaders;
        w.secret = "ramp_sec_" + randomHex(16);
        w.challenge = "ramp_challenge_" + randomHex(16);
        w.status = "pending_verification";
        w.createdAt = Instant.ofEpochMilli(clock.millis()).toString();
        w.updatedAt = w.createdAt;
        webhooks.put(w.id, w);
        return w;
    }

    public synchronized Optional<User> user(String email) {
        return findByEmail(email).map(Account::snapshot);
    }

    public synchronized List<User> users() {
        return accounts.values().stream().map(Account::snapshot).toList();
    }

    public synchronized Optional<String> departmentName(String id) {
        return Optional.ofNullable(departments.get(id)).map(Named::name);
    }

    public synchronized Optional<String> locationName(String id) {
        return Optional.ofNullable(locations.get(id)).map(Named::name);
    }

    public synchronized int invitesSent() {
        return invitesSent;
    }

    public synchronized int deactivations() {
        return deactivations;
    }

    public synchronized int reactivations() {
        return reactivations;
    }

    public synchronized int tokensIssued() {
        return tokensIssued;
    }

    /** Lifetime of tokens issued from now on (default 864000 s). */
    public synchronized RampSimulator tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** Every token issued so far is expired from now on ("token expires mid-run"). */
    public synchronized void expireAllTokens() {
        tokens.replaceAll((token, t) -> new Token(Long.MIN_VALUE, t.scopes()));
    }

    /** Number of polls that still answer STARTED / IN_PROGRESS before a task finishes (default 2). */
    public synchronized RampSimulator pollsUntilDone(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls must be >= 0");
        }
        this.pollsUntilDone = polls;
        return this;
    }

    /** The challenge Ramp would POST to the subscription's endpoint. */
    public synchronized Optional<String> challengeFor(String webhookId) {
        return Optional.ofNullable(webhooks.get(webhookId)).map(w -> w.challenge);
    }

    public synchronized Optional<String> webhookStatus(String webhookId) {
        return Optional.ofNullable(webhooks.get(webhookId)).map(w -> w.status);
    }

    /** Hex HMAC-SHA256 of the raw body keyed with the subscription secret (X-Ramp-Webhook-Signature). */
    public static String signature(String secret, String rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(rawBody.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    // ---- error shapes ----------------------------------------------------------------------------

    @Override
    protected Reply badRequest(String message) {
        return error(400, VALIDATION, message);
    }

    @Override
    protected Reply errorReply(int status, String message, String path) {
        return error(status, path.endsWith("/token") ? "INVALID_CLIENT" : "DEVELOPER_INTERNAL_ERROR", message);
    }

    @Override
    protected Reply tooManyRequests() {
        return error(429, "RATE_LIMITED", "Rate limit exceeded: too many requests. Back off and retry later.");
    }

    private static Reply error(int status, String code, String message) {
        Map<String, Object> v2 = new LinkedHashMap<>();
        v2.put("error_code", code);
        v2.put("message", message);
        v2.put("additional_info", null);
        v2.put("notes", null);
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("error_code", code);
        legacy.put("message", message);
        return new Reply(status, Map.of("error_v2", v2, "error", legacy), Map.of("x-trace-id", traceId()));
    }

    private static Reply withTrace(Reply reply) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("x-trace-id", traceId());
        return new Reply(reply.status(), reply.body(), headers);
    }

    private static String traceId() {
        return randomHex(16);
    }

    private static ApiError invalid(String message) {
        return new ApiError(400, VALIDATION, message);
    }

    private static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
    }

    private static ApiError unauthorized(String message) {
        return new ApiError(401, "UNAUTHORIZED", message);
    }

    // ---- routing ---------------------------------------------------------------------------------

    @Override
    protected Reply handle(Request r) {
        try {
            return withTrace(dispatch(r));
        } catch (ApiError e) {
            return error(e.status, e.code, e.getMessage());
        } catch (BadRequest e) {
            return badRequest(e.getMessage());
        }
    }

    @Override
    protected boolean isTokenRequest(RecordedRequest request) {
        return request.path().equals(PREFIX + "/token");
    }

    private Reply dispatch(Request r) {
        if (!r.path().startsWith(PREFIX + "/")) {
            throw notFound("Not found: " + r.path());
        }
        List<String> s = List.of(r.path().substring(PREFIX.length() + 1).split("/", -1));
        if (s.equals(List.of("token"))) {
            expect(r, "POST");
            return issueToken(r);
        }
        Set<String> scopes = authenticate(r);
        return route(r, s, scopes);
    }

    private Reply route(Request r, List<String> s, Set<String> scopes) {
        String root = s.get(0);
        int n = s.size();
        String m = r.method();
        if (root.equals("users")) {
            if (n == 1) {
                op(r, scopes, "GET", "users:read");
                return listUsers(r);
            }
            if (n == 2 && s.get(1).equals("deferred")) {
                op(r, scopes, "POST", "users:write");
                return createUserTask(r);
            }
            if (n == 4 && s.get(1).equals("deferred") && s.get(2).equals("status")) {
                op(r, scopes, "GET", "users:write"); // the spec asks users:write here
                return taskStatus(s.get(3));
            }
            if (n == 2 && m.equals("PATCH")) {
                op(r, scopes, "PATCH", "users:write");
                return updateUser(r, s.get(1));
            }
            if (n == 2) {
                op(r, scopes, "GET", "users:read");
                return getUser(s.get(1));
            }
            if (n == 3 && (s.get(2).equals("deactivate") || s.get(2).equals("reactivate"))) {
                op(r, scopes, "PATCH", "users:write");
                return s.get(2).equals("deactivate") ? deactivate(s.get(1)) : reactivate(s.get(1));
            }
        }
        if (root.equals("departments") || root.equals("locations")) {
            boolean isDept = root.equals("departments");
            Map<String, Named> table = isDept ? departments : locations;
            if (n == 1 && m.equals("POST")) {
                op(r, scopes, "POST", root + ":write");
                return createNamed(r, table, isDept);
            }
            if (n == 1) {
                op(r, scopes, "GET", root + ":read");
                return listNamed(r, table, isDept);
            }
            if (n == 2) {
                op(r, scopes, "GET", root + ":read");
                return getNamed(table, s.get(1), isDept);
            }
        }
        if (root.equals("webhooks")) {
            if (n == 1 && m.equals("POST")) {
                op(r, scopes, "POST", ANY_SCOPE);
                return createWebhook(r);
            }
            if (n == 1) {
                op(r, scopes, "GET", ANY_SCOPE);
                return listWebhooks();
            }
            if (n == 3 && s.get(2).equals("verify")) {
                op(r, scopes, "POST", ANY_SCOPE);
                return verifyWebhook(r, s.get(1));
            }
        }
        throw notFound("Not found: " + r.path());
    }

    /** Checks the method (405) and the token's scope (403) of an operation. */
    private static void op(Request r, Set<String> scopes, String method, String scope) {
        expect(r, method);
        if (!scope.isEmpty() && !scopes.contains(scope)) {
            throw new ApiError(403, "FORBIDDEN", "The access token lacks the required scope " + scope);
        }
    }

    private static void expect(Request r, String method) {
        if (!r.method().equals(method)) {
            throw new ApiError(405, "METHOD_NOT_ALLOWED", r.method() + " is not allowed on " + r.path());
        }
    }

    // ---- auth ------------------------------------------------------------------------------------

    private Reply issueToken(Request r) {
        checkClientCredentials(r.header("authorization"));
        String contentType = r.header("content-type");
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw invalid("Content-Type must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = parseQuery(r.body());
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isBlank()) {
            throw invalid("grant_type: Missing data for required field.");
        }
        if (!grantType.equals("client_credentials")) {
            throw invalid("grant_type: only client_credentials is permitted for this app");
        }
        Set<String> scopes = requestedScopes(form.get("scope"));
        String token = "ramp_tok_" + randomHex(24);
        tokens.put(token, new Token(clock.millis() + tokenLifetime.toMillis(), Set.copyOf(scopes)));
        tokensIssued++;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenLifetime.toSeconds());
        body.put("scope", String.join(" ", scopes));
        return Reply.json(200, body);
    }

    private void checkClientCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized("Client authentication failed: HTTP Basic client credentials required");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("Client authentication failed");
        }
        int colon = decoded.indexOf(':');
        boolean ok = colon > 0 && same(decoded.substring(0, colon), clientId)
                && same(decoded.substring(colon + 1), clientSecret);
        if (!ok) {
            throw unauthorized("Client authentication failed");
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> requestedScopes(String scope) {
        if (scope == null || scope.isBlank()) {
            throw invalid("scope: required for grant_type=client_credentials");
        }
        Set<String> scopes = new LinkedHashSet<>(List.of(scope.trim().split("\\s+")));
        List<String> unknown = scopes.stream().filter(x -> !SCOPES.contains(x)).toList();
        if (!unknown.isEmpty()) {
            throw invalid("scope: not permitted for this app: " + String.join(" ", unknown));
        }
        return scopes;
    }

    private Set<String> authenticate(Request r) {
        String authorization = r.header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("Missing bearer access token");
        }
        Token token = tokens.get(authorization.substring(7).trim());
        if (token == null) {
            throw unauthorized("Invalid access token");
        }
        if (clock.millis() >= token.expiresAt()) {
            throw unauthorized("Access token expired");
        }
        return token.scopes();
    }

    // ---- users -----------------------------------------------------------------------------------

    private Reply listUsers(Request r) {
        Map<String, String> q = r.query();
        allowQuery(q, Set.of("employee_id", "role", "start", "page_size", "entity_id", "department_id", "email",
                "location_id"));
        String role = q.get("role");
        if (role != null && !ROLES.contains(role)) {
            throw invalid("role: Must be one of: " + String.join(", ", ROLES) + ".");
        }
        for (String key : List.of("entity_id", "department_id", "location_id")) {
            if (q.containsKey(key)) {
                uuid(key, q.get(key));
            }
        }
        String email = q.get("email");
        if (email != null && !EMAIL_FORMAT.matcher(email).matches()) {
            throw invalid("email: Not a valid email address.");
        }
        // who manages someone, once per request (a list of 10,000 users asked it per user: minutes a page)
        Set<String> managerIds = managerIds();
        List<Map<String, Object>> items = accounts.values().stream()
                .filter(a -> email == null || a.email.equalsIgnoreCase(email))
                .filter(a -> matches(q, "employee_id", a.employeeId))
                .filter(a -> matches(q, "role", a.role))
                .filter(a -> matches(q, "department_id", a.departmentId))
                .filter(a -> matches(q, "location_id", a.locationId))
                .filter(a -> matches(q, "entity_id", entityOf(a)))
                .map(a -> userJson(a, managerIds))
                .toList();
        return Reply.json(200, page(r, "/users", items));
    }

    private static boolean matches(Map<String, String> q, String key, String value) {
        return !q.containsKey(key) || q.get(key).equals(value);
    }

    private Reply getUser(String id) {
        return Reply.json(200, userJson(account(id)));
    }

    private Reply createUserTask(Request r) {
        JsonNode body = jsonObject(r);
        rejectUnknown(body, CREATE_KEYS, "");
        for (String field : CREATE_REQUIRED) {
            if (!body.has(field)) {
                throw invalid(field + ": Missing data for required field.");
            }
        }
        String email = string(body, "email");
        if (!EMAIL_FORMAT.matcher(email).matches()) {
            throw invalid("email: Not a valid email address.");
        }
        String role = role(body);
        String key = string(body, "idempotency_key");
        Invite invite = new Invite(email, name(body, "first_name"), name(body, "last_name"), role,
                uuid(body, "department_id"), uuid(body, "location_id"), uuid(body, "direct_manager_id"),
                employeeId(body), bool(body, "is_manager"));
        String existing = taskByIdempotencyKey.get(key);
        if (existing != null) {
            return Reply.json(201, Map.of("id", existing));
        }
        Task task = new Task(UUID.randomUUID().toString(), invite);
        tasks.put(task.id, task);
        taskByIdempotencyKey.put(key, task.id);
        return Reply.json(201, Map.of("id", task.id));
    }

    private Reply taskStatus(String taskId) {
        Task task = tasks.get(taskId);
        if (task == null) {
            throw notFound("Deferred task not found: " + taskId);
        }
        if (!task.finished()) {
            task.polls++;
            if (task.polls > pollsUntilDone) {
                finish(task);
            } else {
                task.status = task.polls == 1 ? "STARTED" : "IN_PROGRESS";
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", task.userId);
        data.put("error", task.error);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", task.id);
        body.put("status", task.status);
        body.put("data", data);
        body.put("context", Map.of("acting_user_id", actingUserId));
        return Reply.json(200, body);
    }

    /** Runs the invite: checks references and email uniqueness now, as Ramp's async worker would. */
    private void finish(Task task) {
        Invite in = task.invite;
        String problem = null;
        if (findByEmail(in.email()).isPresent()) {
            problem = "A user with email " + in.email() + " already exists";
        } else if (in.departmentId() != null && !departments.containsKey(in.departmentId())) {
            problem = "Department " + in.departmentId() + " does not exist";
        } else if (in.locationId() != null && !locations.containsKey(in.locationId())) {
            problem = "Location " + in.locationId() + " does not exist";
        } else if (in.managerId() != null && !accounts.containsKey(in.managerId())) {
            problem = "Direct manager " + in.managerId() + " does not exist";
        }
        if (problem != null) {
            task.status = "ERROR";
            task.error = problem;
            return;
        }
        Account a = new Account();
        a.id = UUID.randomUUID().toString();
        a.email = in.email();
        a.firstName = in.firstName();
        a.lastName = in.lastName();
        a.role = in.role();
        a.departmentId = in.departmentId();
        a.locationId = in.locationId();
        a.managerId = in.managerId();
        a.employeeId = in.employeeId();
        a.managerFlag = in.isManager();
        a.status = "INVITE_PENDING";
        accounts.put(a.id, a);
        invitesSent++;
        task.status = "SUCCESS";
        task.userId = a.id;
    }

    private Reply updateUser(Request r, String id) {
        Account a = account(id);
        JsonNode body = jsonObject(r);
        if (body.has("email")) {
            throw invalid("email: cannot be changed");
        }
        if (body.has("status")) {
            throw invalid("status: cannot be changed here; use /deactivate or /reactivate");
        }
        rejectUnknown(body, UPDATE_KEYS, body.has("manager_id") ? " (the request field is direct_manager_id)" : "");
        String first = body.has("first_name") ? name(body, "first_name") : a.firstName;
        String last = body.has("last_name") ? name(body, "last_name") : a.lastName;
        String role = body.has("role") ? role(body) : a.role;
        String employeeId = body.has("employee_id") ? employeeId(body) : a.employeeId;
        String dept = body.has("department_id") ? existing(departments, uuid(body, "department_id"), "department_id")
                : a.departmentId;
        String loc = body.has("location_id") ? existing(locations, uuid(body, "location_id"), "location_id")
                : a.locationId;
        String manager = body.has("direct_manager_id") ? existing(accounts, uuid(body, "direct_manager_id"),
                "direct_manager_id") : a.managerId;
        if (a.id.equals(manager)) {
            throw invalid("direct_manager_id: a user cannot be their own manager");
        }
        boolean managerFlag = body.has("is_manager") ? bool(body, "is_manager") : a.managerFlag;
        boolean autoPromote = bool(body, "auto_promote");
        a.firstName = first;
        a.lastName = last;
        a.role = role;
        a.employeeId = employeeId;
        a.departmentId = dept;
        a.locationId = loc;
        a.managerId = manager;
        a.managerFlag = managerFlag;
        if (autoPromote && manager != null) {
            accounts.get(manager).managerFlag = true;
        }
        return Reply.empty(204);
    }

    private Reply deactivate(String id) {
        Account a = account(id);
        if (a.status.equals("USER_INACTIVE")) {
            throw invalid("User " + id + " is already deactivated");
        }
        a.status = "USER_INACTIVE";
        deactivations++;
        return Reply.json(200, Map.of());
    }

    private Reply reactivate(String id) {
        Account a = account(id);
        if (!a.status.equals("USER_INACTIVE")) {
            throw invalid("User " + id + " is not deactivated (status " + a.status + ")");
        }
        a.status = "USER_ACTIVE";
        reactivations++;
        return Reply.json(200, Map.of());
    }

    private Account account(String id) {
        Account a = accounts.get(id);
        if (a == null) {
            throw notFound("User not found: " + id);
        }
        return a;
    }

    private Optional<Account> findByEmail(String email) {
        return accounts.values().stream().filter(a -> a.email.equalsIgnoreCase(email)).findFirst();
    }

    private String entityOf(Account a) {
        Named location = a.locationId == null ? null : locations.get(a.locationId);
        return location == null ? null : location.entityId();
    }

    private Set<String> managerIds() {
        Set<String> ids = new HashSet<>();
        accounts.values().forEach(u -> {
            if (u.managerId != null) {
                ids.add(u.managerId);
            }
        });
        return ids;
    }

    private Map<String, Object> userJson(Account a) {
        return userJson(a, managerIds());
    }

    private Map<String, Object> userJson(Account a, Set<String> managerIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("business_id", businessId);
        m.put("custom_fields", List.of());
        m.put("department_id", a.departmentId);
        m.put("email", a.email);
        if (a.employeeId != null) {
            m.put("employee_id", a.employeeId);
        }
        m.put("entity_id", entityOf(a));
        m.put("first_name", a.firstName);
        m.put("id", a.id);
        m.put("is_manager", a.managerFlag || managerIds.contains(a.id));
        m.put("last_name", a.lastName);
        m.put("location_id", a.locationId);
        m.put("manager_id", a.managerId);
        m.put("role", a.role);
        m.put("status", a.status);
        return m;
    }

    // ---- departments and locations ---------------------------------------------------------------

    private Reply listNamed(Request r, Map<String, Named> table, boolean isDept) {
        Map<String, String> q = r.query();
        allowQuery(q, isDept ? Set.of("start", "page_size") : Set.of("start", "page_size", "entity_id"));
        if (q.containsKey("entity_id")) {
            uuid("entity_id", q.get("entity_id"));
        }
        List<Map<String, Object>> items = table.values().stream()
                .filter(x -> !q.containsKey("entity_id") || q.get("entity_id").equals(x.entityId()))
                .map(x -> namedJson(x, isDept))
                .toList();
        return Reply.json(200, page(r, isDept ? "/departments" : "/locations", items));
    }

    private Reply getNamed(Map<String, Named> table, String id, boolean isDept) {
        Named x = table.get(id);
        if (x == null) {
            throw notFound((isDept ? "Department" : "Location") + " not found: " + id);
        }
        return Reply.json(200, namedJson(x, isDept));
    }

    private Reply createNamed(Request r, Map<String, Named> table, boolean isDept) {
        JsonNode body = jsonObject(r);
        rejectUnknown(body, isDept ? Set.of("name") : Set.of("name", "entity_id"), "");
        if (!body.has("name")) {
            throw invalid("name: Missing data for required field.");
        }
        String name = string(body, "name");
        String entityId = isDept ? null : uuid(body, "entity_id");
        String id = addNamed(table, name, entityId, RampSimulator::invalid);
        return Reply.json(201, namedJson(table.get(id), isDept));
    }

    private static String addNamed(Map<String, Named> table, String name, String entityId,
            Function<String, RuntimeException> failure) {
        if (name == null || name.isBlank()) {
            throw failure.apply("name: must not be blank");
        }
        boolean duplicate = table.values().stream().anyMatch(x -> x.name().trim().equalsIgnoreCase(name.trim()));
        if (duplicate) {
            throw failure.apply("name: '" + name + "' already exists");
        }
        String id = UUID.randomUUID().toString();
        table.put(id, new Named(id, name, entityId));
        return id;
    }

    private static Map<String, Object> namedJson(Named x, boolean isDept) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!isDept && x.entityId() != null) {
            m.put("entity_id", x.entityId());
        }
        m.put("id", x.id());
        m.put("name", x.name());
        return m;
    }

    // ---- webhooks --------------------------------------------------------------------------------

    private Reply createWebhook(Request r) {
        JsonNode body = jsonObject(r);
        rejectUnknown(body, Set.of("endpoint_url", "event_types", "additional_headers"), "");
        for (String field : List.of("endpoint_url", "event_types")) {
            if (!body.has(field)) {
                throw invalid(field + ": Missing data for required field.");
            }
        }
        Webhook w = newWebhook(endpointUrl(string(body, "endpoint_url")), eventTypes(body.get("event_types")),
                additionalHeaders(body.get("additional_headers")));
        Map<String, Object> json = webhookJson(w);
        json.put("secret", w.secret);
        return Reply.json(201, json);
    }

    private Reply listWebhooks() {
        return Reply.json(200, webhooks.values().stream().map(this::webhookJson).toList());
    }

    private Reply verifyWebhook(Request r, String id) {
        Webhook w = webhooks.get(id);
        if (w == null) {
            throw notFound("Webhook subscription not found: " + id);
        }
        JsonNode body = jsonObject(r);
        rejectUnknown(body, Set.of("challenge"), "");
        if (!body.has("challenge")) {
            throw invalid("challenge: Missing data for required field.");
        }
        if (!same(string(body, "challenge"), w.challenge)) {
            throw invalid("challenge: does not match the challenge sent to the endpoint");
        }
        if (!w.status.equals("active")) {
            w.status = "active";
            w.updatedAt = Instant.ofEpochMilli(clock.millis()).toString();
        }
        return Reply.json(200, Map.of("success", true));
    }

    private static String endpointUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw invalid("endpoint_url: Not a valid URL.");
            }
            return url;
        } catch (URISyntaxException e) {
            throw invalid("endpoint_url: Not a valid URL.");
        }
    }

    private static List<String> eventTypes(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw invalid("event_types: Not a valid list.");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !EVENT_TYPES.contains(item.asText())) {
                throw invalid("event_types: Must be one of: " + String.join(", ", EVENT_TYPES) + ".");
            }
            types.add(item.asText());
        }
        return List.copyOf(types);
    }

    private static Map<String, String> additionalHeaders(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null) {
            return headers;
        }
        if (!node.isObject() || node.size() > 5) {
            throw invalid("additional_headers: must be an object of at most 5 headers");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().isTextual() ? e.getValue().asText() : "";
            if (e.getKey().length() > 100 || value.isEmpty() || value.length() > 1000) {
                throw invalid("additional_headers: names up to 100 characters, values 1 to 1000 characters");
            }
            headers.put(e.getKey(), value);
        }
        return headers;
    }

    private Map<String, Object> webhookJson(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("additional_headers", w.additionalHeaders);
        m.put("business_id", businessId);
        m.put("created_at", w.createdAt);
        m.put("endpoint_url", w.endpointUrl);
        m.put("event_types", w.eventTypes);
        m.put("id", w.id);
        m.put("status", w.status);
        m.put("updated_at", w.updatedAt);
        return m;
    }

    // ---- paging ----------------------------------------------------------------------------------

    /** Keyset page over items ordered by id: {data, page:{next}} with next a full URL or null. */
    private Map<String, Object> page(Request r, String path, List<Map<String, Object>> items) {
        int size = pageSize(r.query());
        String start = r.query().containsKey("start") ? uuid("start", r.query().get("start")).toLowerCase(Locale.ROOT)
                : null;
        List<Map<String, Object>> after = items.stream()
                .sorted(Comparator.comparing((Map<String, Object> m) -> (String) m.get("id")))
                .filter(m -> start == null || ((String) m.get("id")).compareTo(start) > 0)
                .toList();
        List<Map<String, Object>> data = after.subList(0, Math.min(size, after.size()));
        Map<String, Object> page = new LinkedHashMap<>();
        String next = after.size() > size ? nextUrl(r, path, size, (String) data.get(size - 1).get("id")) : null;
        if (next != null && pagingFault() == PagingFault.REPEATING) {
            // always the first page's next link
            next = nextUrl(r, path, size, (String) items.stream().map(m -> (String) m.get("id")).sorted().toList().get(size - 1));
        }
        page.put("next", nextLink(next));
        return Map.of("data", data, "page", page);
    }

    private static int pageSize(Map<String, String> q) {
        if (!q.containsKey("page_size")) {
            return 20;
        }
        int size;
        try {
            size = Integer.parseInt(q.get("page_size"));
        } catch (NumberFormatException e) {
            throw invalid("page_size: Not a valid integer.");
        }
        if (size < 2 || size > 100) {
            throw invalid("page_size: Value must be between 2 and 100");
        }
        return size;
    }

    private String nextUrl(Request r, String path, int size, String lastId) {
        StringBuilder query = new StringBuilder();
        r.query().forEach((k, v) -> {
            if (!k.equals("start") && !k.equals("page_size")) {
                query.append(encode(k)).append('=').append(encode(v)).append('&');
            }
        });
        query.append("page_size=").append(size).append("&start=").append(encode(lastId));
        String host = r.header("host");
        String origin = host == null || host.isBlank() ? baseUrl() : "http://" + host;
        return origin + PREFIX + path + "?" + query;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- request validation ----------------------------------------------------------------------

    private static void allowQuery(Map<String, String> q, Set<String> allowed) {
        List<String> unknown = q.keySet().stream().filter(k -> !allowed.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw invalid("Unknown query parameter(s): " + String.join(", ", unknown));
        }
    }

    private static JsonNode jsonObject(Request r) {
        String contentType = r.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw invalid("Content-Type must be application/json");
        }
        JsonNode body = r.json();
        if (!body.isObject()) {
            throw invalid("Request body must be a JSON object");
        }
        return body;
    }

    private static void rejectUnknown(JsonNode body, Set<String> allowed, String hint) {
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid(String.join(", ", unknown) + ": Unknown field." + hint);
        }
    }

    /** A present, non-null string field. */
    private static String string(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid(field + ": Not a valid string.");
        }
        return v.asText();
    }

    private static String name(JsonNode body, String field) {
        String v = string(body, field);
        if (v.isEmpty() || v.length() > 255) {
            throw invalid(field + ": Length must be between 1 and 255.");
        }
        return v;
    }

    private static String role(JsonNode body) {
        String role = string(body, "role");
        if (!ROLES.contains(role)) {
            throw invalid("role: Must be one of: " + String.join(", ", ROLES) + ".");
        }
        if (role.equals("BUSINESS_OWNER")) {
            throw invalid("role: BUSINESS_OWNER is not a permissible value");
        }
        return role;
    }

    private static String employeeId(JsonNode body) {
        if (!body.has("employee_id")) {
            return null;
        }
        String v = string(body, "employee_id");
        if (v.isEmpty()) {
            throw invalid("employee_id: Shorter than minimum length 1.");
        }
        return v;
    }

    /** An optional UUID field: absent gives null. */
    private static String uuid(JsonNode body, String field) {
        return body.has(field) ? uuid(field, string(body, field)) : null;
    }

    private static String uuid(String field, String value) {
        if (!UUID_FORMAT.matcher(value).matches()) {
            throw invalid(field + ": Not a valid UUID.");
        }
        return value;
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw invalid(field + ": Not a valid boolean.");
        }
        return v.asBoolean();
    }

    private static <T> String existing(Map<String, T> table, String id, String field) {
        if (!table.containsKey(id)) {
            throw invalid(field + ": " + id + " does not exist");
        }
        return id;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }
}
