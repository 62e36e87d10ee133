package io.hrsync.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stateful, strict SCIM 2.0 service provider (RFC 7643 schema, RFC 7644 protocol) under {@code /scim/v2}:
 * Users with the enterprise extension, Groups whose membership changes by PATCH (or PUT), and the
 * ServiceProviderConfig. Every error answers the RFC 7644 section 3.12 shape
 * {@code {"schemas":[Error],"status":"409","scimType":"uniqueness","detail":"..."}} with
 * {@code Content-Type: application/scim+json}.
 *
 * <p>What the simulator supports is deliberately narrow and each limit answers the RFC's error, so a
 * client that relies on more than the documented contract fails here rather than in production:
 * <ul>
 * <li>Filters: {@code userName eq "x"}, {@code externalId eq "x"}, {@code emails.value eq "x"},
 * {@code active eq true|false} on Users, {@code displayName eq "x"} on Groups; anything else is 400
 * invalidFilter. Attribute names and the operator are case-insensitive; userName, emails.value and
 * displayName values compare case-insensitively, externalId exactly (RFC 7643 caseExact).</li>
 * <li>Paging: 1-based {@code startIndex} (below 1 read as 1), {@code count} default 100, capped at
 * {@code filter.maxResults} 200, negative read as 0 (RFC 7644 section 3.4.2.4); {@code count=0} answers
 * totalResults only. Sorting is not supported (ServiceProviderConfig says so) and {@code sortBy} is
 * refused with 400 invalidValue; {@code attributes} / {@code excludedAttributes} are honoured.</li>
 * <li>PATCH is atomic: if any operation fails, nothing changes. A replace whose value filter matches
 * nothing is 400 noTarget (RFC 7644 section 3.5.2.3); an add with a {@code type eq} filter that matches
 * nothing adds a new value of that type.</li>
 * <li>Read-only attributes ({@code id}, {@code meta}, {@code groups}, {@code manager.displayName}) are
 * ignored in POST/PUT bodies (RFC 7644 section 3.3) and are 400 mutability as PATCH targets.</li>
 * <li>RFC 7643 attributes this provider does not keep (phoneNumbers, addresses, ...) are ignored in
 * bodies and 400 invalidPath as PATCH targets; attributes no schema defines are 400 invalidSyntax.</li>
 * <li>{@code manager.value} must be the id of an existing user (400 invalidValue).</li>
 * <li>Group creation and deletion are not offered (501). Without PATCH support ({@link #withoutPatch()})
 * group membership changes only by {@code PUT /Groups/{id}}.</li>
 * </ul>
 *
 * <p>Paging faults of the base class apply to unfiltered lists: ENDLESS always claims more results,
 * each page full of users (or groups) never listed before; REPEATING answers the first page whatever
 * {@code startIndex} asks for. SCIM pages have no next links, so OFF_HOST changes nothing here.
 */
public class ScimSimulator extends VendorSimulator {

    public static final String BASE_PATH = "/scim/v2";
    public static final String MEDIA_TYPE = "application/scim+json";
    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public static final int DEFAULT_RATE_LIMIT = 600;
    public static final long DEFAULT_RATE_WINDOW_MILLIS = 60_000;
    /** ServiceProviderConfig {@code filter.maxResults}: the largest page. */
    public static final int MAX_RESULTS = 200;
    public static final int DEFAULT_COUNT = 100;

    private static final ObjectReader STRICT_JSON = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Core User attributes kept, single-valued strings. */
    private static final List<String> CORE_STRINGS = List.of("externalId", "userName", "displayName", "nickName", "title",
            "profileUrl", "userType", "preferredLanguage", "locale", "timezone");
    private static final List<String> NAME_SUBS =
            List.of("formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix");
    private static final List<String> EMAIL_SUBS = List.of("value", "type", "primary", "display");
    private static final List<String> ENTERPRISE_STRINGS = List.of("employeeNumber", "costCenter", "organization", "division",
            "department");
    /** Read-only User attributes: ignored in POST/PUT bodies, 400 mutability as PATCH targets. */
    private static final List<String> READ_ONLY = List.of("id", "meta", "groups");
    /** Attributes RFC 7643 defines that this provider does not keep: ignored in bodies, not patchable. */
    private static final List<String> CORE_NOT_KEPT = List.of("password", "phoneNumbers", "ims", "photos", "addresses",
            "entitlements", "roles", "x509Certificates");
    private static final List<String> ENTERPRISE_NOT_KEPT = List.of();
    /** Canonical order of a rendered User. */
    private static final List<String> USER_ORDER =
            List.of("externalId", "userName", "name", "displayName", "nickName", "title", "profileUrl", "userType",
                    "preferredLanguage", "locale", "timezone", "emails", "active");

    private static final Pattern PATH =
            Pattern.compile("([A-Za-z][\\w$-]*)(?:\\[([^\\]]*)\\])?(?:\\.([A-Za-z$][\\w$-]*))?");
    private static final Pattern COMPARISON = Pattern.compile("\\s*(\\S+)\\s+(\\S+)\\s+(.+?)\\s*");
    private static final Pattern USERS = Pattern.compile("/Users");
    private static final Pattern USER = Pattern.compile("/Users/([^/]+)");
    private static final Pattern GROUPS = Pattern.compile("/Groups");
    private static final Pattern GROUP = Pattern.compile("/Groups/([^/]+)");

    /** A SCIM error answer (RFC 7644 section 3.12). */
    private static final class ScimError extends RuntimeException {
        final int status;
        final String scimType;
        final Map<String, String> headers;

        ScimError(int status, String scimType, String detail) {
            this(status, scimType, detail, Map.of());
        }

        ScimError(int status, String scimType, String detail, Map<String, String> headers) {
            super(detail, null, false, false);
            this.status = status;
            this.scimType = scimType;
            this.headers = headers;
        }
    }

    private static final class UserState {
        final String id;
        final long seq;
        final Instant created;
        Instant modified;
        long version = 1;
        /** Stored attributes under canonical names; the extension under its URN. */
        ObjectNode attributes;

        UserState(String id, long seq, Instant created, ObjectNode attributes) {
            this.id = id;
            this.seq = seq;
            this.created = created;
            this.modified = created;
            this.attributes = attributes;
        }
    }

    private static final class GroupState {
        final String id;
        final long seq;
        final Instant created;
        Instant modified;
        long version = 1;
        String displayName;
        Set<String> memberIds = new LinkedHashSet<>();

        GroupState(String id, long seq, Instant created, String displayName) {
            this.id = id;
            this.seq = seq;
            this.created = created;
            this.modified = created;
            this.displayName = displayName;
        }
    }

    /** A PATCH target: core attribute or extension attribute (null attr: the whole extension). */
    private record AttrPath(String raw, boolean extension, String attr, ValueFilter filter, String sub) {
    }

    /** {@code attr eq value} inside a path's brackets. */
    private record ValueFilter(String attr, JsonNode value) {
        boolean matches(JsonNode element) {
            JsonNode actual = element.get(attr);
            if (actual == null || actual.isNull()) {
                return false;
            }
            if (value.isTextual()) {
                return actual.isTextual() && actual.asText().equalsIgnoreCase(value.asText());
            }
            return actual.equals(value);
        }
    }

    private record ListQuery(String filter, int startIndex, int count, Projection projection) {
    }

    /** {@code attributes} / {@code excludedAttributes}, lower-cased, core schema prefix removed. */
    private record Projection(Set<String> attributes, Set<String> excluded) {
        static final Projection ALL = new Projection(Set.of(), Set.of());
    }

    private final String bearerToken;
    private volatile String basicUser;
    private volatile String basicPassword;
    private volatile boolean patchSupported = true;
    private volatile long rateWindowMillis = DEFAULT_RATE_WINDOW_MILLIS;
    private volatile long ratePenaltyMillis;

    private final Map<String, UserState> users = new LinkedHashMap<>();
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private final Set<String> hiddenFromLists = new java.util.HashSet<>();
    private long sequence;

    public ScimSimulator(String name, String bearerToken) {
        super(Objects.requireNonNull(name, "name"), DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS);
        this.bearerToken = Objects.requireNonNull(bearerToken, "bearerToken");
    }

    @Override
    public synchronized ScimSimulator start(int port) {
        super.start(port);
        return this;
    }

    /** HTTP Basic with these credentials is required instead of the bearer token. */
    public ScimSimulator basicAuth(String user, String password) {
        this.basicPassword = Objects.requireNonNull(password, "password");
        this.basicUser = Objects.requireNonNull(user, "user");
        return this;
    }

    /** The provider does not support PATCH: ServiceProviderConfig says so and every PATCH answers 501. */
    public ScimSimulator withoutPatch() {
        this.patchSupported = false;
        return this;
    }

    /**
     * A search index that lags (as some SCIM services' does): GET /Users (listing or filter) does not
     * show this user until a create with its userName has answered 409 (the index has caught up by then).
     */
    public synchronized void hideFromListsUntilConflict(String userName) {
        hiddenFromLists.add(userName.toLowerCase(java.util.Locale.ROOT));
    }

    private boolean searchable(UserState user) {
        return !hiddenFromLists.contains(user.attributes.path("userName").asText().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void rateLimit(int requests, long windowMillis, long penaltyMillis) {
        this.rateWindowMillis = windowMillis;
        this.ratePenaltyMillis = penaltyMillis;
        super.rateLimit(requests, windowMillis, penaltyMillis);
    }

    // ---- seeding and inspection ------------------------------------------------------------------

    /** Adds a group (no request recorded); answers its id. Display names are unique (case-insensitively). */
    public synchronized String seedGroup(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("a group needs a display name");
        }
        if (groupNamed(displayName).isPresent()) {
            throw new IllegalArgumentException("group already exists: " + displayName);
        }
        GroupState group = new GroupState(UUID.randomUUID().toString(), ++sequence, now(), displayName);
        groups.put(group.id, group);
        return group.id;
    }

    /**
     * Adds a user (no request recorded); answers its id. displayName and name.formatted are
     * "given family"; a userName with an @ is also the primary work email. Enterprise keys:
     * employeeNumber, department (null for none).
     */
    public synchronized String seedUser(String userName, String givenName, String familyName, boolean active,
            Map<String, String> enterprise) {
        if (userName == null || userName.isBlank()) {
            throw new IllegalArgumentException("a user needs a userName");
        }
        if (userNamed(userName, null).isPresent()) {
            throw new IllegalArgumentException("userName already taken: " + userName);
        }
        ObjectNode attributes = JSON.createObjectNode();
        attributes.put("userName", userName);
        ObjectNode name = attributes.putObject("name");
        if (givenName != null) {
            name.put("givenName", givenName);
        }
        if (familyName != null) {
            name.put("familyName", familyName);
        }
        String formatted = String.join(" ", java.util.stream.Stream.of(givenName, familyName)
                .filter(Objects::nonNull).toList());
        if (!formatted.isEmpty()) {
            name.put("formatted", formatted);
            attributes.put("displayName", formatted);
        } else {
            attributes.remove("name");
        }
        if (userName.contains("@")) {
            attributes.putArray("emails").addObject().put("value", userName).put("type", "work").put("primary", true);
        }
        attributes.put("active", active);
        if (enterprise != null && !enterprise.isEmpty()) {
            ObjectNode extension = attributes.putObject(ENTERPRISE_SCHEMA);
            enterprise.forEach((key, value) -> {
                if (!ENTERPRISE_STRINGS.contains(key)) {
                    throw new IllegalArgumentException("unknown enterprise attribute " + key
                            + " (seedable: " + ENTERPRISE_STRINGS + ")");
                }
                if (value != null) {
                    extension.put(key, value);
                }
            });
        }
        UserState user = new UserState(UUID.randomUUID().toString(), ++sequence, now(), attributes);
        users.put(user.id, user);
        return user.id;
    }

    /** Every user as GET /Users/{id} answers it, in creation order. */
    public synchronized List<JsonNode> users() {
        return users.values().stream().map(u -> (JsonNode) userJson(u)).toList();
    }

    public synchronized Optional<JsonNode> user(String id) {
        return Optional.ofNullable(users.get(id)).map(this::userJson);
    }

    /** The user with this userName, compared case-insensitively as the server does. */
    public synchronized Optional<JsonNode> userByUserName(String userName) {
        return userNamed(userName, null).map(this::userJson);
    }

    /** Ids of the group's members in the order they were added; an unknown group id is an error. */
    public synchronized List<String> memberIds(String groupId) {
        GroupState group = groups.get(groupId);
        if (group == null) {
            throw new IllegalArgumentException("no group " + groupId);
        }
        return List.copyOf(group.memberIds);
    }

    /** The id of the group with this display name (case-insensitive). */
    public synchronized Optional<String> groupId(String displayName) {
        return groupNamed(displayName).map(g -> g.id);
    }

    @Override
    protected synchronized void resetState() {
        users.clear();
        groups.clear();
        hiddenFromLists.clear();
        sequence = 0;
        rateLimit(DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS, 0);
    }

    // ---- error shapes ----------------------------------------------------------------------------

    @Override
    protected Reply badRequest(String message) {
        return errorReply(new ScimError(400, "invalidValue", message));
    }

    @Override
    protected Reply errorReply(int status, String message, String path) {
        return errorReply(new ScimError(status, null, message));
    }

    /** 429 in the SCIM error shape with a Retry-After of the window (or the penalty, when longer). */
    @Override
    protected Reply tooManyRequests() {
        long wait = Math.max(rateWindowMillis, ratePenaltyMillis);
        long seconds = Math.max(1, (wait + 999) / 1000);
        return errorReply(new ScimError(429, null, "Too many requests: at most the configured number of requests per "
                + rateWindowMillis + " ms; retry after " + seconds + " s", Map.of("Retry-After", String.valueOf(seconds))));
    }

    private static Reply errorReply(ScimError e) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(ERROR);
        body.put("status", String.valueOf(e.status));
        if (e.scimType != null) {
            body.put("scimType", e.scimType);
        }
        body.put("detail", e.getMessage());
        return reply(e.status, body, e.headers);
    }

    private static Reply reply(int status, Object body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) {
            all.put("Content-Type", MEDIA_TYPE);
        }
        return new Reply(status, body, all);
    }

    private static ScimError invalidSyntax(String detail) {
        return new ScimError(400, "invalidSyntax", detail);
    }

    private static ScimError invalidValue(String detail) {
        return new ScimError(400, "invalidValue", detail);
    }

    private static ScimError invalidPath(String detail) {
        return new ScimError(400, "invalidPath", detail);
    }

    private static ScimError invalidFilter(String detail) {
        return new ScimError(400, "invalidFilter", detail);
    }

    private static ScimError mutability(String detail) {
        return new ScimError(400, "mutability", detail);
    }

    private static ScimError notFound(String detail) {
        return new ScimError(404, null, detail);
    }

    private static ScimError notImplemented(String detail) {
        return new ScimError(501, null, detail);
    }

    private static ScimError methodNotAllowed(Request request, String allowed) {
        return new ScimError(405, null, request.method() + " is not supported on " + request.path()
                + " (allowed: " + allowed + ")", Map.of("Allow", allowed));
    }

    // ---- dispatch --------------------------------------------------------------------------------

    @Override
    protected Reply handle(Request request) {
        try {
            return dispatch(request);
        } catch (ScimError e) {
            return errorReply(e);
        } catch (RuntimeException e) {
            return errorReply(new ScimError(500, null, "internal error: " + e));
        }
    }

    private Reply dispatch(Request request) {
        String path = request.path();
        if (!path.equals(BASE_PATH) && !path.startsWith(BASE_PATH + "/")) {
            throw notFound("no such endpoint " + path + ": the SCIM endpoints are under " + BASE_PATH);
        }
        authenticate(request);
        String method = request.method();
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            requireScimMediaType(request);
        }
        String resource = path.substring(BASE_PATH.length());
        Matcher m;
        if (resource.equals("/ServiceProviderConfig")) {
            if (!method.equals("GET")) {
                throw methodNotAllowed(request, "GET");
            }
            return reply(200, serviceProviderConfig(), Map.of());
        }
        if (USERS.matcher(resource).matches()) {
            return switch (method) {
                case "GET" -> listUsers(request);
                case "POST" -> createUser(request);
                default -> throw methodNotAllowed(request, "GET, POST");
            };
        }
        if ((m = USER.matcher(resource)).matches()) {
            String id = m.group(1);
            return switch (method) {
                case "GET" -> userReply(200, existingUser(id), projection(request));
                case "PUT" -> replaceUser(request, id);
                case "PATCH" -> patchUser(request, id);
                case "DELETE" -> deleteUser(id);
                default -> throw methodNotAllowed(request, "GET, PUT, PATCH, DELETE");
            };
        }
        if (GROUPS.matcher(resource).matches()) {
            return switch (method) {
                case "GET" -> listGroups(request);
                case "POST" -> throw notImplemented("this service provider does not create groups over SCIM");
                default -> throw methodNotAllowed(request, "GET, POST");
            };
        }
        if ((m = GROUP.matcher(resource)).matches()) {
            String id = m.group(1);
            return switch (method) {
                case "GET" -> groupReply(existingGroup(id), projection(request));
                case "PATCH" -> patchGroup(request, id);
                case "PUT" -> replaceGroup(request, id);
                case "DELETE" -> throw notImplemented("this service provider does not delete groups over SCIM");
                default -> throw methodNotAllowed(request, "GET, PUT, PATCH, DELETE");
            };
        }
        throw notFound("no such SCIM endpoint " + path + " (this provider serves ServiceProviderConfig, Users, Groups)");
    }

    private void authenticate(Request request) {
        String authorization = request.header("Authorization");
        String user = basicUser;
        if (user != null) {
            String[] credentials = basicCredentials(authorization);
            if (credentials == null || !constantTimeEquals(user, credentials[0])
                    || !constantTimeEquals(basicPassword, credentials[1])) {
                throw new ScimError(401, null, "HTTP Basic authentication with valid credentials is required",
                        Map.of("WWW-Authenticate", "Basic realm=\"scim\""));
            }
            return;
        }
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (token == null || !constantTimeEquals(bearerToken, token)) {
            throw new ScimError(401, null, token == null ? "a bearer token is required (Authorization: Bearer <token>)"
                    : "the bearer token is not valid", Map.of("WWW-Authenticate", "Bearer realm=\"scim\""));
        }
    }

    private static void requireScimMediaType(Request request) {
        String contentType = request.header("Content-Type");
        String type = contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.equals(type) && !"application/json".equals(type)) {
            throw new ScimError(415, null, "Content-Type must be " + MEDIA_TYPE + " or application/json (got "
                    + (contentType == null ? "none" : contentType) + ")");
        }
    }

    private static JsonNode bodyObject(Request request) {
        if (request.body() == null || request.body().isBlank()) {
            throw invalidSyntax("the request needs a JSON object body");
        }
        JsonNode body;
        try {
            body = request.json();
        } catch (BadRequest e) {
            throw invalidSyntax(e.getMessage());
        }
        if (!body.isObject()) {
            throw invalidSyntax("the body must be a JSON object");
        }
        return body;
    }

    // ---- ServiceProviderConfig -------------------------------------------------------------------

    private ObjectNode serviceProviderConfig() {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("schemas").add(SERVICE_PROVIDER_CONFIG);
        config.putObject("patch").put("supported", patchSupported);
        config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        config.putObject("filter").put("supported", true).put("maxResults", MAX_RESULTS);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        config.putObject("etag").put("supported", false);
        ObjectNode scheme = config.putArray("authenticationSchemes").addObject();
        if (basicUser != null) {
            scheme.put("type", "httpbasic").put("name", "HTTP Basic")
                    .put("description", "Authentication scheme using the HTTP Basic Standard");
        } else {
            scheme.put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
                    .put("description", "Authentication scheme using the OAuth Bearer Token Standard");
        }
        scheme.put("primary", true);
        config.putObject("meta").put("resourceType", "ServiceProviderConfig")
                .put("location", baseUrl() + BASE_PATH + "/ServiceProviderConfig");
        return config;
    }

    // ---- lists -----------------------------------------------------------------------------------

    private ListQuery listQuery(Request request) {
        String filter = null;
        Integer startIndex = null;
        Integer count = null;
        for (Map.Entry<String, String> parameter : request.query().entrySet()) {
            String key = parameter.getKey();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "filter" -> filter = parameter.getValue();
                case "startindex" -> startIndex = integer(key, parameter.getValue());
                case "count" -> count = integer(key, parameter.getValue());
                case "attributes", "excludedattributes" -> {
                    // read by projection()
                }
                case "sortby", "sortorder" -> throw invalidValue(
                        "sorting is not supported (ServiceProviderConfig sort.supported is false): drop " + key);
                default -> throw invalidValue("unknown query parameter " + key
                        + " (supported: filter, startIndex, count, attributes, excludedAttributes)");
            }
        }
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? DEFAULT_COUNT : Math.min(Math.max(count, 0), MAX_RESULTS);
        return new ListQuery(filter, start, size, projection(request));
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalidValue(name + " must be an integer (got '" + value + "')");
        }
    }

    private static Projection projection(Request request) {
        String attributes = null;
        String excluded = null;
        for (Map.Entry<String, String> parameter : request.query().entrySet()) {
            if (parameter.getKey().equalsIgnoreCase("attributes")) {
                attributes = parameter.getValue();
            } else if (parameter.getKey().equalsIgnoreCase("excludedAttributes")) {
                excluded = parameter.getValue();
            }
        }
        if (attributes != null && excluded != null) {
            throw invalidValue("use attributes or excludedAttributes, not both");
        }
        if (attributes == null && excluded == null) {
            return Projection.ALL;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : (attributes != null ? attributes : excluded).split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (String core : List.of(USER_SCHEMA, GROUP_SCHEMA)) {
                String prefix = core.toLowerCase(Locale.ROOT) + ":";
                if (n.startsWith(prefix)) {
                    n = n.substring(prefix.length());
                }
            }
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return attributes != null ? new Projection(names, Set.of()) : new Projection(Set.of(), names);
    }

    private Reply listUsers(Request request) {
        ListQuery query = listQuery(request);
        Predicate<UserState> filter = userFilter(query.filter());
        List<UserState> matching = users.values().stream().filter(filter).filter(this::searchable).toList();
        return page(query, matching, this::endlessUser, u -> userJson(u));
    }

    private Reply listGroups(Request request) {
        ListQuery query = listQuery(request);
        Predicate<GroupState> filter = groupFilter(query.filter());
        List<GroupState> matching = groups.values().stream().filter(filter).toList();
        return page(query, matching, this::endlessGroup, g -> groupJson(g));
    }

    /** One page of a list (startIndex, count), or the page a paging fault makes of it (unfiltered lists only). */
    private <T> Reply page(ListQuery query, List<T> matching, java.util.function.IntFunction<JsonNode> endless,
            java.util.function.Function<T, JsonNode> render) {
        PagingFault fault = query.filter() == null ? pagingFault() : null;
        List<JsonNode> page;
        int total = matching.size();
        if (fault == PagingFault.ENDLESS) {
            page = new ArrayList<>();
            for (int i = 0; i < query.count(); i++) {
                page.add(endless.apply(query.startIndex() + i));
            }
            total = query.startIndex() - 1 + 2 * Math.max(query.count(), 1);
        } else {
            int from = fault == PagingFault.REPEATING ? 0 : query.startIndex() - 1;
            page = matching.stream().skip(from).limit(query.count()).map(render).toList();
        }
        return reply(200, listResponse(total, query, page), Map.of());
    }

    private static ObjectNode listResponse(int total, ListQuery query, List<JsonNode> page) {
        ObjectNode list = JSON.createObjectNode();
        list.putArray("schemas").add(LIST_RESPONSE);
        list.put("totalResults", total);
        list.put("startIndex", query.startIndex());
        list.put("itemsPerPage", page.size());
        ArrayNode resources = list.putArray("Resources");
        page.forEach(resource -> resources.add(project((ObjectNode) resource, query.projection())));
        return list;
    }

    private ObjectNode endlessUser(long position) {
        String id = UUID.nameUUIDFromBytes(("endless-user-" + position).getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add(USER_SCHEMA);
        user.put("id", id);
        user.put("userName", "endless" + position + "@example.invalid");
        user.put("active", true);
        user.putObject("meta").put("resourceType", "User").put("location", baseUrl() + BASE_PATH + "/Users/" + id);
        return user;
    }

    private ObjectNode endlessGroup(long position) {
        String id = UUID.nameUUIDFromBytes(("endless-group-" + position).getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode group = JSON.createObjectNode();
        group.putArray("schemas").add(GROUP_SCHEMA);
        group.put("id", id);
        group.put("displayName", "Endless " + position);
        group.putObject("meta").put("resourceType", "Group").put("location", baseUrl() + BASE_PATH + "/Groups/" + id);
        return group;
    }

    /** {@code attr eq value} of a list filter; anything else is invalidFilter. */
    private static Map.Entry<String, JsonNode> comparison(String filter) {
        if (filter.isBlank()) {
            throw invalidFilter("the filter is empty");
        }
        Matcher m = COMPARISON.matcher(filter);
        if (!m.matches() || !m.group(2).equalsIgnoreCase("eq")) {
            throw invalidFilter("unsupported filter '" + filter + "': only <attribute> eq <value> is supported");
        }
        String attribute = m.group(1);
        String prefix = USER_SCHEMA + ":";
        if (attribute.regionMatches(true, 0, prefix, 0, prefix.length())) {
            attribute = attribute.substring(prefix.length());
        }
        return Map.entry(attribute, literal(m.group(3), filter));
    }

    private static JsonNode literal(String text, String filter) {
        try {
            JsonNode value = STRICT_JSON.readTree(text);
            if (value != null && (value.isTextual() || value.isBoolean() || value.isNull() || value.isNumber())) {
                return value;
            }
        } catch (JsonProcessingException e) {
            // answered below
        }
        throw invalidFilter("invalid comparison value " + text + " in filter '" + filter
                + "' (strings are double-quoted JSON strings, booleans true/false)");
    }

    private Predicate<UserState> userFilter(String filter) {
        if (filter == null) {
            return u -> true;
        }
        Map.Entry<String, JsonNode> comparison = comparison(filter);
        String attribute = comparison.getKey().toLowerCase(Locale.ROOT);
        JsonNode value = comparison.getValue();
        if (attribute.equals("active")) {
            if (!value.isBoolean()) {
                throw invalidFilter("active is compared with true or false (got " + value + ")");
            }
            return u -> u.attributes.path("active").isBoolean()
                    && u.attributes.path("active").booleanValue() == value.booleanValue();
        }
        if (!value.isTextual()) {
            throw invalidFilter(comparison.getKey() + " is compared with a double-quoted string (got " + value + ")");
        }
        String text = value.asText();
        return switch (attribute) {
            case "username" -> u -> u.attributes.path("userName").asText().equalsIgnoreCase(text);
            case "externalid" -> u -> u.attributes.path("externalId").isTextual()
                    && u.attributes.path("externalId").asText().equals(text);
            case "emails.value" -> u -> {
                for (JsonNode email : u.attributes.path("emails")) {
                    if (email.path("value").asText().equalsIgnoreCase(text)) {
                        return true;
                    }
                }
                return false;
            };
            default -> throw invalidFilter("unsupported filter attribute " + comparison.getKey()
                    + ": Users filter on userName, externalId, emails.value (eq \"...\") or active (eq true|false)");
        };
    }

    private static Predicate<GroupState> groupFilter(String filter) {
        if (filter == null) {
            return g -> true;
        }
        Map.Entry<String, JsonNode> comparison = comparison(filter);
        String attribute = comparison.getKey();
        String prefix = GROUP_SCHEMA + ":";
        if (attribute.regionMatches(true, 0, prefix, 0, prefix.length())) {
            attribute = attribute.substring(prefix.length());
        }
        if (!attribute.equalsIgnoreCase("displayName")) {
            throw invalidFilter("unsupported filter attribute " + comparison.getKey()
                    + ": Groups filter on displayName eq \"...\" only");
        }
        if (!comparison.getValue().isTextual()) {
            throw invalidFilter("displayName is compared with a double-quoted string");
        }
        String text = comparison.getValue().asText();
        return g -> g.displayName.equalsIgnoreCase(text);
    }

    // ---- users -----------------------------------------------------------------------------------

    private Reply createUser(Request request) {
        JsonNode body = bodyObject(request);
        ObjectNode attributes = attributesFromResource(body);
        defaultActive(attributes);
        validate(attributes, null);
        UserState user = new UserState(UUID.randomUUID().toString(), ++sequence, now(), attributes);
        users.put(user.id, user);
        return userReply(201, user, projection(request));
    }

    private Reply replaceUser(Request request, String id) {
        UserState user = existingUser(id);
        JsonNode body = bodyObject(request);
        ObjectNode attributes = attributesFromResource(body);
        defaultActive(attributes);
        validate(attributes, user.id);
        commit(user, attributes);
        return userReply(200, user, projection(request));
    }

    private Reply deleteUser(String id) {
        UserState user = existingUser(id);
        users.remove(user.id);
        groups.values().forEach(g -> {
            if (g.memberIds.remove(user.id)) {
                touch(g);
            }
        });
        return Reply.empty(204);
    }

    private Reply patchUser(Request request, String id) {
        if (!patchSupported) {
            throw notImplemented("PATCH is not supported by this service provider (see ServiceProviderConfig)");
        }
        UserState user = existingUser(id);
        JsonNode operations = patchOperations(bodyObject(request));
        ObjectNode attributes = user.attributes.deepCopy();
        for (JsonNode operation : operations) {
            applyUserOperation(attributes, operation);
        }
        validate(attributes, user.id);
        if (!attributes.equals(user.attributes)) {
            commit(user, attributes);
        }
        return userReply(200, user, projection(request));
    }

    private void commit(UserState user, ObjectNode attributes) {
        user.attributes = attributes;
        user.modified = now();
        user.version++;
    }

    private static void defaultActive(ObjectNode attributes) {
        if (!attributes.has("active")) {
            attributes.put("active", true);
        }
    }

    /** The stored attributes of a full User resource (POST, PUT). */
    private static ObjectNode attributesFromResource(JsonNode body) {
        JsonNode schemas = body.get("schemas");
        if (schemas == null || !schemas.isArray() || !containsIgnoreCase(schemas, USER_SCHEMA)) {
            throw invalidSyntax("schemas must be an array containing " + USER_SCHEMA);
        }
        for (JsonNode schema : schemas) {
            if (!schema.isTextual() || !schema.asText().equalsIgnoreCase(USER_SCHEMA)
                    && !schema.asText().equalsIgnoreCase(ENTERPRISE_SCHEMA)) {
                throw invalidSyntax("unsupported schema " + schema + " (supported: " + USER_SCHEMA + ", "
                        + ENTERPRISE_SCHEMA + ")");
            }
        }
        ObjectNode attributes = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equalsIgnoreCase("schemas") || value.isNull() || canonical(key, READ_ONLY) != null
                    || canonical(key, CORE_NOT_KEPT) != null) {
                continue; // read-only and not-kept attributes are ignored (RFC 7644 section 3.3)
            }
            if (key.equalsIgnoreCase(ENTERPRISE_SCHEMA)) {
                if (!containsIgnoreCase(schemas, ENTERPRISE_SCHEMA)) {
                    throw invalidSyntax("the body carries " + ENTERPRISE_SCHEMA + " attributes but schemas does not list it");
                }
                apply(attributes, "replace", new AttrPath(key, true, null, null, null), value, true);
                continue;
            }
            if (key.regionMatches(true, 0, "urn:", 0, 4)) {
                throw invalidSyntax("unknown schema extension " + key);
            }
            if (canonical(key, CORE_STRINGS) == null && canonical(key, List.of("name", "emails", "active")) == null) {
                throw invalidSyntax("unknown attribute " + key + " (not in " + USER_SCHEMA + ")");
            }
            apply(attributes, "replace", parsePath(key), value, true);
        }
        return attributes;
    }

    private void validate(ObjectNode attributes, String selfId) {
        JsonNode userName = attributes.get("userName");
        if (userName == null || !userName.isTextual() || userName.asText().isBlank()) {
            throw invalidValue("userName is required (a non-blank string)");
        }
        userNamed(userName.asText(), selfId).ifPresent(other -> {
            hiddenFromLists.remove(userName.asText().toLowerCase(java.util.Locale.ROOT));
            throw new ScimError(409, "uniqueness", "userName " + userName.asText() + " is already taken (by user "
                    + other.id + "; userName is unique case-insensitively)");
        });
        int primaries = 0;
        for (JsonNode email : attributes.path("emails")) {
            if (email.path("primary").asBoolean(false)) {
                primaries++;
            }
        }
        if (primaries > 1) {
            throw invalidValue("at most one email may be primary (RFC 7643 section 2.4)");
        }
        JsonNode manager = attributes.path(ENTERPRISE_SCHEMA).path("manager");
        if (!manager.isMissingNode()) {
            String managerId = manager.path("value").asText();
            if (!users.containsKey(managerId)) {
                throw invalidValue("manager.value " + managerId + " is not the id of a user of this service provider");
            }
        }
    }

    // ---- PATCH -----------------------------------------------------------------------------------

    /** The Operations of a PatchOp body, after checking its schemas and shape. */
    private static JsonNode patchOperations(JsonNode body) {
        JsonNode schemas = body.get("schemas");
        if (schemas == null || !schemas.isArray() || schemas.size() != 1 || !PATCH_OP.equals(schemas.get(0).asText())) {
            throw invalidSyntax("a PATCH body needs \"schemas\":[\"" + PATCH_OP + "\"] (got "
                    + (schemas == null ? "none" : schemas.toString()) + ")");
        }
        JsonNode operations = null;
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equalsIgnoreCase("Operations")) {
                operations = body.get(name);
            } else if (!name.equals("schemas")) {
                throw invalidSyntax("unknown PatchOp attribute " + name + " (a PatchOp has schemas and Operations)");
            }
        }
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw invalidSyntax("Operations must be a non-empty array");
        }
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw invalidSyntax("each operation must be an object {op, path, value}");
            }
            Iterator<String> fields = operation.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                if (!List.of("op", "path", "value").contains(field.toLowerCase(Locale.ROOT))) {
                    throw invalidSyntax("unknown operation attribute " + field + " (an operation has op, path, value)");
                }
            }
        }
        return operations;
    }

    private static JsonNode member(JsonNode object, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static String op(JsonNode operation) {
        JsonNode op = member(operation, "op");
        String name = op == null || !op.isTextual() ? "" : op.asText().toLowerCase(Locale.ROOT);
        if (!List.of("add", "replace", "remove").contains(name)) {
            throw invalidSyntax("op must be add, replace or remove (got " + op + ")");
        }
        return name;
    }

    private static String opPath(JsonNode operation) {
        JsonNode path = member(operation, "path");
        if (path == null || path.isNull()) {
            return null;
        }
        if (!path.isTextual() || path.asText().isBlank()) {
            throw invalidPath("path must be a non-blank string (got " + path + ")");
        }
        return path.asText().trim();
    }

    private void applyUserOperation(ObjectNode attributes, JsonNode operation) {
        String op = op(operation);
        String path = opPath(operation);
        JsonNode value = member(operation, "value");
        if (path == null) {
            if (op.equals("remove")) {
                throw new ScimError(400, "noTarget", "remove needs a path");
            }
            if (value == null || !value.isObject()) {
                throw invalidValue(op + " without a path needs an object value whose keys are attribute names");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (key.equalsIgnoreCase("schemas") || canonical(key, CORE_NOT_KEPT) != null) {
                    continue;
                }
                if (canonical(key, READ_ONLY) != null) {
                    throw mutability(key + " is read-only");
                }
                apply(attributes, op, parsePath(key), field.getValue(), false);
            }
            return;
        }
        apply(attributes, op, parsePath(path), value, false);
    }

    /** Resolves a User attribute path (RFC 7644 section 3.10) to what this provider keeps. */
    private static AttrPath parsePath(String raw) {
        String path = raw.trim();
        boolean extension = false;
        if (path.regionMatches(true, 0, ENTERPRISE_SCHEMA, 0, ENTERPRISE_SCHEMA.length())) {
            String rest = path.substring(ENTERPRISE_SCHEMA.length());
            if (rest.isEmpty()) {
                return new AttrPath(raw, true, null, null, null);
            }
            if (!rest.startsWith(":")) {
                throw invalidPath("unknown path " + raw);
            }
            path = rest.substring(1);
            extension = true;
        } else if (path.regionMatches(true, 0, USER_SCHEMA + ":", 0, USER_SCHEMA.length() + 1)) {
            path = path.substring(USER_SCHEMA.length() + 1);
        } else if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            throw invalidPath("unknown schema in path " + raw);
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw invalidPath("malformed path " + raw);
        }
        String attr = m.group(1);
        String filterText = m.group(2);
        String sub = m.group(3);
        if (extension) {
            if (filterText != null) {
                throw invalidPath("no value filter applies to " + raw);
            }
            if (canonical(attr, ENTERPRISE_NOT_KEPT) != null) {
                throw invalidPath(attr + " is not supported by this service provider");
            }
            String name = canonical(attr, ENTERPRISE_STRINGS);
            if (name != null) {
                if (sub != null) {
                    throw invalidPath(name + " has no sub-attributes: " + raw);
                }
                return new AttrPath(raw, true, name, null, null);
            }
            if (attr.equalsIgnoreCase("manager")) {
                if (sub == null || sub.equalsIgnoreCase("value")) {
                    return new AttrPath(raw, true, "manager", null, sub == null ? null : "value");
                }
                if (sub.equalsIgnoreCase("displayName") || sub.equals("$ref")) {
                    throw mutability("manager." + sub + " is read-only");
                }
                throw invalidPath("unknown sub-attribute manager." + sub);
            }
            throw invalidPath("unknown enterprise attribute " + attr + " in path " + raw);
        }
        if (canonical(attr, READ_ONLY) != null) {
            throw mutability(canonical(attr, READ_ONLY) + " is read-only");
        }
        if (canonical(attr, CORE_NOT_KEPT) != null) {
            throw invalidPath(attr + " is not supported by this service provider");
        }
        String name = canonical(attr, CORE_STRINGS);
        if (name == null && attr.equalsIgnoreCase("active")) {
            name = "active";
        }
        if (name != null) {
            if (filterText != null || sub != null) {
                throw invalidPath(name + " is single-valued and has no sub-attributes: " + raw);
            }
            return new AttrPath(raw, false, name, null, null);
        }
        if (attr.equalsIgnoreCase("name")) {
            if (filterText != null) {
                throw invalidPath("name is single-valued: no value filter applies");
            }
            String subName = sub == null ? null : canonical(sub, NAME_SUBS);
            if (sub != null && subName == null) {
                throw invalidPath("unknown sub-attribute name." + sub);
            }
            return new AttrPath(raw, false, "name", null, subName);
        }
        if (attr.equalsIgnoreCase("emails")) {
            String subName = sub == null ? null : canonical(sub, EMAIL_SUBS);
            if (sub != null && subName == null) {
                throw invalidPath("unknown sub-attribute emails." + sub);
            }
            if (subName != null && filterText == null) {
                throw invalidPath("emails is multi-valued: select the values with a filter, e.g. emails[type eq \"work\"]."
                        + subName);
            }
            return new AttrPath(raw, false, "emails", filterText == null ? null : valueFilter(filterText, raw), subName);
        }
        throw invalidPath("unknown attribute " + attr + " in path " + raw);
    }

    private static ValueFilter valueFilter(String text, String path) {
        Map.Entry<String, JsonNode> comparison = comparison(text);
        String attr = canonical(comparison.getKey(), EMAIL_SUBS);
        if (attr == null) {
            throw invalidFilter("unknown emails sub-attribute " + comparison.getKey() + " in path " + path);
        }
        JsonNode value = comparison.getValue();
        if (attr.equals("primary") ? !value.isBoolean() : !value.isTextual()) {
            throw invalidFilter("emails." + attr + " is compared with " + (attr.equals("primary") ? "true or false" : "a string"));
        }
        return new ValueFilter(attr, value);
    }

    /**
     * Applies one operation to a copy of a user's attributes. {@code body} is true for POST/PUT bodies,
     * where read-only and not-kept sub-attributes are ignored instead of refused.
     */
    private static void apply(ObjectNode attributes, String op, AttrPath path, JsonNode value, boolean body) {
        if (!op.equals("remove") && (value == null || value.isNull())) {
            throw invalidValue(op + " of " + path.raw() + " needs a value");
        }
        if (path.extension()) {
            applyExtension(attributes, op, path, value, body);
            return;
        }
        String attr = path.attr();
        switch (attr) {
            case "active" -> {
                if (op.equals("remove")) {
                    attributes.remove(attr);
                } else if (!value.isBoolean()) {
                    throw invalidValue("active must be a JSON boolean (got " + value + ")");
                } else {
                    attributes.set(attr, value);
                }
            }
            case "name" -> applyName(attributes, op, path, value, body);
            case "emails" -> applyEmails(attributes, op, path, value);
            default -> {
                if (op.equals("remove")) {
                    attributes.remove(attr);
                } else {
                    attributes.put(attr, text(attr, value));
                }
            }
        }
    }

    private static String text(String attr, JsonNode value) {
        if (!value.isTextual()) {
            throw invalidValue(attr + " must be a string (got " + value + ")");
        }
        return value.asText();
    }

    private static void applyName(ObjectNode attributes, String op, AttrPath path, JsonNode value, boolean body) {
        if (path.sub() == null) {
            if (op.equals("remove")) {
                attributes.remove("name");
                return;
            }
            if (!value.isObject()) {
                throw invalidValue("name must be an object of sub-attributes (got " + value + ")");
            }
            // add and replace both merge: sub-attributes not given are left unchanged (RFC 7644 section 3.5.2)
            ObjectNode name = attributes.has("name") ? (ObjectNode) attributes.get("name") : attributes.putObject("name");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String sub = canonical(field.getKey(), NAME_SUBS);
                if (sub == null) {
                    throw body ? invalidSyntax("unknown sub-attribute name." + field.getKey())
                            : invalidValue("unknown sub-attribute name." + field.getKey());
                }
                if (field.getValue().isNull()) {
                    name.remove(sub);
                } else {
                    name.put(sub, text("name." + sub, field.getValue()));
                }
            }
            if (name.isEmpty()) {
                attributes.remove("name");
            }
            return;
        }
        ObjectNode name = attributes.has("name") ? (ObjectNode) attributes.get("name") : attributes.putObject("name");
        if (op.equals("remove")) {
            name.remove(path.sub());
        } else {
            name.put(path.sub(), text("name." + path.sub(), value));
        }
        if (name.isEmpty()) {
            attributes.remove("name");
        }
    }

    /** One email value as stored: value required; type, display strings; primary boolean. */
    private static ObjectNode email(JsonNode value) {
        ObjectNode email = emailPart(value, true);
        if (!email.path("value").isTextual() || email.path("value").asText().isBlank()) {
            throw invalidValue("an email needs a value (got " + value + ")");
        }
        return email;
    }

    private static JsonNode emailSub(String sub, JsonNode value) {
        if (sub.equals("primary") ? !value.isBoolean() : !value.isTextual()) {
            throw invalidValue("emails." + sub + " must be " + (sub.equals("primary") ? "a JSON boolean" : "a string")
                    + " (got " + value + ")");
        }
        return value;
    }

    private static void applyEmails(ObjectNode attributes, String op, AttrPath path, JsonNode value) {
        ArrayNode emails = attributes.has("emails") ? (ArrayNode) attributes.get("emails") : JSON.createArrayNode();
        ValueFilter filter = path.filter();
        if (filter == null) {
            switch (op) {
                case "remove" -> emails.removeAll();
                case "replace" -> {
                    emails.removeAll();
                    addEmails(emails, value);
                }
                default -> addEmails(emails, value);
            }
        } else {
            List<Integer> matches = new ArrayList<>();
            for (int i = 0; i < emails.size(); i++) {
                if (filter.matches(emails.get(i))) {
                    matches.add(i);
                }
            }
            String sub = path.sub();
            if (op.equals("replace") && matches.isEmpty()) {
                throw new ScimError(400, "noTarget", "no email matches " + path.raw());
            }
            if (op.equals("remove")) {
                for (int i = matches.size() - 1; i >= 0; i--) {
                    int index = matches.get(i);
                    if (sub == null || sub.equals("value")) {
                        emails.remove(index);
                    } else {
                        ((ObjectNode) emails.get(index)).remove(sub);
                    }
                }
            } else if (sub == null) {
                ObjectNode email = emailPart(value);
                if (matches.isEmpty()) {
                    ObjectNode added = JSON.createObjectNode();
                    added.set(filter.attr(), filter.value());
                    added.setAll(email);
                    emails.add(email(added));
                } else {
                    for (int index : matches) {
                        ObjectNode target = (ObjectNode) emails.get(index);
                        if (op.equals("replace")) {
                            emails.set(index, email(email));
                        } else {
                            target.setAll(email);
                        }
                    }
                }
            } else {
                JsonNode subValue = emailSub(sub, value);
                if (matches.isEmpty()) {
                    ObjectNode added = JSON.createObjectNode();
                    added.set(filter.attr(), filter.value());
                    added.set(sub, subValue);
                    emails.add(email(added));
                } else {
                    for (int index : matches) {
                        ((ObjectNode) emails.get(index)).set(sub, subValue);
                    }
                }
            }
        }
        if (emails.isEmpty()) {
            attributes.remove("emails");
        } else {
            attributes.set("emails", emails);
        }
    }

    /** Sub-attributes of an email given to merge (value not required). */
    private static ObjectNode emailPart(JsonNode value) {
        return emailPart(value, false);
    }

    /** An email's sub-attributes, each checked; {@code skipNulls}: a null one is left out rather than refused. */
    private static ObjectNode emailPart(JsonNode value, boolean skipNulls) {
        if (!value.isObject()) {
            throw invalidValue("an email must be an object {value, type, primary} (got " + value + ")");
        }
        ObjectNode part = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String sub = canonical(field.getKey(), EMAIL_SUBS);
            if (sub == null) {
                throw invalidValue("unknown sub-attribute emails." + field.getKey());
            }
            if (!(skipNulls && field.getValue().isNull())) {
                part.set(sub, emailSub(sub, field.getValue()));
            }
        }
        return part;
    }

    /** Adds emails (an array of email objects); one with the same value as a kept one is merged into it. */
    private static void addEmails(ArrayNode emails, JsonNode value) {
        if (!value.isArray()) {
            throw invalidValue("emails takes an array of email objects (got " + value + ")");
        }
        for (JsonNode item : value) {
            ObjectNode email = email(item);
            ObjectNode same = null;
            for (JsonNode kept : emails) {
                if (kept.path("value").asText().equalsIgnoreCase(email.path("value").asText())) {
                    same = (ObjectNode) kept;
                }
            }
            if (same != null) {
                same.setAll(email);
            } else {
                emails.add(email);
            }
        }
    }

    private static void applyExtension(ObjectNode attributes, String op, AttrPath path, JsonNode value, boolean body) {
        ObjectNode extension = attributes.has(ENTERPRISE_SCHEMA) ? (ObjectNode) attributes.get(ENTERPRISE_SCHEMA)
                : JSON.createObjectNode();
        if (path.attr() == null) {
            if (op.equals("remove")) {
                extension.removeAll();
            } else {
                if (!value.isObject()) {
                    throw invalidValue(ENTERPRISE_SCHEMA + " takes an object of its attributes (got " + value + ")");
                }
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String key = field.getKey();
                    if (canonical(key, ENTERPRISE_NOT_KEPT) != null) {
                        continue;
                    }
                    String name = canonical(key, ENTERPRISE_STRINGS);
                    if (name == null && !key.equalsIgnoreCase("manager")) {
                        throw body ? invalidSyntax("unknown enterprise attribute " + key)
                                : invalidValue("unknown enterprise attribute " + key);
                    }
                    AttrPath attrPath = new AttrPath(ENTERPRISE_SCHEMA + ":" + key, true, name == null ? "manager" : name,
                            null, null);
                    if (field.getValue().isNull()) {
                        extension.remove(attrPath.attr());
                    } else {
                        applyExtensionAttribute(extension, op, attrPath, field.getValue());
                    }
                }
            }
        } else {
            applyExtensionAttribute(extension, op, path, value);
        }
        if (extension.isEmpty()) {
            attributes.remove(ENTERPRISE_SCHEMA);
        } else {
            attributes.set(ENTERPRISE_SCHEMA, extension);
        }
    }

    private static void applyExtensionAttribute(ObjectNode extension, String op, AttrPath path, JsonNode value) {
        String attr = path.attr();
        if (op.equals("remove")) {
            extension.remove(attr);
            return;
        }
        if (!attr.equals("manager")) {
            extension.put(attr, text(attr, value));
            return;
        }
        if (path.sub() != null) {
            extension.putObject("manager").put("value", text("manager.value", value));
            return;
        }
        if (!value.isObject()) {
            throw invalidValue("manager must be an object {\"value\": \"<user id>\"} (got " + value + ")");
        }
        String managerId = null;
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equalsIgnoreCase("value")) {
                managerId = text("manager.value", field.getValue());
            } else if (!key.equalsIgnoreCase("displayName") && !key.equals("$ref")) {
                // manager.displayName and $ref are read-only and computed: ignored in a value
                throw invalidValue("unknown sub-attribute manager." + key);
            }
        }
        if (managerId == null) {
            JsonNode kept = extension.path("manager").path("value");
            if (!kept.isTextual()) {
                throw invalidValue("manager needs a value (the manager's user id)");
            }
            managerId = kept.asText();
        }
        extension.putObject("manager").put("value", managerId);
    }

    // ---- groups ----------------------------------------------------------------------------------

    private Reply patchGroup(Request request, String id) {
        if (!patchSupported) {
            throw notImplemented("PATCH is not supported by this service provider (see ServiceProviderConfig): "
                    + "replace the group with PUT");
        }
        GroupState group = existingGroup(id);
        JsonNode operations = patchOperations(bodyObject(request));
        Set<String> members = new LinkedHashSet<>(group.memberIds);
        for (JsonNode operation : operations) {
            String op = op(operation);
            String path = opPath(operation);
            JsonNode value = member(operation, "value");
            if (path == null) {
                throw op.equals("remove") ? new ScimError(400, "noTarget", "remove needs a path")
                        : invalidPath("Group PATCH supports add with path members and remove with path "
                                + "members[value eq \"<user id>\"] only");
            }
            if (path.equalsIgnoreCase("members")) {
                if (!op.equals("add")) {
                    throw invalidPath(op + " of members is not supported: add with path members, remove with path "
                            + "members[value eq \"<user id>\"]");
                }
                members.addAll(memberIdsOf(value));
                continue;
            }
            String removed = memberFilter(path);
            if (removed == null) {
                throw invalidPath("unsupported Group path " + path + ": only members and members[value eq \"<id>\"]");
            }
            if (!op.equals("remove")) {
                throw invalidPath(op + " of " + path + " is not supported: add with path members");
            }
            members.remove(removed);
        }
        if (!members.equals(group.memberIds)) {
            group.memberIds = members;
            touch(group);
        }
        return groupReply(group, projection(request));
    }

    private Reply replaceGroup(Request request, String id) {
        GroupState group = existingGroup(id);
        JsonNode body = bodyObject(request);
        JsonNode schemas = body.get("schemas");
        if (schemas == null || !schemas.isArray() || !containsIgnoreCase(schemas, GROUP_SCHEMA)) {
            throw invalidSyntax("schemas must be an array containing " + GROUP_SCHEMA);
        }
        String displayName = null;
        Set<String> members = new LinkedHashSet<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey().toLowerCase(Locale.ROOT);
            switch (key) {
                case "schemas", "id", "meta", "externalid" -> {
                    // read-only (ignored) or not kept
                }
                case "displayname" -> displayName = field.getValue().isTextual() ? field.getValue().asText() : null;
                case "members" -> {
                    if (!field.getValue().isNull()) {
                        members.addAll(memberIdsOf(field.getValue()));
                    }
                }
                default -> throw invalidSyntax("unknown Group attribute " + field.getKey());
            }
        }
        if (displayName == null || displayName.isBlank()) {
            throw invalidValue("displayName is required (a non-blank string)");
        }
        String name = displayName;
        groups.values().stream().filter(g -> g != group && g.displayName.equalsIgnoreCase(name)).findFirst()
                .ifPresent(g -> {
                    throw new ScimError(409, "uniqueness", "a group named " + name + " already exists");
                });
        if (!name.equals(group.displayName) || !members.equals(group.memberIds)) {
            group.displayName = name;
            group.memberIds = members;
            touch(group);
        }
        return groupReply(group, projection(request));
    }

    /** User ids of a members value [{value: id}]; every one must be a user here. */
    private List<String> memberIdsOf(JsonNode value) {
        if (value == null || !value.isArray()) {
            throw invalidValue("members takes an array [{\"value\": \"<user id>\"}] (got " + value + ")");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode item : value) {
            JsonNode id = item.isObject() ? member(item, "value") : null;
            if (id == null || !id.isTextual()) {
                throw invalidValue("each member must be an object with a value (a user id), got " + item);
            }
            if (!users.containsKey(id.asText())) {
                throw invalidValue("member " + id.asText() + " is not the id of a user of this service provider");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    /** The user id of a {@code members[value eq "id"]} path, or null for any other path. */
    private static String memberFilter(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("members") || m.group(2) == null || m.group(3) != null) {
            return null;
        }
        Map.Entry<String, JsonNode> comparison;
        try {
            comparison = comparison(m.group(2));
        } catch (ScimError e) {
            return null;
        }
        if (!comparison.getKey().equalsIgnoreCase("value") || !comparison.getValue().isTextual()) {
            return null;
        }
        return comparison.getValue().asText();
    }

    private void touch(GroupState group) {
        group.modified = now();
        group.version++;
    }

    // ---- representations -------------------------------------------------------------------------

    private Reply userReply(int status, UserState user, Projection projection) {
        String location = baseUrl() + BASE_PATH + "/Users/" + user.id;
        return reply(status, project(userJson(user), projection), Map.of("Location", location));
    }

    private Reply groupReply(GroupState group, Projection projection) {
        String location = baseUrl() + BASE_PATH + "/Groups/" + group.id;
        return reply(200, project(groupJson(group), projection), Map.of("Location", location));
    }

    private ObjectNode userJson(UserState user) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode schemas = json.putArray("schemas").add(USER_SCHEMA);
        json.put("id", user.id);
        for (String attr : USER_ORDER) {
            if (user.attributes.has(attr)) {
                json.set(attr, user.attributes.get(attr).deepCopy());
            }
        }
        JsonNode extension = user.attributes.get(ENTERPRISE_SCHEMA);
        if (extension != null) {
            schemas.add(ENTERPRISE_SCHEMA);
            ObjectNode rendered = extension.deepCopy();
            JsonNode managerId = rendered.path("manager").path("value");
            UserState manager = managerId.isTextual() ? users.get(managerId.asText()) : null;
            if (manager != null) {
                ((ObjectNode) rendered.get("manager")).put("$ref", baseUrl() + BASE_PATH + "/Users/" + manager.id)
                        .put("displayName", displayOf(manager));
            }
            json.set(ENTERPRISE_SCHEMA, rendered);
        }
        ArrayNode memberships = JSON.createArrayNode();
        groups.values().stream().filter(g -> g.memberIds.contains(user.id)).forEach(g -> memberships.addObject()
                .put("value", g.id).put("$ref", baseUrl() + BASE_PATH + "/Groups/" + g.id).put("display", g.displayName)
                .put("type", "direct"));
        if (!memberships.isEmpty()) {
            json.set("groups", memberships);
        }
        json.set("meta", meta("User", "/Users/", user.id, user.created, user.modified, user.version));
        return json;
    }

    private ObjectNode groupJson(GroupState group) {
        ObjectNode json = JSON.createObjectNode();
        json.putArray("schemas").add(GROUP_SCHEMA);
        json.put("id", group.id);
        json.put("displayName", group.displayName);
        if (!group.memberIds.isEmpty()) {
            ArrayNode members = json.putArray("members");
            for (String id : group.memberIds) {
                UserState user = users.get(id);
                members.addObject().put("value", id).put("$ref", baseUrl() + BASE_PATH + "/Users/" + id)
                        .put("display", user == null ? null : displayOf(user)).put("type", "User");
            }
        }
        json.set("meta", meta("Group", "/Groups/", group.id, group.created, group.modified, group.version));
        return json;
    }

    private ObjectNode meta(String resourceType, String endpoint, String id, Instant created, Instant modified,
            long version) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("resourceType", resourceType);
        meta.put("created", created.toString());
        meta.put("lastModified", modified.toString());
        meta.put("location", baseUrl() + BASE_PATH + endpoint + id);
        meta.put("version", "W/\"" + version + "\"");
        return meta;
    }

    private static String displayOf(UserState user) {
        JsonNode displayName = user.attributes.get("displayName");
        return displayName != null && displayName.isTextual() ? displayName.asText()
                : user.attributes.path("userName").asText();
    }

    /** The resource with only the requested attributes (or without the excluded ones); id and schemas always. */
    private static ObjectNode project(ObjectNode resource, Projection projection) {
        if (projection.attributes().isEmpty() && projection.excluded().isEmpty()) {
            return resource;
        }
        ObjectNode out = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("schemas") || name.equals("id")) {
                out.set(name, field.getValue());
                continue;
            }
            boolean urn = name.startsWith("urn:");
            String key = name.toLowerCase(Locale.ROOT);
            JsonNode kept = projection.attributes().isEmpty()
                    ? exclude(field.getValue(), key, urn ? ":" : ".", projection.excluded())
                    : include(field.getValue(), key, urn ? ":" : ".", projection.attributes());
            if (kept != null) {
                out.set(name, kept);
            }
        }
        return out;
    }

    private static JsonNode include(JsonNode value, String key, String separator, Set<String> names) {
        if (names.contains(key)) {
            return value;
        }
        if (names.stream().noneMatch(n -> n.startsWith(key + separator))) {
            return null;
        }
        if (value.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            value.forEach(item -> {
                JsonNode kept = item.isObject() ? includeFields(item, key, separator, names) : null;
                if (kept != null) {
                    out.add(kept);
                }
            });
            return out.isEmpty() ? null : out;
        }
        return value.isObject() ? includeFields(value, key, separator, names) : null;
    }

    private static JsonNode includeFields(JsonNode object, String key, String separator, Set<String> names) {
        ObjectNode out = JSON.createObjectNode();
        object.fields().forEachRemaining(field -> {
            JsonNode kept = include(field.getValue(), key + separator + field.getKey().toLowerCase(Locale.ROOT), ".", names);
            if (kept != null) {
                out.set(field.getKey(), kept);
            }
        });
        return out.isEmpty() ? null : out;
    }

    private static JsonNode exclude(JsonNode value, String key, String separator, Set<String> names) {
        if (names.contains(key)) {
            return null;
        }
        if (names.stream().noneMatch(n -> n.startsWith(key + separator))) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            value.forEach(item -> out.add(item.isObject() ? excludeFields(item, key, separator, names) : item));
            return out;
        }
        return value.isObject() ? excludeFields(value, key, separator, names) : value;
    }

    private static JsonNode excludeFields(JsonNode object, String key, String separator, Set<String> names) {
        ObjectNode out = JSON.createObjectNode();
        object.fields().forEachRemaining(field -> {
            JsonNode kept = exclude(field.getValue(), key + separator + field.getKey().toLowerCase(Locale.ROOT), ".", names);
            if (kept != null) {
                out.set(field.getKey(), kept);
            }
        });
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private UserState existingUser(String id) {
        UserState user = users.get(id);
        if (user == null) {
            throw notFound("User " + id + " not found");
        }
        return user;
    }

    private GroupState existingGroup(String id) {
        GroupState group = groups.get(id);
        if (group == null) {
            throw notFound("Group " + id + " not found");
        }
        return group;
    }

    private Optional<UserState> userNamed(String userName, String exceptId) {
        return users.values().stream()
                .filter(u -> !u.id.equals(exceptId) && u.attributes.path("userName").asText().equalsIgnoreCase(userName))
                .findFirst();
    }

    private Optional<GroupState> groupNamed(String displayName) {
        return groups.values().stream().filter(g -> g.displayName.equalsIgnoreCase(displayName)).findFirst();
    }

    /** The canonical spelling of an attribute name among these (names are case-insensitive), or null. */
    private static String canonical(String name, List<String> names) {
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean containsIgnoreCase(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.isTextual() && item.asText().equalsIgnoreCase(text)) {
                return true;
            }
        }
        return false;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
