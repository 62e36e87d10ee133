package io.hrsync.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stateful, strict simulator of Skilljar's API (v1) for one domain (academy).
 *
 * <p>Follows the vendor's published spec ({@code vendors/specs/skilljar.openapi.yaml}) where it and the
 * integration guide disagree (see {@code vendors/skilljar.md}): users are created by an upsert on
 * {@code POST /v1/domains/{domain}/users}, deactivation is {@code active: false} on the domain membership,
 * enrolment goes through published courses, and paths have no trailing slash unless
 * {@link #trailingSlash(boolean)} says otherwise. Strictness beyond the real API, so that client bugs show:
 * unknown body fields and query parameters the operation does not declare are rejected with 400.
 *
 * <p>Errors follow Django REST Framework's shapes, which the spec does not describe: {@code {"detail": "..."}}
 * for 401/404/405/415/429 and general 400s, and {@code {"field": ["message"]}} (nested for nested fields)
 * for validation errors.
 */
public final class SkilljarSimulator extends VendorSimulator {

    public static final int DEFAULT_RATE_LIMIT = 300;
    public static final long DEFAULT_RATE_WINDOW_MILLIS = 60_000;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private static final Pattern DOMAIN_NAME = Pattern.compile("^[-:.0-9a-z]+$");
    private static final Pattern ID = Pattern.compile("^[0-9a-z]+$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int NAME_MAX = 50;
    private static final int EMAIL_MAX = 254;
    private static final Set<String> UNSIMULATED_DOMAIN_USER_FILTERS = Set.of("access_code", "access_code__code",
            "access_code__id", "access_code__pool__id", "signup_field_id", "signup_field_label", "signup_field_value");

    /** A user as the tests and the sandbox see it (immutable snapshot). */
    public record User(String id, String email, String firstName, String lastName, boolean activeInDomain,
            Set<String> groupNames, Set<String> courseTitles) {
        public User {
            groupNames = Set.copyOf(groupNames);
            courseTitles = Set.copyOf(courseTitles);
        }
    }

    // ---- state -------------------------------------------------------------------------------------

    private static final class Account {
        final String id;
        final Instant signedUpAt;
        String email;
        String firstName;
        String lastName;

        Account(String id, String email, String firstName, String lastName, Instant signedUpAt) {
            this.id = id;
            this.email = email;
            this.firstName = firstName;
            this.lastName = lastName;
            this.signedUpAt = signedUpAt;
        }
    }

    /** Membership of an account in this simulator's domain. */
    private static final class Membership {
        final Instant enrolledAt;
        boolean active;
        Instant inactiveAt;
        Boolean marketingOptin;
        String expiresAt;

        Membership(Instant enrolledAt) {
            this.enrolledAt = enrolledAt;
        }
    }

    private record Group(String id, String name) {
    }

    private record GroupMember(String id, Instant joinedAt) {
    }

    private record Course(String id, String courseId, String title, String slug) {
    }

    private static final class Enrollment {
        final String id;
        final String userId;
        final String courseId;
        final Instant enrolledAt;
        boolean active;
        String expiresAt;

        Enrollment(String id, String userId, String courseId, Instant enrolledAt) {
            this.id = id;
            this.userId = userId;
            this.courseId = courseId;
            this.enrolledAt = enrolledAt;
        }
    }

    private final String apiKey;
    private final String domain;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Membership> memberships = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, GroupMember>> groupMembers = new LinkedHashMap<>();
    private final Map<String, Course> courses = new LinkedHashMap<>();
    private final Map<String, Enrollment> enrollmentsById = new LinkedHashMap<>();
    private long sequence;
    private int creates;
    private int listCalls;
    private int redirects;
    private boolean trailingSlash;

    // ---- routing -----------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Operation {
        Reply apply(Request request, Map<String, String> params);
    }

    private record Route(String template, Map<String, Operation> operations) {
    }

    private record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = List.of(
            new Route("users", Map.of("GET", this::listUsers)),
            new Route("users/{user}", Map.of("GET", this::getUser, "PUT", this::updateUser, "PATCH", this::updateUser)),
            new Route("users/{user}/groups", Map.of("GET", this::listUserGroups)),
            new Route("users/{user}/published-courses", Map.of("GET", this::listUserCourses)),
            new Route("domains/{domain}/users", Map.of("GET", this::listDomainUsers, "POST", this::createDomainUser)),
            new Route("domains/{domain}/users/bulk-create", Map.of("POST", this::bulkCreateDomainUsers)),
            new Route("domains/{domain}/users/{user}", Map.of("GET", this::getDomainUser, "PATCH", this::updateDomainUser)),
            new Route("domains/{domain}/published-courses", Map.of("GET", this::listCourses)),
            new Route("domains/{domain}/published-courses/{course}/enrollments",
                    Map.of("GET", this::listEnrollments, "POST", this::createEnrollment)),
            new Route("domains/{domain}/published-courses/{course}/enrollments/{enrollment}",
                    Map.of("PATCH", this::updateEnrollment)),
            new Route("groups", Map.of("GET", this::listGroups)),
            new Route("groups/{group}", Map.of("GET", this::getGroup)),
            new Route("groups/{group}/users", Map.of("GET", this::listGroupUsers, "POST", this::addGroupUser)),
            new Route("groups/{group}/users/{user}", Map.of("DELETE", this::removeGroupUser)));

    public SkilljarSimulator(String apiKey, String domain) {
        super("skilljar", DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS);
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is required");
        }
        if (domain == null || !DOMAIN_NAME.matcher(domain).matches()) {
            throw new IllegalArgumentException("domain must match " + DOMAIN_NAME.pattern());
        }
        this.apiKey = apiKey;
        this.domain = domain;
    }

    @Override
    public synchronized SkilljarSimulator start(int port) {
        super.start(port);
        return this;
    }

    public String domain() {
        return domain;
    }

    // ---- test and sandbox controls -----------------------------------------------------------------

    /** true: every path must end with '/'; false (default, as the spec): no trailing slash. Else 301. */
    public synchronized SkilljarSimulator trailingSlash(boolean required) {
        this.trailingSlash = required;
        return this;
    }

    /** A user with a membership in this domain, active or not. Not counted in {@link #creates()}. */
    public synchronized String seedUser(String email, String first, String last, boolean activeInDomain) {
        Account account = seedAccount(email, first, last);
        Membership membership = new Membership(clock.instant());
        setActive(membership, activeInDomain);
        memberships.put(account.id, membership);
        return account.id;
    }

    /** A user of the organisation registered on some other domain only: no membership in this one. */
    public synchronized String seedUserOutsideDomain(String email, String first, String last) {
        return seedAccount(email, first, last).id;
    }

    public synchronized String seedGroup(String name) {
        if (groups.values().stream().anyMatch(g -> g.name().equals(name))) {
            throw new IllegalArgumentException("group name must be unique: " + name);
        }
        Group group = new Group(newId("g"), name);
        groups.put(group.id(), group);
        groupMembers.put(group.id(), new LinkedHashMap<>());
        return group.id();
    }

    /** A course published to this domain; returns the published course id (the enrolment path's id). */
    public synchronized String seedCourse(String title) {
        String id = newId("p");
        courses.put(id, new Course(id, newId("c"), title, slug(title, id)));
        return id;
    }

    public synchronized Optional<User> user(String email) {
        return findByEmail(email).map(this::snapshot);
    }

    public synchronized List<User> users() {
        return accounts.values().stream().map(this::snapshot).toList();
    }

    /** Users created through the API (new user ids only; upserts of an existing email do not count). */
    public synchronized int creates() {
        return creates;
    }

    /** Distinct (user, published course) enrolments created through the API. */
    public synchronized int enrollments() {
        return enrollmentsById.size();
    }

    /** Pages served by GET /v1/domains/{domain}/users (filtered or not). */
    public synchronized int listCalls() {
        return listCalls;
    }

    /** 301 answers given because the request's trailing-slash style did not match. */
    public synchronized int redirects() {
        return redirects;
    }

    @Override
    protected synchronized void resetState() {
        accounts.clear();
        memberships.clear();
        groups.clear();
        groupMembers.clear();
        courses.clear();
        enrollmentsById.clear();
        sequence = 0;
        creates = 0;
        listCalls = 0;
        redirects = 0;
        trailingSlash = false;
        rateLimit(DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MILLIS, 0);
    }

    // ---- vendor error shapes -----------------------------------------------------------------------

    @Override
    protected Reply badRequest(String message) {
        return Reply.json(400, detail(message));
    }

    @Override
    protected Reply errorReply(int status, String message, String path) {
        return Reply.json(status, detail(message));
    }

    @Override
    protected Reply tooManyRequests() {
        return Reply.json(429, detail("Request was throttled."));
    }

    /** Ends a handler with the given answer. */
    private static final class Halt extends RuntimeException {
        private final transient Reply reply;

        Halt(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    @Override
    protected Reply handle(Request request) {
        try {
            String path = request.path();
            boolean slashed = path.length() > 1 && path.endsWith("/");
            String bare = slashed ? path.substring(0, path.length() - 1) : path;
            Match match = match(bare);
            if (match == null) {
                return notFoundReply();
            }
            if (slashed != trailingSlash) {
                return redirect(request, trailingSlash ? bare + "/" : bare);
            }
            String authorization = request.header("Authorization");
            if (!authenticated(authorization)) {
                return unauthorized(authorization);
            }
            Operation operation = match.route().operations().get(request.method());
            if (operation == null) {
                return methodNotAllowed(request.method(), match.route());
            }
            String domainName = match.params().get("domain");
            if (domainName != null && !domainName.equals(domain)) {
                return notFoundReply();
            }
            return operation.apply(request, match.params());
        } catch (Halt halt) {
            return halt.reply;
        }
    }

    private Match match(String path) {
        if (!path.startsWith("/v1/")) {
            return null;
        }
        String[] segments = path.substring(4).split("/", -1);
        for (Route route : routes) {
            String[] template = route.template().split("/");
            if (template.length != segments.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{")) {
                    String name = template[i].substring(1, template[i].length() - 1);
                    Pattern pattern = name.equals("domain") ? DOMAIN_NAME : ID;
                    matches = pattern.matcher(segments[i]).matches();
                    params.put(name, segments[i]);
                } else {
                    matches = template[i].equals(segments[i]);
                }
            }
            if (matches) {
                return new Match(route, params);
            }
        }
        return null;
    }

    private Reply redirect(Request request, String canonicalPath) {
        redirects++;
        String location = baseUrl() + canonicalPath + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        return new Reply(301, null, Map.of("Location", location));
    }

    /** Basic with the key as username and an empty password, or "Token key" / "Bearer key" (the spec's tokenAuth). */
    private boolean authenticated(String authorization) {
        if (authorization == null) {
            return false;
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = authorization.substring(space + 1).trim();
        return switch (scheme) {
            case "basic" -> sameSecret(decodeBase64(credentials), apiKey + ":");
            case "token", "bearer" -> sameSecret(credentials, apiKey);
            default -> false;
        };
    }

    private static String decodeBase64(String value) {
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean sameSecret(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply unauthorized(String authorization) {
        String message = authorization == null ? "Authentication credentials were not provided." : "Invalid API key.";
        return new Reply(401, detail(message), Map.of("WWW-Authenticate", "Basic realm=\"api\""));
    }

    private static Reply methodNotAllowed(String method, Route route) {
        String allow = String.join(", ", new TreeSet<>(route.operations().keySet()));
        return new Reply(405, detail("Method \"" + method + "\" not allowed."), Map.of("Allow", allow));
    }

    // ---- users -------------------------------------------------------------------------------------

    /** GET /v1/users: the spec declares the response as a plain array of UserOverview. */
    private Reply listUsers(Request request, Map<String, String> params) {
        allowOnly(request, "email", "first_name", "last_name", "is_inactive");
        String email = filter(request, "email");
        String first = filter(request, "first_name");
        String last = filter(request, "last_name");
        Boolean inactive = booleanParam(request, "is_inactive");
        List<Object> users = accounts.values().stream()
                .filter(a -> email == null || a.email.equalsIgnoreCase(email))
                .filter(a -> first == null || first.equals(a.firstName))
                .filter(a -> last == null || last.equals(a.lastName))
                .filter(a -> inactive == null || inactive == isInactive(a))
                .map(a -> (Object) overview(a))
                .toList();
        return Reply.json(200, users);
    }

    private Reply getUser(Request request, Map<String, String> params) {
        allowOnly(request);
        return Reply.json(200, overview(account(params.get("user"))));
    }

    /** PUT and PATCH /v1/users/{id}: both partial, name and email only. */
    private Reply updateUser(Request request, Map<String, String> params) {
        allowOnly(request);
        Account account = account(params.get("user"));
        ObjectNode body = body(request, true, Set.of("email", "first_name", "last_name"));
        String email = optionalEmail(body);
        String first = optionalString(body, "first_name", NAME_MAX);
        String last = optionalString(body, "last_name", NAME_MAX);
        if (email != null && findByEmail(email).filter(other -> other != account).isPresent()) {
            throw invalid("A user with that email address already exists.", "email");
        }
        account.email = email == null ? account.email : email;
        account.firstName = first == null ? account.firstName : first;
        account.lastName = last == null ? account.lastName : last;
        return Reply.json(200, userUpdate(account));
    }

    private Reply listUserGroups(Request request, Map<String, String> params) {
        allowOnly(request, "page");
        Account account = account(params.get("user"));
        List<Object> rows = new ArrayList<>();
        groups.values().forEach(group -> {
            GroupMember member = groupMembers.get(group.id()).get(account.id);
            if (member != null) {
                rows.add(obj("id", member.id(), "group", obj("id", group.id(), "name", group.name()),
                        "joined_at", member.joinedAt().toString()));
            }
        });
        return Reply.json(200, paginate(request, rows));
    }

    /** GET /v1/users/{id}/published-courses: a plain array, one entry per enrolled course. */
    private Reply listUserCourses(Request request, Map<String, String> params) {
        allowOnly(request);
        Account account = account(params.get("user"));
        List<Object> rows = enrollmentsById.values().stream()
                .filter(e -> e.userId.equals(account.id))
                .map(e -> (Object) courseProgress(e))
                .toList();
        return Reply.json(200, rows);
    }

    // ---- domain users ------------------------------------------------------------------------------

    private Reply listDomainUsers(Request request, Map<String, String> params) {
        Set<String> accepted = new LinkedHashSet<>(List.of("page", "page_size", "user__email", "user__first_name",
                "user__last_name", "active", "include_signup_field_data"));
        accepted.addAll(UNSIMULATED_DOMAIN_USER_FILTERS);
        allowOnly(request, accepted.toArray(String[]::new));
        for (String unsimulated : UNSIMULATED_DOMAIN_USER_FILTERS) {
            if (request.query().containsKey(unsimulated)) {
                throw new BadRequest("The filter " + unsimulated + " exists on Skilljar but is not simulated.");
            }
        }
        String email = filter(request, "user__email");
        String first = filter(request, "user__first_name");
        String last = filter(request, "user__last_name");
        Boolean active = booleanParam(request, "active");
        boolean signupFields = Boolean.TRUE.equals(booleanParam(request, "include_signup_field_data"));
        List<Object> rows = new ArrayList<>();
        memberships.forEach((userId, membership) -> {
            Account a = accounts.get(userId);
            if ((email == null || a.email.equalsIgnoreCase(email)) && (first == null || first.equals(a.firstName))
                    && (last == null || last.equals(a.lastName)) && (active == null || active == membership.active)) {
                Map<String, Object> row = domainUser(a, membership);
                if (signupFields) {
                    row.put("signup_fields", List.of());
                }
                rows.add(row);
            }
        });
        Map<String, Object> page = paginate(request, rows);
        listCalls++;
        return Reply.json(200, page);
    }

    /** POST /v1/domains/{domain}/users: upsert by email; an existing user keeps their details. */
    private Reply createDomainUser(Request request, Map<String, String> params) {
        allowOnly(request);
        ObjectNode body = body(request, false, Set.of("user", "active", "marketing_optin", "expires_at"));
        ObjectNode user = requiredObject(body, "user", Set.of("email", "first_name", "last_name"));
        String email = requiredEmail(user);
        String first = optionalString(user, "first_name", NAME_MAX, "user");
        String last = optionalString(user, "last_name", NAME_MAX, "user");
        Boolean active = optionalBoolean(body, "active", false);
        Boolean marketingOptin = optionalBoolean(body, "marketing_optin", true);
        String expiresAt = optionalDateTime(body, "expires_at", true);
        Account account = findByEmail(email).orElse(null);
        if (account == null) {
            account = new Account(newId("u"), email, first == null ? "" : first, last == null ? "" : last,
                    clock.instant());
            accounts.put(account.id, account);
            creates++;
        }
        Membership membership = memberships.get(account.id);
        if (membership == null) {
            membership = new Membership(clock.instant());
            membership.active = true;
            memberships.put(account.id, membership);
        }
        if (active != null) {
            setActive(membership, active);
        }
        if (body.has("marketing_optin")) {
            membership.marketingOptin = marketingOptin;
        }
        if (body.has("expires_at")) {
            membership.expiresAt = expiresAt;
        }
        Map<String, Object> reply = domainUser(account, membership);
        reply.put("signup_fields", List.of());
        return Reply.json(201, reply);
    }

    /** Bulk create is asynchronous on Skilljar (spec and description disagree on 200/202): not simulated. */
    private Reply bulkCreateDomainUsers(Request request, Map<String, String> params) {
        return Reply.json(501, detail("bulk-create is not simulated: use POST /v1/domains/" + domain + "/users"));
    }

    private Reply getDomainUser(Request request, Map<String, String> params) {
        allowOnly(request);
        Account account = account(params.get("user"));
        Map<String, Object> reply = domainUser(account, membership(account));
        reply.put("signup_fields", List.of());
        return Reply.json(200, reply);
    }

    /** PATCH /v1/domains/{domain}/users/{id}: only active, expires_at and access_code (removal) may change. */
    private Reply updateDomainUser(Request request, Map<String, String> params) {
        allowOnly(request);
        Account account = account(params.get("user"));
        Membership membership = membership(account);
        ObjectNode body = body(request, true, Set.of("active", "expires_at", "access_code"));
        Boolean active = optionalBoolean(body, "active", false);
        String expiresAt = optionalDateTime(body, "expires_at", true);
        if (body.has("access_code") && !body.get("access_code").isNull()) {
            throw invalid("Invalid access code.", "access_code");
        }
        if (active != null) {
            setActive(membership, active);
        }
        if (body.has("expires_at")) {
            membership.expiresAt = expiresAt;
        }
        Map<String, Object> reply = domainUser(account, membership);
        reply.put("signup_fields", List.of());
        return Reply.json(200, reply);
    }

    // ---- published courses and enrolments ----------------------------------------------------------

    private Reply listCourses(Request request, Map<String, String> params) {
        allowOnly(request, "course__id", "include_searchable_content", "page", "search");
        String courseId = filter(request, "course__id");
        String search = filter(request, "search");
        boolean searchable = Boolean.TRUE.equals(booleanParam(request, "include_searchable_content"));
        List<Object> rows = courses.values().stream()
                .filter(c -> courseId == null || c.courseId().equals(courseId))
                .filter(c -> search == null
                        || c.title().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT)))
                .map(c -> (Object) publishedCourse(c, searchable))
                .toList();
        return Reply.json(200, paginate(request, rows));
    }

    private Reply listEnrollments(Request request, Map<String, String> params) {
        allowOnly(request, "page", "page_size");
        Course course = course(params.get("course"));
        List<Object> rows = enrollmentsById.values().stream()
                .filter(e -> e.courseId.equals(course.id()))
                .map(e -> (Object) enrollment(e))
                .toList();
        return Reply.json(200, paginate(request, rows));
    }

    /** Needs an active domain membership; idempotent per (user, course): answers the existing enrolment. */
    private Reply createEnrollment(Request request, Map<String, String> params) {
        allowOnly(request);
        Course course = course(params.get("course"));
        ObjectNode body = body(request, false, Set.of("user", "enrolled_at", "expires_at", "active", "purchase"));
        ObjectNode user = requiredObject(body, "user", Set.of("id"));
        String userId = requiredString(user, "id", "user");
        String enrolledAt = optionalDateTime(body, "enrolled_at", false);
        String expiresAt = optionalDateTime(body, "expires_at", false);
        Boolean active = optionalBoolean(body, "active", true);
        if (body.has("purchase") && !body.get("purchase").isNull()) {
            throw invalid("Purchases are not simulated: omit purchase or send null.", "purchase");
        }
        Account account = accounts.get(userId);
        if (account == null) {
            throw invalid("User not found.", "user", "id");
        }
        Membership membership = memberships.get(account.id);
        if (membership == null || !membership.active) {
            throw new BadRequest("User " + userId + " has no active membership in domain " + domain
                    + ": add or reactivate it (POST /v1/domains/" + domain + "/users with active: true) before enrolling.");
        }
        Enrollment enrollment = enrollmentsById.values().stream()
                .filter(e -> e.userId.equals(userId) && e.courseId.equals(course.id()))
                .findFirst().orElse(null);
        if (enrollment == null) {
            Instant at = enrolledAt == null ? clock.instant() : Instant.parse(enrolledAt);
            enrollment = new Enrollment(newId("e"), userId, course.id(), at);
            enrollment.active = active == null || active;
            enrollment.expiresAt = expiresAt;
            enrollmentsById.put(enrollment.id, enrollment);
        } else if (active == null || active) {
            enrollment.active = true; // enrolling again reactivates; a create never deactivates
        }
        return Reply.json(201, enrollment(enrollment));
    }

    private Reply updateEnrollment(Request request, Map<String, String> params) {
        allowOnly(request);
        Course course = course(params.get("course"));
        Enrollment enrollment = enrollmentsById.get(params.get("enrollment"));
        if (enrollment == null || !enrollment.courseId.equals(course.id())) {
            throw notFound();
        }
        ObjectNode body = body(request, true, Set.of("active", "expires_at"));
        Boolean active = optionalBoolean(body, "active", false);
        String expiresAt = optionalDateTime(body, "expires_at", true);
        if (active != null) {
            enrollment.active = active;
        }
        if (body.has("expires_at")) {
            enrollment.expiresAt = expiresAt;
        }
        return Reply.json(200, enrollment(enrollment));
    }

    // ---- groups ------------------------------------------------------------------------------------

    private Reply listGroups(Request request, Map<String, String> params) {
        allowOnly(request, "name", "page", "page_size");
        String name = filter(request, "name");
        List<Object> rows = groups.values().stream()
                .filter(g -> name == null || g.name().equals(name))
                .map(g -> (Object) group(g))
                .toList();
        return Reply.json(200, paginate(request, rows));
    }

    private Reply getGroup(Request request, Map<String, String> params) {
        allowOnly(request);
        return Reply.json(200, group(group(params.get("group"))));
    }

    private Reply listGroupUsers(Request request, Map<String, String> params) {
        allowOnly(request, "page", "page_size");
        Group group = group(params.get("group"));
        List<Object> rows = new ArrayList<>();
        groupMembers.get(group.id()).forEach((userId, member) -> rows.add(groupUser(accounts.get(userId), member)));
        return Reply.json(200, paginate(request, rows));
    }

    /** POST /v1/groups/{id}/users {user:{id}}: idempotent, answers the existing membership. */
    private Reply addGroupUser(Request request, Map<String, String> params) {
        allowOnly(request);
        Group group = group(params.get("group"));
        ObjectNode body = body(request, false, Set.of("user"));
        ObjectNode user = requiredObject(body, "user", Set.of("id"));
        String userId = requiredString(user, "id", "user");
        Account account = accounts.get(userId);
        if (account == null) {
            throw invalid("User not found.", "user", "id");
        }
        GroupMember member = groupMembers.get(group.id())
                .computeIfAbsent(userId, id -> new GroupMember(newId("m"), clock.instant()));
        return Reply.json(201, groupUser(account, member));
    }

    /** DELETE /v1/groups/{id}/users/{user_id}: removes the membership only. */
    private Reply removeGroupUser(Request request, Map<String, String> params) {
        allowOnly(request);
        Group group = group(params.get("group"));
        if (groupMembers.get(group.id()).remove(params.get("user")) == null) {
            throw notFound();
        }
        return Reply.empty(204);
    }

    // ---- lookups -----------------------------------------------------------------------------------

    private Account account(String id) {
        Account account = accounts.get(id);
        if (account == null) {
            throw notFound();
        }
        return account;
    }

    private Membership membership(Account account) {
        Membership membership = memberships.get(account.id);
        if (membership == null) {
            throw notFound();
        }
        return membership;
    }

    private Group group(String id) {
        Group group = groups.get(id);
        if (group == null) {
            throw notFound();
        }
        return group;
    }

    private Course course(String id) {
        Course course = courses.get(id);
        if (course == null) {
            throw notFound();
        }
        return course;
    }

    private Optional<Account> findByEmail(String email) {
        return accounts.values().stream().filter(a -> a.email.equalsIgnoreCase(email)).findFirst();
    }

    private boolean isInactive(Account account) {
        Membership membership = memberships.get(account.id);
        return membership != null && !membership.active;
    }

    private void setActive(Membership membership, boolean active) {
        if (!active && (membership.active || membership.inactiveAt == null)) {
            membership.inactiveAt = clock.instant();
        }
        if (active) {
            membership.inactiveAt = null;
        }
        membership.active = active;
    }

    private Account seedAccount(String email, String first, String last) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("not an email address: " + email);
        }
        if (findByEmail(email).isPresent()) {
            throw new IllegalArgumentException("email already seeded: " + email);
        }
        Account account = new Account(newId("u"), email, first == null ? "" : first, last == null ? "" : last,
                clock.instant());
        accounts.put(account.id, account);
        return account;
    }

    /** One sequence for every kind of id, so an id of one kind never finds an object of another. */
    private String newId(String prefix) {
        return prefix + String.format("%011d", ++sequence);
    }

    private static String slug(String title, String id) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "course-" + id : slug.contains("-") ? slug : slug + "-" + id;
    }

    private User snapshot(Account account) {
        Membership membership = memberships.get(account.id);
        Set<String> groupNames = groups.values().stream()
                .filter(g -> groupMembers.get(g.id()).containsKey(account.id))
                .map(Group::name)
                .collect(Collectors.toSet());
        Set<String> courseTitles = enrollmentsById.values().stream()
                .filter(e -> e.userId.equals(account.id) && e.active)
                .map(e -> courses.get(e.courseId).title())
                .collect(Collectors.toSet());
        return new User(account.id, account.email, account.firstName, account.lastName,
                membership != null && membership.active, groupNames, courseTitles);
    }

    // ---- response shapes (spec components) ---------------------------------------------------------

    /** ReadOnlyUser. */
    private static Map<String, Object> readOnlyUser(Account a) {
        return obj("id", a.id, "email", a.email, "first_name", a.firstName, "last_name", a.lastName);
    }

    /** User (inside the domain user objects). */
    private static Map<String, Object> fullUser(Account a) {
        Map<String, Object> user = readOnlyUser(a);
        user.put("full_name", (a.firstName + " " + a.lastName).trim());
        return user;
    }

    /** UserOverview. */
    private Map<String, Object> overview(Account a) {
        Membership membership = memberships.get(a.id);
        long registrations = enrollmentsById.values().stream().filter(e -> e.userId.equals(a.id)).count();
        return obj("user", readOnlyUser(a), "registration_count", registrations, "completion_count", 0,
                "signed_up_at", a.signedUpAt.toString(), "latest_activity", a.signedUpAt.toString(),
                "inactive_at", membership == null || membership.inactiveAt == null ? null : membership.inactiveAt.toString());
    }

    /** UserUpdate. */
    private Map<String, Object> userUpdate(Account a) {
        Membership membership = memberships.get(a.id);
        Map<String, Object> user = readOnlyUser(a);
        user.put("inactive_at", membership == null || membership.inactiveAt == null ? null : membership.inactiveAt.toString());
        return user;
    }

    /** DomainUserListItem (DomainUserCreate, DomainUserDetail and DomainUserUpdate add signup_fields). */
    private static Map<String, Object> domainUser(Account a, Membership m) {
        return obj("user", fullUser(a), "active", m.active, "marketing_optin", m.marketingOptin,
                "enrolled_at", m.enrolledAt.toString(), "expires_at", m.expiresAt, "access_code", null);
    }

    /** Group. */
    private Map<String, Object> group(Group g) {
        return obj("id", g.id(), "name", g.name(), "user_count", groupMembers.get(g.id()).size(),
                "discount_percent", null, "group_category_id", null,
                "sign_up_field_rule", obj("enforce", false, "require_match_all", false, "options", List.of()),
                "rule_email_domains", List.of());
    }

    /** GroupUser. */
    private static Map<String, Object> groupUser(Account a, GroupMember member) {
        return obj("user", readOnlyUser(a), "created_at", member.joinedAt().toString());
    }

    /** PublishedCourse. */
    private Map<String, Object> publishedCourse(Course c, boolean searchable) {
        String url = "https://" + domain + "/" + c.slug();
        Map<String, Object> course = obj("id", c.id(),
                "course", obj("id", c.courseId(), "title", c.title(), "lesson_count", 0, "required_lesson_count", 0),
                "slug", c.slug(), "course_url", url, "hidden", false, "strict_enforce_group_visibility", false,
                "registration_required", true, "restrict_access_start_end_dates", false,
                "allow_self_service_reenroll", false, "unique_progress_per_enrollment", false,
                "require_all_prerequisites", false, "timezone", null,
                "offer", obj("id", "o" + c.id().substring(1), "registration_open", true,
                        "registration_url", url + "/register", "price", obj("amount", "0.00", "currency_code", "USD")));
        if (searchable) {
            course.putAll(obj("lesson_list", List.of(), "tags", List.of(), "short_description", "",
                    "long_description_html", "", "search_keywords", ""));
        }
        return course;
    }

    /** Enrollment / CreateEnrollment / UpdateEnrollment. */
    private Map<String, Object> enrollment(Enrollment e) {
        return obj("id", e.id, "user", readOnlyUser(accounts.get(e.userId)), "enrolled_at", e.enrolledAt.toString(),
                "expires_at", e.expiresAt, "active", e.active, "purchase", null, "rating", null, "feedback", null);
    }

    /** UserPublishedCourseProgress. */
    private Map<String, Object> courseProgress(Enrollment e) {
        Course c = courses.get(e.courseId);
        String progressId = "cp" + e.id.substring(1);
        return obj("published_course_id", c.id(), "domain_name", domain, "enrolled_at", e.enrolledAt.toString(),
                "enrollment_id", e.id,
                "course", obj("id", c.courseId(), "title", c.title(), "lesson_count", 0, "required_lesson_count", 0),
                "course_progress", obj("course_progress_id", progressId, "completed_lesson_count", 0,
                        "completed_required_lesson_count", 0, "completed_at", null,
                        "latest_activity", e.enrolledAt.toString(), "score", null, "max_score", null,
                        "credits_earned", "", "credit_unit_plural", "", "success_status", null),
                "all_enrollments", List.of(obj("course_progress_id", progressId, "active", e.active,
                        "expires_at", e.expiresAt, "enrollment_id", e.id)));
    }

    // ---- pagination --------------------------------------------------------------------------------

    /** {count, next, previous, results}; page is 1-based, page_size 1..1000 (default 100). */
    private Map<String, Object> paginate(Request request, List<Object> items) {
        int size = pageSize(request);
        int page = pageNumber(request);
        int pages = Math.max(1, (items.size() + size - 1) / size);
        if (page > pages) {
            throw new Halt(Reply.json(404, detail("Invalid page.")));
        }
        int from = (page - 1) * size;
        List<Object> results = items.subList(from, Math.min(items.size(), from + size));
        String next = page < pages ? pageUrl(request, pagingFault() == PagingFault.REPEATING ? 2 : page + 1) : null;
        return obj("count", items.size(), "next", nextLink(next),
                "previous", page > 1 ? pageUrl(request, page - 1) : null, "results", List.copyOf(results));
    }

    private static int pageSize(Request request) {
        String value = request.query().get("page_size");
        if (value == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("page_size must be an integer between 1 and " + MAX_PAGE_SIZE + ".");
    }

    private static int pageNumber(Request request) {
        String value = request.query().get("page");
        if (value == null) {
            return 1;
        }
        try {
            int page = Integer.parseInt(value);
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Halt(Reply.json(404, detail("Invalid page.")));
    }

    /** Absolute URL of another page of the same query (the first page carries no page parameter). */
    private String pageUrl(Request request, int page) {
        Map<String, String> query = new LinkedHashMap<>(request.query());
        if (page == 1) {
            query.remove("page");
        } else {
            query.put("page", String.valueOf(page));
        }
        String encoded = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return baseUrl() + request.path() + (encoded.isEmpty() ? "" : "?" + encoded);
    }

    // ---- request validation ------------------------------------------------------------------------

    /** Query parameters this operation does not declare are refused (the real API would ignore them). */
    private static void allowOnly(Request request, String... accepted) {
        Set<String> allowed = Set.of(accepted);
        List<String> unknown = request.query().keySet().stream().filter(k -> !allowed.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new BadRequest("Unknown query parameter(s) " + unknown + "; this operation accepts "
                    + new TreeSet<>(allowed) + ".");
        }
    }

    /** A filter value; empty means no filter, as with django-filter. */
    private static String filter(Request request, String name) {
        String value = request.query().get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static Boolean booleanParam(Request request, String name) {
        String value = filter(request, name);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequest(name + " must be true or false.");
        };
    }

    /** The JSON object body; unknown fields are refused. Only JSON is simulated (the spec also allows forms). */
    private static ObjectNode body(Request request, boolean emptyAllowed, Set<String> fields) {
        if (!request.body().isBlank()) {
            String type = request.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new Halt(Reply.json(415, detail("Unsupported media type \"" + type + "\" in request.")));
            }
        }
        JsonNode node = request.json();
        if (node.isNull() || node.isMissingNode()) {
            if (!emptyAllowed) {
                throw new BadRequest("A JSON object body is required.");
            }
            node = JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw new BadRequest("Invalid data. Expected a dictionary, but got " + node.getNodeType() + ".");
        }
        rejectUnknownFields((ObjectNode) node, fields);
        return (ObjectNode) node;
    }

    private static void rejectUnknownFields(ObjectNode node, Set<String> fields, String... parents) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw invalid("Unknown field; accepted: " + new TreeSet<>(fields) + ".", append(parents, name));
            }
        }
    }

    private static ObjectNode requiredObject(ObjectNode body, String field, Set<String> fields) {
        JsonNode node = body.get(field);
        if (node == null) {
            throw invalid("This field is required.", field);
        }
        if (!node.isObject()) {
            throw invalid("Expected a dictionary of items.", field);
        }
        rejectUnknownFields((ObjectNode) node, fields, field);
        return (ObjectNode) node;
    }

    private static String requiredString(ObjectNode node, String field, String... parents) {
        String value = optionalString(node, field, Integer.MAX_VALUE, parents);
        if (value == null) {
            throw invalid("This field is required.", append(parents, field));
        }
        if (value.isBlank()) {
            throw invalid("This field may not be blank.", append(parents, field));
        }
        return value;
    }

    private static String optionalString(ObjectNode node, String field, int maxLength, String... parents) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(value.isNull() ? "This field may not be null." : "Not a valid string.", append(parents, field));
        }
        if (value.asText().length() > maxLength) {
            throw invalid("Ensure this field has no more than " + maxLength + " characters.", append(parents, field));
        }
        return value.asText();
    }

    private static String requiredEmail(ObjectNode user) {
        String email = requiredString(user, "email", "user");
        return validEmail(email, "user", "email");
    }

    private static String optionalEmail(ObjectNode body) {
        String email = optionalString(body, "email", EMAIL_MAX);
        return email == null ? null : validEmail(email, "email");
    }

    private static String validEmail(String email, String... path) {
        if (email.length() > EMAIL_MAX) {
            throw invalid("Ensure this field has no more than " + EMAIL_MAX + " characters.", path);
        }
        if (!EMAIL.matcher(email).matches()) {
            throw invalid("Enter a valid email address.", path);
        }
        return email;
    }

    private static Boolean optionalBoolean(ObjectNode node, String field, boolean nullable) {
        JsonNode value = node.get(field);
        if (value == null || (nullable && value.isNull())) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(value.isNull() ? "This field may not be null." : "Must be a valid boolean.", field);
        }
        return value.booleanValue();
    }

    /** An ISO 8601 date-time, normalised to UTC. */
    private static String optionalDateTime(ObjectNode node, String field, boolean nullable) {
        JsonNode value = node.get(field);
        if (value == null || (nullable && value.isNull())) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(value.isNull() ? "This field may not be null." : "Datetime has wrong format.", field);
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw invalid("Datetime has wrong format. Use ISO 8601, e.g. 2026-01-31T12:00:00Z.", field);
        }
    }

    // ---- small helpers -----------------------------------------------------------------------------

    /** 400 {field: [message]}, nested along the path for nested fields, as DRF reports validation errors. */
    private static Halt invalid(String message, String... path) {
        Object body = List.of(message);
        for (int i = path.length - 1; i >= 0; i--) {
            body = obj(path[i], body);
        }
        return new Halt(Reply.json(400, body));
    }

    private static Halt notFound() {
        return new Halt(notFoundReply());
    }

    private static Reply notFoundReply() {
        return Reply.json(404, detail("Not found."));
    }

    private static Map<String, Object> detail(String message) {
        return obj("detail", message);
    }

    private static String[] append(String[] parents, String name) {
        String[] path = Arrays.copyOf(parents, parents.length + 1);
        path[parents.length] = name;
        return path;
    }

    /** A JSON object that keeps insertion order and allows null values. */
    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
