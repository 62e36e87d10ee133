package io.hrsync.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Stateful, strict simulator of Workiva's 2026-01-01 user-management API (OAuth2 client credentials,
 * organization users, workspace groups, organization roles) plus the customer's SCIM endpoint under
 * {@code /scim/v2} (used only to suspend and reactivate users, which the REST API cannot do).
 *
 * <p>Where the third-party guide and Workiva's own OpenAPI document disagree, this follows the spec:
 * groups live under {@code /organizations/{org}/workspaces/{ws}/groups}, lists page with an opaque
 * {@code @nextLink}, user PATCH takes a JSON Patch array, and {@code status} is read-only over REST.
 */
public class WorkivaSimulator extends VendorSimulator {

    public static final String API_VERSION = "2026-01-01";
    public static final String TOKEN_PATH = "/iam/v1/oauth2/token";
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(599);
    public static final int DEFAULT_RATE_LIMIT = 600;
    public static final long DEFAULT_RATE_WINDOW_MILLIS = 60_000;
    /** Spec: {@code $maxpagesize} 1-1000, default 1000. */
    public static final int MAX_PAGE_SIZE = 1000;

    private static final String READ = "organization:read";
    private static final String WRITE = "organization:write";
    private static final Set<String> SCOPES = Set.of(READ, WRITE);
    private static final Set<String> PATCHABLE_PATHS =
            Set.of("/givenName", "/familyName", "/displayName", "/username", "/email");
    private static final Set<String> USER_FIELDS =
            Set.of("id", "givenName", "familyName", "displayName", "email", "username", "status", "created", "modified");
    private static final Set<String> READ_ONLY_USER_FIELDS = Set.of("id", "created", "modified");

    private static final String SCIM_PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    private static final String ORG = "/organizations/([^/]+)";
    private static final String WS = ORG + "/workspaces/([^/]+)";
    private static final Pattern USERS = Pattern.compile(ORG + "/users");
    private static final Pattern USER = Pattern.compile(ORG + "/users/([^/]+)");
    private static final Pattern USER_ROLES = Pattern.compile(ORG + "/users/([^/]+)/roles/(assignment|revocation)");
    private static final Pattern GROUPS = Pattern.compile(WS + "/groups");
    private static final Pattern GROUP = Pattern.compile(WS + "/groups/([^/]+)");
    private static final Pattern MEMBERS = Pattern.compile(WS + "/groups/([^/]+)/members");
    private static final Pattern MEMBERS_MODIFICATION = Pattern.compile(WS + "/groups/([^/]+)/members/modification");
    private static final Pattern OPERATION = Pattern.compile("/operations/([^/]+)");
    private static final Pattern SHORT_GROUPS = Pattern.compile("/workspaces/.*");
    private static final Pattern SCIM_USER_PATH = Pattern.compile("/scim/v2/Users/([^/]+)");
    private static final Pattern EMAIL_FILTER = Pattern.compile("email eq '((?:[^']|'')*)'");
    private static final Pattern NAME_FILTER = Pattern.compile("name eq '((?:[^']|'')*)'");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user as tests and the sandbox see it (immutable snapshot). */
    public record User(String id, String email, String givenName, String familyName, String displayName,
            String username, boolean active, Set<String> groupNames) {
        public User {
            groupNames = Set.copyOf(groupNames);
        }
    }

    private static final class UserState {
        final String id;
        final long seq;
        final Instant created;
        Instant modified;
        String email;
        String givenName;
        String familyName;
        String displayName;
        String username;
        boolean active;
        final Set<String> roleIds = new LinkedHashSet<>();

        UserState(String id, long seq, Instant created) {
            this.id = id;
            this.seq = seq;
            this.created = created;
            this.modified = created;
        }
    }

    private static final class GroupState {
        final String id;
        final long seq;
        final String name;
        final Instant created;
        Instant modified;
        final Set<String> memberIds = new LinkedHashSet<>();

        GroupState(String id, long seq, String name, Instant created) {
            this.id = id;
            this.seq = seq;
            this.name = name;
            this.created = created;
            this.modified = created;
        }
    }

    private record Grant(long expiresAtMillis, Set<String> scopes) {
    }

    /** Where a list continues: the filter and page size of the first request, after the last item served. */
    private record Listing(String filter, int pageSize, long afterSeq) {
    }

    private record Cursor(String path, Listing listing) {
    }

    /** A Workiva error answer {code, message, target, details[]}. */
    private static final class ApiError extends RuntimeException {
        final int status;
        final String code;
        final String target;
        final List<Map<String, Object>> details;

        ApiError(int status, String code, String message, String target, List<Map<String, Object>> details) {
            super(message);
            this.status = status;
            this.code = code;
            this.target = target;
            this.details = details;
        }
    }

    /** A SCIM error answer (RFC 7644 section 3.12). */
    private static final class ScimError extends RuntimeException {
        final int status;
        final String scimType;

        ScimError(int status, String scimType, String detail) {
            super(detail);
            this.status = status;
            this.scimType = scimType;
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final String organizationId;
    private final String workspaceId;
    private final String scimToken;

    private final Map<String, UserState> users = new LinkedHashMap<>();
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private final Map<String, String> roles = new LinkedHashMap<>(); // role id -> name
    private final Map<String, Grant> tokens = new HashMap<>();
    private final Map<String, Cursor> cursors = new HashMap<>();
    /** With repeating next links: the one link given for each list. */
    private final Map<String, String> repeatedLinks = new HashMap<>();
    private final Map<String, Instant> operations = new HashMap<>();
    private long sequence;
    private int creates;
    private int deletes;
    private int tokensIssued;
    private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private volatile Integer retryAfterSeconds;

    public WorkivaSimulator(String clientId, String clientSecret, String organizationId, String workspaceId,
            String scimToken) {
        super("workiva", DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS);
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        this.scimToken = Objects.requireNonNull(scimToken, "scimToken");
    }

    @Override
    public synchronized WorkivaSimulator start(int port) {
        super.start(port);
        return this;
    }

    // ---- test and sandbox controls -------------------------------------------------------------

    public String organizationId() {
        return organizationId;
    }

    public String workspaceId() {
        return workspaceId;
    }

    /** Adds a user directly (no request recorded, not counted as a create); answers its id. */
    public synchronized String seedUser(String email, String givenName, String familyName, boolean active) {
        if (findByEmail(email, null).isPresent()) {
            throw new IllegalArgumentException("a user with that email already exists");
        }
        UserState user = newUser(email, givenName, familyName, givenName + " " + familyName, email);
        user.active = active;
        return user.id;
    }

    /** Adds a group to the configured workspace; answers its id. Group names are unique here. */
    public synchronized String seedGroup(String name) {
        if (groupNamed(name).isPresent()) {
            throw new IllegalArgumentException("group already exists: " + name);
        }
        Instant now = now();
        GroupState group = new GroupState(newId("WFGroup"), ++sequence, name, now);
        groups.put(group.id, group);
        return group.id;
    }

    /** Adds an organization role of the configured workspace; answers its (UUID) id. */
    public synchronized String seedRole(String name) {
        String id = UUID.randomUUID().toString();
        roles.put(id, name);
        return id;
    }

    /** Puts a seeded user into a seeded group. */
    public synchronized void seedMember(String groupName, String email) {
        GroupState group = groupNamed(groupName).orElseThrow(() -> new IllegalArgumentException("no group " + groupName));
        UserState user = findByEmail(email, null).orElseThrow(() -> new IllegalArgumentException("no user " + email));
        group.memberIds.add(user.id);
    }

    public synchronized Optional<User> user(String email) {
        return findByEmail(email, null).map(this::snapshot);
    }

    public synchronized List<User> users() {
        return users.values().stream().map(this::snapshot).toList();
    }

    /** Emails of the members of the named group; unknown group name is an error (not an empty set). */
    public synchronized Set<String> groupMemberEmails(String groupName) {
        GroupState group = groupNamed(groupName).orElseThrow(() -> new IllegalArgumentException("no group " + groupName));
        Set<String> emails = new TreeSet<>();
        group.memberIds.forEach(id -> emails.add(users.get(id).email));
        return Set.copyOf(emails);
    }

    /** Names of the roles assigned to the user with that email (empty if no such user). */
    public synchronized Set<String> roleNames(String email) {
        return findByEmail(email, null)
                .map(u -> u.roleIds.stream().map(roles::get).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    public synchronized int creates() {
        return creates;
    }

    public synchronized int deletes() {
        return deletes;
    }

    @Override
    protected boolean isTokenRequest(RecordedRequest request) {
        return request.path().equals(TOKEN_PATH);
    }

    public synchronized int tokensIssued() {
        return tokensIssued;
    }

    /** Lifetime of tokens issued from now on (default 599 s); really enforced. */
    public synchronized WorkivaSimulator tokenLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.isNegative()) {
            throw new IllegalArgumentException("token lifetime must not be negative");
        }
        this.tokenLifetime = lifetime;
        return this;
    }

    /** Every token issued so far answers 401 from now on. */
    public synchronized void expireAllTokens() {
        tokens.replaceAll((token, grant) -> new Grant(0, grant.scopes()));
    }

    /** Retry-After (seconds) sent with 429 answers; null (the default, as in the spec) sends none. */
    public WorkivaSimulator retryAfterSeconds(Integer seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    @Override
    protected synchronized void resetState() {
        repeatedLinks.clear();
        users.clear();
        groups.clear();
        roles.clear();
        tokens.clear();
        cursors.clear();
        operations.clear();
        sequence = 0;
        creates = 0;
        deletes = 0;
        tokensIssued = 0;
        tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        retryAfterSeconds = null;
        rateLimit(DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS, 0);
    }

    // ---- vendor error shapes ---------------------------------------------------------------------

    @Override
    protected Reply badRequest(String message) {
        return errorReply(400, "400BadRequest", message, null, List.of());
    }

    @Override
    protected Reply errorReply(int status, String message, String path) {
        if (path.equals(TOKEN_PATH)) {
            return iamError(status, "invalid_client", message);
        }
        if (path.contains("/scim/")) {
            return scimErrorReply(new ScimError(status, null, message));
        }
        return errorReply(status, status + "Error", message, null, List.of());
    }

    @Override
    protected Reply tooManyRequests() {
        Integer retryAfter = retryAfterSeconds;
        Reply reply = errorReply(429, "429TooManyRequests",
                "Too many requests have been made against the API in too short a time", null, List.of());
        return retryAfter == null ? reply
                : new Reply(429, reply.body(), Map.of("Retry-After", String.valueOf(retryAfter)));
    }

    private static Reply errorReply(int status, String code, String message, String target,
            List<Map<String, Object>> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("target", target);
        body.put("details", details);
        return Reply.json(status, body);
    }

    private static ApiError invalid(String target, String message) {
        return new ApiError(400, "400BadRequest", message, target, List.of());
    }

    private static ApiError notFound(String target, String message) {
        return new ApiError(404, "404NotFound", message, target, List.of());
    }

    private static ApiError conflict(String target, String message) {
        return new ApiError(409, "409Conflict", message, target, List.of());
    }

    private static ApiError unauthorized(String message) {
        return new ApiError(401, "401Unauthorized", message, null, List.of());
    }

    private static Map<String, Object> detail(String code, String message, String target) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", code);
        detail.put("message", message);
        detail.put("target", target);
        return detail;
    }

    // ---- dispatch --------------------------------------------------------------------------------

    @Override
    protected Reply handle(Request request) {
        try {
            if (request.path().equals(TOKEN_PATH)) {
                return token(request);
            }
            if (request.path().equals("/scim/v2") || request.path().startsWith("/scim/v2/")) {
                return scim(request);
            }
            return api(request);
        } catch (ApiError e) {
            return errorReply(e.status, e.code, e.getMessage(), e.target, e.details);
        } catch (ScimError e) {
            return scimErrorReply(e);
        }
    }

    private Reply api(Request request) {
        requireVersion(request);
        Grant grant = authenticate(request);
        requireScope(grant, request.method().equals("GET") ? READ : WRITE);
        String path = request.path();
        String method = request.method();
        Matcher m;
        if ((m = USERS.matcher(path)).matches()) {
            requireOrganization(m.group(1));
            return switch (method) {
                case "GET" -> listUsers(request);
                case "POST" -> createUser(request);
                default -> throw methodNotAllowed(method, path);
            };
        }
        if ((m = USER.matcher(path)).matches()) {
            requireOrganization(m.group(1));
            return switch (method) {
                case "GET" -> getUser(m.group(2));
                case "PATCH" -> patchUser(request, m.group(2));
                case "DELETE" -> deleteUser(m.group(2));
                default -> throw methodNotAllowed(method, path);
            };
        }
        if ((m = USER_ROLES.matcher(path)).matches()) {
            requireOrganization(m.group(1));
            requireMethod(request, "POST");
            return m.group(3).equals("assignment") ? assignRoles(request, m.group(2)) : revokeRoles(request, m.group(2));
        }
        if ((m = GROUPS.matcher(path)).matches()) {
            requireWorkspace(m.group(1), m.group(2));
            requireMethod(request, "GET");
            return listGroups(request);
        }
        if ((m = GROUP.matcher(path)).matches()) {
            requireWorkspace(m.group(1), m.group(2));
            requireMethod(request, "GET");
            return getGroup(request, m.group(3));
        }
        if ((m = MEMBERS.matcher(path)).matches()) {
            requireWorkspace(m.group(1), m.group(2));
            requireMethod(request, "GET");
            return listMembers(request, m.group(3));
        }
        if ((m = MEMBERS_MODIFICATION.matcher(path)).matches()) {
            requireWorkspace(m.group(1), m.group(2));
            requireMethod(request, "POST");
            return modifyMembers(request, m.group(3));
        }
        if ((m = OPERATION.matcher(path)).matches()) {
            requireMethod(request, "GET");
            return getOperation(m.group(1));
        }
        if (SHORT_GROUPS.matcher(path).matches()) {
            throw notFound(null, "no such path " + path
                    + ": in the 2026-01-01 API workspace groups live under /organizations/{organizationId}/workspaces/{workspaceId}/groups");
        }
        throw notFound(null, "no such path " + path);
    }

    private static void requireVersion(Request request) {
        String version = request.header("X-Version");
        if (!API_VERSION.equals(version)) {
            throw invalid("X-Version", "X-Version: " + API_VERSION + " is required (got "
                    + (version == null ? "none" : "'" + version + "'") + "); the 2022-01-01 API does not serve "
                    + request.path());
        }
    }

    private Grant authenticate(Request request) {
        String token = bearer(request);
        Grant grant = token == null ? null : tokens.get(token);
        if (grant == null) {
            throw unauthorized("No valid API token provided");
        }
        if (clock.millis() >= grant.expiresAtMillis()) {
            throw unauthorized("The API token has expired: request a new one");
        }
        return grant;
    }

    private static void requireScope(Grant grant, String scope) {
        if (!grant.scopes().contains(scope)) {
            throw new ApiError(403, "403Forbidden", "The API token does not have permissions to perform the request (needs "
                    + scope + ")", null, List.of());
        }
    }

    private void requireOrganization(String id) {
        if (!organizationId.equals(id)) {
            throw notFound("organizationId", "organization " + id + " not found");
        }
    }

    private void requireWorkspace(String organization, String workspace) {
        requireOrganization(organization);
        if (!workspaceId.equals(workspace)) {
            throw notFound("workspaceId", "workspace " + workspace + " not found");
        }
    }

    private static void requireMethod(Request request, String method) {
        if (!request.method().equals(method)) {
            throw methodNotAllowed(request.method(), request.path());
        }
    }

    private static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "405MethodNotAllowed", method + " is not supported on " + path, null, List.of());
    }

    private static void requireJsonBody(Request request, String... mediaTypes) {
        String type = mediaType(request.header("Content-Type"));
        for (String allowed : mediaTypes) {
            if (allowed.equals(type)) {
                return;
            }
        }
        throw new ApiError(415, "415UnsupportedMediaType", "Content-Type must be one of " + String.join(", ", mediaTypes)
                + " (got " + (type == null ? "none" : type) + ")", "Content-Type", List.of());
    }

    private static String mediaType(String contentType) {
        return contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String bearer(Request request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    // ---- token -----------------------------------------------------------------------------------

    private Reply token(Request request) {
        if (!request.method().equals("POST")) {
            return iamError(405, "invalid_request", "use POST");
        }
        if (!"application/x-www-form-urlencoded".equals(mediaType(request.header("Content-Type")))) {
            return iamError(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = parseQuery(request.body());
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return iamError(400, "invalid_request", "grant_type must be client_credentials");
        }
        String[] basic = basicCredentials(request.header("Authorization"));
        if (basic != null && form.containsKey("client_secret")) {
            return iamError(400, "invalid_request", "use one client authentication method (Basic or form), not both");
        }
        String id = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        if (!constantTimeEquals(clientId, id) || !constantTimeEquals(clientSecret, secret)) {
            return iamError(401, "unauthorized_client", "client authentication failed");
        }
        Set<String> scopes = requestedScopes(form.get("scope"));
        if (scopes == null) {
            return iamError(400, "invalid_scope", "the requested scope is invalid, unknown, or malformed");
        }
        return issueToken(scopes);
    }

    private Reply issueToken(Set<String> scopes) {
        String token = randomToken(32);
        tokens.put(token, new Grant(clock.millis() + tokenLifetime.toMillis(), scopes));
        tokensIssued++;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenLifetime.toSeconds());
        body.put("scope", String.join(" ", new TreeSet<>(scopes)));
        return new Reply(200, body, Map.of("Cache-Control", "no-store"));
    }

    /** Null when a requested scope is unknown; both organization scopes when none is requested. */
    private static Set<String> requestedScopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return SCOPES;
        }
        Set<String> requested = new TreeSet<>(List.of(scope.trim().split("\\s+")));
        return SCOPES.containsAll(requested) ? Set.copyOf(requested) : null;
    }

    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? new String[] { decoded, "" }
                    : new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
        } catch (IllegalArgumentException e) {
            return new String[] { "", "" };
        }
    }

    private static Reply iamError(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Reply.json(status, body);
    }

    // ---- users -----------------------------------------------------------------------------------

    private Reply listUsers(Request request) {
        Listing listing = listing(request, Set.of("$maxpagesize", "$next", "$filter"));
        Predicate<UserState> filter = emailFilter(listing.filter());
        List<UserState> matching = users.values().stream().filter(filter).toList();
        return page(request, listing, matching, u -> u.seq, this::userJson);
    }

    private Reply getUser(String id) {
        return Reply.json(200, userJson(existingUser(id)));
    }

    private Reply createUser(Request request) {
        requireJsonBody(request, "application/json");
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw invalid(null, "the body must be a JSON object (OrganizationUser)");
        }
        body.fieldNames().forEachRemaining(WorkivaSimulator::checkCreateField);
        JsonNode status = body.get("status");
        if (status != null && !status.isNull() && !"active".equals(status.asText())) {
            throw invalid("status", "status is read-only over REST: a user is created active (suspend through SCIM)");
        }
        String email = requiredText(body, "email");
        String givenName = requiredText(body, "givenName");
        String familyName = requiredText(body, "familyName");
        String displayName = optionalText(body, "displayName", givenName + " " + familyName);
        String username = optionalText(body, "username", email);
        requireValidEmail(email);
        requireUnique(null, email, username);
        UserState user = newUser(email, givenName, familyName, displayName, username);
        creates++;
        return Reply.json(201, userJson(user));
    }

    private static void checkCreateField(String field) {
        if (!USER_FIELDS.contains(field)) {
            throw invalid(field, "unknown property " + field + " (OrganizationUser has " + String.join(", ", new TreeSet<>(USER_FIELDS)) + ")");
        }
        if (READ_ONLY_USER_FIELDS.contains(field)) {
            throw invalid(field, field + " is read-only");
        }
    }

    private Reply patchUser(Request request, String id) {
        UserState user = existingUser(id);
        requireJsonBody(request, "application/json-patch+json", "application/json");
        JsonNode body = request.json();
        if (!body.isArray()) {
            throw invalid(null, "the body must be a JSON Patch array of operations, e.g. [{\"op\":\"replace\",\"path\":\"/givenName\",\"value\":\"Jane\"}]");
        }
        if (body.isEmpty()) {
            throw invalid(null, "the JSON Patch array has no operations");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < body.size(); i++) {
            readPatchOperation(body.get(i), i, changes);
        }
        String email = changes.getOrDefault("/email", user.email);
        String username = changes.getOrDefault("/username", user.username);
        requireValidEmail(email);
        requireUnique(user.id, email, username);
        applyPatch(user, changes);
        return Reply.json(200, userJson(user));
    }

    /** Validates one JSON Patch operation (nothing is applied until all are valid). */
    private static void readPatchOperation(JsonNode operation, int index, Map<String, String> changes) {
        if (!operation.isObject()) {
            throw invalid("/" + index, "patch operation " + index + " is not an object");
        }
        String op = operation.path("op").asText(null);
        String path = operation.path("path").asText(null);
        if (!"replace".equals(op)) {
            throw invalid("op", "unsupported op '" + op + "' in operation " + index + ": only replace is supported");
        }
        if (!PATCHABLE_PATHS.contains(path)) {
            throw invalid(path, "path '" + path + "' in operation " + index + " cannot be patched: replace is allowed only on "
                    + String.join(", ", new TreeSet<>(PATCHABLE_PATHS)) + " (status is read-only; suspend through SCIM)");
        }
        JsonNode value = operation.get("value");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(path, "operation " + index + " must replace " + path + " with a non-blank string");
        }
        changes.put(path, value.asText());
    }

    private void applyPatch(UserState user, Map<String, String> changes) {
        changes.forEach((path, value) -> {
            switch (path) {
                case "/givenName" -> user.givenName = value;
                case "/familyName" -> user.familyName = value;
                case "/displayName" -> user.displayName = value;
                case "/username" -> user.username = value;
                case "/email" -> user.email = value;
                default -> throw new IllegalStateException(path);
            }
        });
        user.modified = now();
    }

    private Reply deleteUser(String id) {
        UserState user = existingUser(id);
        users.remove(user.id);
        groups.values().forEach(g -> g.memberIds.remove(user.id));
        deletes++;
        return Reply.empty(204);
    }

    private UserState existingUser(String id) {
        UserState user = users.get(id);
        if (user == null) {
            throw notFound("userId", "user " + id + " not found");
        }
        return user;
    }

    private void requireUnique(String selfId, String email, String username) {
        if (findByEmail(email, selfId).isPresent()) {
            throw conflict("email", "a user with email " + email + " already exists");
        }
        boolean usernameTaken = users.values().stream()
                .anyMatch(u -> !u.id.equals(selfId) && u.username.equalsIgnoreCase(username));
        if (usernameTaken) {
            throw conflict("username", "a user with username " + username + " already exists");
        }
    }

    private static void requireValidEmail(String email) {
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.contains(" ")) {
            throw invalid("email", "'" + email + "' is not a valid email address");
        }
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(field, field + " is required (a non-blank string)");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(field, field + " must be a non-blank string");
        }
        return value.asText();
    }

    private static Predicate<UserState> emailFilter(String filter) {
        if (filter == null) {
            return u -> true;
        }
        Matcher m = EMAIL_FILTER.matcher(filter);
        if (!m.matches()) {
            throw invalid("$filter", "unsupported $filter '" + filter + "': only email eq '<address>' is supported");
        }
        String email = m.group(1).replace("''", "'");
        return u -> u.email.equalsIgnoreCase(email);
    }

    // ---- roles -----------------------------------------------------------------------------------

    private Reply assignRoles(Request request, String userId) {
        UserState user = existingUser(userId);
        List<String> roleIds = roleIds(request);
        user.roleIds.addAll(roleIds);
        return accepted();
    }

    private Reply revokeRoles(Request request, String userId) {
        UserState user = existingUser(userId);
        List<String> roleIds = roleIds(request);
        roleIds.forEach(user.roleIds::remove);
        return accepted();
    }

    /** The OrganizationRolesModification body: a JSON array of known role ids (all-or-nothing). */
    private List<String> roleIds(Request request) {
        requireJsonBody(request, "application/json");
        JsonNode body = request.json();
        if (!body.isArray() || body.isEmpty()) {
            throw invalid(null, "the body must be a non-empty JSON array of role ids, e.g. [\"<roleId>\"]");
        }
        List<String> ids = new ArrayList<>();
        List<Map<String, Object>> unknown = new ArrayList<>();
        for (JsonNode item : body) {
            if (!item.isTextual()) {
                throw invalid(null, "role ids must be strings");
            }
            if (!roles.containsKey(item.asText())) {
                unknown.add(detail("UnknownRole", "role " + item.asText() + " does not exist in this workspace", item.asText()));
            }
            ids.add(item.asText());
        }
        if (!unknown.isEmpty()) {
            throw new ApiError(400, "400BadRequest", "unknown role ids: nothing was changed", "body", unknown);
        }
        return ids;
    }

    /** 202 with Location and Retry-After for polling; the simulated operation is already complete. */
    private Reply accepted() {
        String id = UUID.randomUUID().toString();
        operations.put(id, now());
        return new Reply(202, null, Map.of("Location", baseUrl() + "/operations/" + id, "Retry-After", "1"));
    }

    private Reply getOperation(String id) {
        Instant at = operations.get(id);
        if (at == null) {
            throw notFound("operationId", "operation " + id + " not found");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", "completed");
        body.put("created", Map.of("dateTime", at.toString()));
        body.put("updated", Map.of("dateTime", at.toString()));
        return Reply.json(200, body);
    }

    // ---- groups ----------------------------------------------------------------------------------

    private Reply listGroups(Request request) {
        Listing listing = listing(request, Set.of("$maxpagesize", "$next", "$filter"));
        Predicate<GroupState> filter = nameFilter(listing.filter());
        List<GroupState> matching = groups.values().stream().filter(filter).toList();
        return page(request, listing, matching, g -> g.seq, this::groupJson);
    }

    private Reply getGroup(Request request, String groupId) {
        GroupState group = existingGroup(groupId);
        for (String key : request.query().keySet()) {
            if (!key.equals("$expand")) {
                throw invalid(key, "unsupported query option " + key);
            }
        }
        String expand = request.query().get("$expand");
        if (expand != null && !expand.equals("members")) {
            throw invalid("$expand", "unsupported $expand '" + expand + "': only members");
        }
        Map<String, Object> body = groupJson(group);
        if (expand != null) {
            body.put("members", membersOf(group).stream().map(WorkivaSimulator::memberJson).toList());
        }
        return Reply.json(200, body);
    }

    private Reply listMembers(Request request, String groupId) {
        GroupState group = existingGroup(groupId);
        Listing listing = listing(request, Set.of("$maxpagesize", "$next"));
        return page(request, listing, membersOf(group), u -> u.seq, WorkivaSimulator::memberJson);
    }

    private Reply modifyMembers(Request request, String groupId) {
        GroupState group = existingGroup(groupId);
        requireJsonBody(request, "application/json");
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw invalid(null, "the body must be a JSON object {toAdd:[userIds], toRemove:[userIds]}");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("toAdd") && !field.equals("toRemove")) {
                throw invalid(field, "unknown property " + field + " (expected toAdd, toRemove)");
            }
        });
        List<String> toAdd = userIdList(body, "toAdd");
        List<String> toRemove = userIdList(body, "toRemove");
        if (toAdd.isEmpty() && toRemove.isEmpty()) {
            throw invalid(null, "nothing to modify: toAdd and toRemove are both empty");
        }
        requireKnownUsers(toAdd, toRemove);
        toAdd.stream().filter(toRemove::contains).findFirst().ifPresent(id -> {
            throw invalid(id, "user " + id + " is both in toAdd and toRemove");
        });
        group.memberIds.addAll(toAdd);
        toRemove.forEach(group.memberIds::remove);
        group.modified = now();
        return Reply.empty(204);
    }

    private static List<String> userIdList(JsonNode body, String field) {
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw invalid(field, field + " must be an array of user ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : list) {
            if (!id.isTextual()) {
                throw invalid(field, field + " must contain user id strings");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private void requireKnownUsers(List<String> toAdd, List<String> toRemove) {
        List<Map<String, Object>> unknown = new ArrayList<>();
        for (String id : concat(toAdd, toRemove)) {
            if (!users.containsKey(id)) {
                unknown.add(detail("UserNotFound", "user " + id + " not found", id));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ApiError(400, "400BadRequest", "unknown user ids: no member was changed", "body", unknown);
        }
    }

    private GroupState existingGroup(String id) {
        GroupState group = groups.get(id);
        if (group == null) {
            throw notFound("groupId", "group " + id + " not found");
        }
        return group;
    }

    private List<UserState> membersOf(GroupState group) {
        return group.memberIds.stream().map(users::get).sorted(Comparator.comparingLong(u -> u.seq)).toList();
    }

    private static Predicate<GroupState> nameFilter(String filter) {
        if (filter == null) {
            return g -> true;
        }
        Matcher m = NAME_FILTER.matcher(filter);
        if (!m.matches()) {
            throw invalid("$filter", "unsupported $filter '" + filter + "': only name eq '<name>' is supported");
        }
        String name = m.group(1).replace("''", "'");
        return g -> g.name.equalsIgnoreCase(name);
    }

    // ---- paging ----------------------------------------------------------------------------------

    /** The listing a request asks for: from its query options, or from a $next cursor this server issued. */
    private Listing listing(Request request, Set<String> options) {
        Map<String, String> query = request.query();
        if (query.containsKey("$next")) {
            if (query.size() != 1) {
                throw invalid("$next", "follow @nextLink as-is: $next cannot be combined with other query options");
            }
            Cursor cursor = cursors.get(query.get("$next"));
            if (cursor == null || !cursor.path().equals(request.path())) {
                throw invalid("$next", "invalid $next cursor: follow the @nextLink the server returned, never build one");
            }
            return cursor.listing();
        }
        for (String key : query.keySet()) {
            if (!options.contains(key)) {
                throw invalid(key, "unsupported query option " + key + " (supported: " + String.join(", ", new TreeSet<>(options)) + ")");
            }
        }
        return new Listing(query.get("$filter"), pageSize(query.get("$maxpagesize")), Long.MIN_VALUE);
    }

    private static int pageSize(String raw) {
        if (raw == null) {
            return MAX_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(raw);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid("$maxpagesize", "$maxpagesize must be an integer from 1 to " + MAX_PAGE_SIZE + " (got '" + raw + "')");
    }

    /** One page {data, @nextLink}; the link carries only an opaque cursor and is absent on the last page. */
    private <T> Reply page(Request request, Listing listing, List<T> matching, ToLongFunction<T> seqOf,
            Function<T, Object> render) {
        List<T> remaining = matching.stream().filter(t -> seqOf.applyAsLong(t) > listing.afterSeq()).toList();
        List<T> page = remaining.subList(0, Math.min(listing.pageSize(), remaining.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.stream().map(render).toList());
        if (remaining.size() > page.size()) {
            String cursor = randomToken(18);
            long last = seqOf.applyAsLong(page.get(page.size() - 1));
            cursors.put(cursor, new Cursor(request.path(), new Listing(listing.filter(), listing.pageSize(), last)));
            String link = baseUrl() + request.path() + "?$next=" + cursor;
            if (pagingFault() == PagingFault.REPEATING) {
                link = repeatedLinks.computeIfAbsent(request.path(), p -> baseUrl() + p + "?$next=" + cursor);
            }
            body.put("@nextLink", nextLink(link));
        }
        return Reply.json(200, body);
    }

    // ---- SCIM ------------------------------------------------------------------------------------

    private Reply scim(Request request) {
        authenticateScim(request);
        Matcher m = SCIM_USER_PATH.matcher(request.path());
        if (!m.matches()) {
            throw new ScimError(404, null, "no such SCIM resource " + request.path());
        }
        return switch (request.method()) {
            case "GET" -> scimGetUser(m.group(1));
            case "PATCH" -> scimPatchUser(request, m.group(1));
            default -> throw new ScimError(405, null, request.method() + " is not supported on " + request.path());
        };
    }

    private void authenticateScim(Request request) {
        String token = bearer(request);
        if (token == null || !constantTimeEquals(scimToken, token)) {
            throw new ScimError(401, null, tokens.containsKey(token == null ? "" : token)
                    ? "OAuth access tokens are not accepted here: use the SCIM bearer token"
                    : "a valid SCIM bearer token is required");
        }
    }

    private Reply scimGetUser(String id) {
        return Reply.json(200, scimUserJson(scimUser(id)));
    }

    private Reply scimPatchUser(Request request, String id) {
        UserState user = scimUser(id);
        String type = mediaType(request.header("Content-Type"));
        if (!"application/scim+json".equals(type) && !"application/json".equals(type)) {
            throw new ScimError(415, null, "Content-Type must be application/scim+json or application/json");
        }
        JsonNode body = scimJson(request);
        if (!body.path("schemas").isArray() || !containsText(body.path("schemas"), SCIM_PATCH_OP)) {
            throw new ScimError(400, "invalidSyntax", "schemas must contain " + SCIM_PATCH_OP);
        }
        JsonNode operations = body.path("Operations");
        if (!operations.isArray() || operations.isEmpty()) {
            throw new ScimError(400, "invalidSyntax", "Operations must be a non-empty array");
        }
        Boolean active = null;
        for (JsonNode operation : operations) {
            active = scimActiveValue(operation);
        }
        user.active = active;
        user.modified = now();
        return Reply.json(200, scimUserJson(user));
    }

    /** Only {"op":"replace","path":"active","value":true|false} is supported. */
    private static boolean scimActiveValue(JsonNode operation) {
        String op = operation.path("op").asText("");
        if (!op.equalsIgnoreCase("replace")) {
            throw new ScimError(400, "invalidSyntax", "unsupported op '" + op + "': only replace of active is supported");
        }
        String path = operation.path("path").asText("");
        if (!path.equalsIgnoreCase("active")) {
            throw new ScimError(400, "invalidPath", "unsupported path '" + path + "': only active can be replaced");
        }
        JsonNode value = operation.get("value");
        if (value == null || !value.isBoolean()) {
            throw new ScimError(400, "invalidValue", "active must be replaced with a JSON boolean");
        }
        return value.booleanValue();
    }

    private UserState scimUser(String id) {
        UserState user = users.get(id);
        if (user == null) {
            throw new ScimError(404, null, "User " + id + " not found");
        }
        return user;
    }

    private static JsonNode scimJson(Request request) {
        try {
            JsonNode body = request.json();
            if (!body.isObject()) {
                throw new ScimError(400, "invalidSyntax", "the body must be a SCIM PatchOp object");
            }
            return body;
        } catch (BadRequest e) {
            throw new ScimError(400, "invalidSyntax", e.getMessage());
        }
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (text.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Reply scimErrorReply(ScimError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(SCIM_ERROR));
        body.put("status", String.valueOf(e.status));
        if (e.scimType != null) {
            body.put("scimType", e.scimType);
        }
        body.put("detail", e.getMessage());
        return Reply.json(e.status, body);
    }

    // ---- representations -------------------------------------------------------------------------

    private Map<String, Object> userJson(UserState user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id);
        json.put("givenName", user.givenName);
        json.put("familyName", user.familyName);
        json.put("displayName", user.displayName);
        json.put("email", user.email);
        json.put("username", user.username);
        json.put("status", user.active ? "active" : "suspended");
        json.put("created", Map.of("dateTime", user.created.toString()));
        json.put("modified", Map.of("dateTime", user.modified.toString()));
        return json;
    }

    private Map<String, Object> groupJson(GroupState group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", group.id);
        json.put("name", group.name);
        json.put("created", Map.of("dateTime", group.created.toString()));
        json.put("modified", Map.of("dateTime", group.modified.toString()));
        json.put("memberCount", group.memberIds.size());
        return json;
    }

    private static Object memberJson(UserState user) {
        return Map.of("id", user.id);
    }

    private Map<String, Object> scimUserJson(UserState user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemas", List.of(SCIM_USER));
        json.put("id", user.id);
        json.put("userName", user.username);
        json.put("name", Map.of("givenName", user.givenName, "familyName", user.familyName));
        json.put("displayName", user.displayName);
        json.put("emails", List.of(Map.of("value", user.email, "type", "work", "primary", true)));
        json.put("active", user.active);
        json.put("meta", Map.of("resourceType", "User", "created", user.created.toString(),
                "lastModified", user.modified.toString(), "location", baseUrl() + "/scim/v2/Users/" + user.id));
        return json;
    }

    private User snapshot(UserState user) {
        Set<String> groupNames = new TreeSet<>();
        groups.values().stream().filter(g -> g.memberIds.contains(user.id)).forEach(g -> groupNames.add(g.name));
        return new User(user.id, user.email, user.givenName, user.familyName, user.displayName, user.username,
                user.active, groupNames);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private UserState newUser(String email, String givenName, String familyName, String displayName, String username) {
        UserState user = new UserState(newId("WFUser"), ++sequence, now());
        user.email = email;
        user.givenName = givenName;
        user.familyName = familyName;
        user.displayName = displayName;
        user.username = username;
        user.active = true;
        users.put(user.id, user);
        return user;
    }

    private Optional<UserState> findByEmail(String email, String exceptId) {
        return users.values().stream()
                .filter(u -> !u.id.equals(exceptId) && u.email.equalsIgnoreCase(email))
                .findFirst();
    }

    private Optional<GroupState> groupNamed(String name) {
        return groups.values().stream().filter(g -> g.name.equals(name)).findFirst();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String newId(String kind) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
