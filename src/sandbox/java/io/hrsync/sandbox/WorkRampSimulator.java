package io.hrsync.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stateful, strict simulator of WorkRamp's user-management REST API (the spec in
 * {@code vendors/specs/workramp.openapi.yaml}, not the third-party guide).
 *
 * <p>What it enforces, beyond the happy path:
 * <ul>
 * <li>{@code Authorization: Bearer <key>} on every call, else 401 {@code {"error":"Unauthorized"}};</li>
 * <li>{@code GET /api/v1/users} needs {@code limit} (1..100), pages are zero-based, the answer is a bare array
 * and deleted users are hidden unless {@code includeDeleted=true};</li>
 * <li>request bodies are checked against the spec's keys: the guide's {@code first_name}, {@code active}, ...
 * are rejected with a 400 naming the key;</li>
 * <li>{@code custom_attributes} on update REPLACES the whole attribute map (attributes not sent are
 * dropped), {@code update_custom_attributes} merges; only the configured attribute names may be written;</li>
 * <li>e-mail addresses are unique case-insensitively, deleted users included;</li>
 * <li>429 {@code {"error":"Rate limited. See info at ..."}} without {@code Retry-After} (3000 calls/hour).</li>
 * </ul>
 * A permanently deleted user ({@code DELETE /api/v1/users/{id}}) keeps its record (it still blocks its e-mail
 * and shows with {@code includeDeleted=true}) but can no longer be updated, deleted again, managed, grouped or
 * assigned: those calls answer as for an unknown user. Every write is validated completely before anything
 * changes, so a rejected request leaves the state untouched.
 */
public class WorkRampSimulator extends VendorSimulator {

    public static final Set<String> DEFAULT_CUSTOM_ATTRIBUTES =
            Set.of("department", "title", "location", "employee_id", "start_date", "cost_center");
    public static final int FIRST_USER_ID = 1001;
    public static final int FIRST_GROUP_ID = 501;
    /** The enterprise and the admin user the API key belongs to. */
    public static final int ENTERPRISE_ID = 23;
    public static final int API_ADMIN_ID = 1000;

    static final String RATE_LIMITED =
            "Rate limited. See info at https://developers.workramp.com/reference/get-all-users-in-enterprise";
    static final String DUPLICATE_EMAIL = "A user with this email already exists";
    private static final String ATTRIBUTES_URL = "/api/v1/users/attributes";
    private static final String PATHS_URL = "/api/v1/paths";

    private static final Set<String> CREATE_USER_KEYS = Set.of("email", "name", "managers", "groups", "isAdmin");
    private static final Set<String> UPDATE_USER_KEYS = Set.of("email", "name", "isAdmin", "isDeleted",
            "managerEmails", "overwriteManagerEmails", "custom_attributes", "update_custom_attributes");
    private static final Set<String> CREATE_GROUP_KEYS = Set.of("name", "description");
    private static final Set<String> GROUP_MEMBER_KEYS = Set.of("userId", "startDate");
    private static final Set<String> ASSIGNMENT_KEYS =
            Set.of("userId", "dueDate", "createdThrough", "email", "dueAtEndOfDay");

    private static final Pattern USER_PATH = Pattern.compile("/api/v1/users/([^/]+)");
    private static final Pattern GROUP_USERS_PATH = Pattern.compile("/api/v1/groups/([^/]+)/users");
    private static final Pattern PATH_ASSIGNMENTS_PATH = Pattern.compile("/api/v1/paths/([^/]+)/assignments");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** A user as the tests and the sandbox see it (immutable snapshot). */
    public record User(int id, String email, String name, boolean admin, boolean deleted, boolean permanentlyDeleted,
            Set<Integer> managerIds, Map<String, String> customAttributes, Set<String> groupNames) {
        public User {
            managerIds = Set.copyOf(managerIds);
            customAttributes = Map.copyOf(customAttributes);
            groupNames = Set.copyOf(groupNames);
        }
    }

    private static final class UserState {
        final int id;
        final long createdAt;
        String email;
        String name;
        boolean admin;
        boolean deleted;
        boolean permanentlyDeleted;
        long updatedAt;
        Set<Integer> managers = new LinkedHashSet<>();
        Map<String, String> attributes = new TreeMap<>();

        UserState(int id, String email, String name, long now) {
            this.id = id;
            this.email = email;
            this.name = name;
            this.createdAt = now;
            this.updatedAt = now;
        }
    }

    private static final class GroupState {
        final int id;
        final String name;
        final String description;
        final long createdAt;
        final Set<Integer> members = new LinkedHashSet<>();

        GroupState(int id, String name, String description, long now) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.createdAt = now;
        }
    }

    private static final class PathState {
        final String id;
        final String name;
        final String description;
        final long createdAt;
        final Map<Integer, Assignment> assignments = new LinkedHashMap<>();

        PathState(String id, String name, String description, long now) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.createdAt = now;
        }
    }

    private record Assignment(String id, int userId, String pathId, Long dueDate, String createdThrough,
            long createdAt) {
    }

    /** page (from 1) and per_page of the enveloped lists. */
    private record Paging(int page, int perPage) {
    }

    /** Answers 404 with the message; thrown by lookups deep in a handler. */
    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private final String apiKey;
    private final SortedMap<Integer, UserState> users = new TreeMap<>();
    private final SortedMap<Integer, GroupState> groups = new TreeMap<>();
    private final Map<String, PathState> paths = new LinkedHashMap<>();
    private final Map<String, Integer> attributeIds = new HashMap<>();
    private Set<String> allowedAttributes = DEFAULT_CUSTOM_ATTRIBUTES;
    private int nextUserId = FIRST_USER_ID;
    private int nextGroupId = FIRST_GROUP_ID;
    private int deleteCount;

    public WorkRampSimulator(String apiKey) {
        super("workramp", 3000, 3_600_000);
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is required");
        }
        this.apiKey = apiKey;
    }

    // ---- test and sandbox API ------------------------------------------------------------------

    public synchronized int seedGroup(String name) {
        Objects.requireNonNull(name, "name");
        requireNoGroupNamed(name);
        GroupState group = new GroupState(nextGroupId++, name, null, now());
        groups.put(group.id, group);
        return group.id;
    }

    public synchronized String seedPath(String name) {
        Objects.requireNonNull(name, "name");
        if (pathNamed(name).isPresent()) {
            throw new IllegalArgumentException("a path named '" + name + "' already exists");
        }
        PathState path = new PathState(UUID.randomUUID().toString(), name, null, now());
        paths.put(path.id, path);
        return path.id;
    }

    public synchronized int seedUser(String email, String name, boolean deleted, Map<String, String> customAttributes) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email is required");
        }
        if (byEmail(email).isPresent()) {
            throw new IllegalArgumentException("a user with email '" + email + "' already exists");
        }
        UserState user = newUser(email, name);
        user.deleted = deleted;
        if (customAttributes != null) {
            user.attributes.putAll(customAttributes);
        }
        return user.id;
    }

    public synchronized Optional<User> user(String email) {
        return byEmail(email).map(this::snapshot);
    }

    public synchronized List<User> users() {
        return users.values().stream().map(this::snapshot).toList();
    }

    /** A group deleted in WorkRamp's admin UI (a tenant without it); {@link #reset()} and the sandbox's seed bring it back. */
    public synchronized void removeGroup(String name) {
        GroupState group = groups.values().stream().filter(g -> g.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group named '" + name + "'"));
        groups.remove(group.id);
    }

    public synchronized Set<String> groupMemberEmails(String groupName) {
        GroupState group = groups.values().stream().filter(g -> g.name.equals(groupName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group named '" + groupName + "'"));
        return emailsOf(group.members);
    }

    public synchronized Set<String> pathAssigneeEmails(String pathName) {
        PathState path = pathNamed(pathName)
                .orElseThrow(() -> new IllegalArgumentException("no path named '" + pathName + "'"));
        return emailsOf(path.assignments.keySet());
    }

    public synchronized int deleteCount() {
        return deleteCount;
    }

    /** The custom attribute names configured in WorkRamp's admin UI: the only ones the API may write. */
    public synchronized WorkRampSimulator allowedCustomAttributes(Set<String> names) {
        allowedAttributes = Set.copyOf(names);
        return this;
    }

    @Override
    protected synchronized void resetState() {
        users.clear();
        groups.clear();
        paths.clear();
        attributeIds.clear();
        allowedAttributes = DEFAULT_CUSTOM_ATTRIBUTES;
        nextUserId = FIRST_USER_ID;
        nextGroupId = FIRST_GROUP_ID;
        deleteCount = 0;
    }

    // ---- vendor answers --------------------------------------------------------------------------

    @Override
    protected Reply tooManyRequests() {
        return Reply.json(429, error(RATE_LIMITED));
    }

    @Override
    protected Reply badRequest(String message) {
        return Reply.json(400, error(message));
    }

    @Override
    protected Reply handle(Request request) {
        if (!authorized(request)) {
            return Reply.json(401, error("Unauthorized"));
        }
        try {
            return route(request);
        } catch (NotFound e) {
            return Reply.json(404, error(e.getMessage()));
        }
    }

    private boolean authorized(Request request) {
        String header = request.header("Authorization");
        return header != null && header.equals("Bearer " + apiKey);
    }

    private Reply route(Request request) {
        String call = request.method() + " " + request.path();
        switch (call) {
            case "GET /api/v1/users":
                return listUsers(request);
            case "POST /api/v1/users":
                return createUser(request);
            case "GET /api/v1/users/attributes":
                return listUserAttributes(request);
            case "GET /api/v1/groups":
                return listGroups();
            case "POST /api/v1/groups":
                return createGroup(request);
            case "GET /api/v1/paths":
                return listPaths(request);
            default:
                break;
        }
        Matcher m = USER_PATH.matcher(request.path());
        if (m.matches() && request.method().equals("POST")) {
            return updateUser(liveUser(m.group(1)), request);
        }
        if (m.matches() && request.method().equals("DELETE")) {
            return deleteUser(liveUser(m.group(1)));
        }
        m = GROUP_USERS_PATH.matcher(request.path());
        if (m.matches() && request.method().equals("POST")) {
            return addGroupMember(group(m.group(1)), request);
        }
        if (m.matches() && request.method().equals("GET")) {
            return listGroupMembers(group(m.group(1)));
        }
        m = PATH_ASSIGNMENTS_PATH.matcher(request.path());
        if (m.matches() && request.method().equals("POST")) {
            return assignPath(path(m.group(1)), request);
        }
        return Reply.json(404, error("Not found"));
    }

    // ---- users -----------------------------------------------------------------------------------

    private Reply listUsers(Request request) {
        if (!request.query().containsKey("limit")) {
            throw new BadRequest("limit is required");
        }
        int limit = intParam(request, "limit", 0);
        if (limit < 1 || limit > 100) {
            throw new BadRequest("limit must be between 1 and 100");
        }
        int page = intParam(request, "page", 0);
        if (page < 0) {
            throw new BadRequest("page must be 0 or greater");
        }
        if (request.query().containsKey("custom_attributes")) {
            throw new BadRequest("the custom_attributes filter is not supported by this simulator");
        }
        boolean includeDeleted = booleanParam(request, "includeDeleted");
        String email = request.query().get("email");
        String name = request.query().get("name");
        ArrayNode answer = JSON.createArrayNode();
        users.values().stream()
                .filter(u -> includeDeleted || !u.deleted)
                .filter(u -> email == null || u.email.equalsIgnoreCase(email.trim()))
                .filter(u -> name == null || name.equals(u.name))
                .skip((long) page * limit)
                .limit(limit)
                .forEach(u -> answer.add(listedUserJson(u)));
        if (pagingFault() == PagingFault.ENDLESS && email == null) {
            answer.removeAll(); // every page full, of users never listed before
            for (int i = 0; i < limit; i++) {
                answer.add(endlessEntry((long) page * limit + i));
            }
        } else if (pagingFault() == PagingFault.REPEATING && email == null) {
            answer.removeAll(); // every page the first one
            users.values().stream().limit(limit).forEach(u -> answer.add(listedUserJson(u)));
        }
        return Reply.json(200, answer);
    }

    /** A user invented for endless paging: an id far from the real ones, no attributes. */
    private static ObjectNode endlessEntry(long n) {
        ObjectNode user = JSON.createObjectNode();
        user.put("id", 900_000 + n);
        user.put("email", "endless" + n + "@example.com");
        user.put("name", "Endless " + n);
        user.put("isDeleted", false);
        user.putArray("custom_attributes");
        return user;
    }

    private Reply createUser(Request request) {
        JsonNode body = bodyObject(request, CREATE_USER_KEYS);
        if (!body.hasNonNull("email")) {
            throw new BadRequest("email is required");
        }
        String email = validEmail(body.get("email"));
        if (byEmail(email).isPresent()) {
            throw new BadRequest(DUPLICATE_EMAIL);
        }
        String name = optionalText(body, "name", null);
        boolean admin = optionalBoolean(body, "isAdmin", false);
        List<UserState> managers = new ArrayList<>();
        for (int id : intList(body, "managers")) {
            managers.add(liveUserById(id).orElseThrow(() -> new BadRequest("Manager with id " + id + " not found")));
        }
        List<GroupState> memberOf = new ArrayList<>();
        for (int id : intList(body, "groups")) {
            memberOf.add(Optional.ofNullable(groups.get(id))
                    .orElseThrow(() -> new BadRequest("Group with id " + id + " not found")));
        }
        UserState user = newUser(email, name);
        user.admin = admin;
        managers.forEach(m -> user.managers.add(m.id));
        memberOf.forEach(g -> g.members.add(user.id));
        ObjectNode answer = userJson(user);
        answer.set("mentors", mentorsJson(user));
        ArrayNode groupsJson = answer.putArray("groups");
        memberOf.forEach(g -> groupsJson.add(groupJson(g)));
        return Reply.json(200, answer);
    }

    private Reply updateUser(UserState user, Request request) {
        JsonNode body = bodyObject(request, UPDATE_USER_KEYS);
        String email = body.has("email") ? changedEmail(user, body.get("email")) : user.email;
        String name = body.has("name") ? requiredText(body, "name") : user.name;
        boolean admin = optionalBoolean(body, "isAdmin", user.admin);
        boolean deleted = optionalBoolean(body, "isDeleted", user.deleted);
        Set<Integer> managers = managersAfterUpdate(user, body);
        Map<String, String> attributes = attributesAfterUpdate(user, body);
        // everything is valid: apply
        user.email = email;
        user.name = name;
        user.admin = admin;
        user.deleted = deleted;
        user.managers = managers;
        user.attributes = attributes;
        user.updatedAt = now();
        ObjectNode answer = userJson(user);
        answer.set("mentors", mentorsJson(user));
        answer.putArray("mentorsViaGroups");
        return Reply.json(200, answer);
    }

    private Reply deleteUser(UserState user) {
        user.permanentlyDeleted = true;
        user.deleted = true;
        user.updatedAt = now();
        groups.values().forEach(g -> g.members.remove(user.id));
        users.values().forEach(u -> u.managers.remove(user.id));
        deleteCount++;
        return Reply.json(200, Boolean.TRUE);
    }

    private Reply listUserAttributes(Request request) {
        Paging paging = paging(request);
        boolean includeDeleted = booleanParam(request, "includeDeleted");
        List<JsonNode> items = users.values().stream()
                .filter(u -> includeDeleted || !u.deleted)
                .map(u -> (JsonNode) attributesUserJson(u))
                .toList();
        if (pagingFault() == PagingFault.ENDLESS) {
            // has_more forever, each page of users never listed before
            List<JsonNode> endless = new ArrayList<>();
            for (int i = 0; i < paging.perPage(); i++) {
                endless.add(endlessEntry((long) (paging.page() - 1) * paging.perPage() + i));
            }
            ObjectNode page = pageEnvelope(new Paging(1, paging.perPage()), endless, ATTRIBUTES_URL, "users");
            page.put("page", paging.page());
            page.put("has_more", true);
            return Reply.json(200, page);
        }
        return Reply.json(200, pageEnvelope(paging, items, ATTRIBUTES_URL, "users"));
    }

    private String changedEmail(UserState user, JsonNode value) {
        String email = validEmail(value);
        Optional<UserState> owner = byEmail(email);
        if (owner.isPresent() && owner.get().id != user.id) {
            throw new BadRequest(DUPLICATE_EMAIL);
        }
        return email;
    }

    private Set<Integer> managersAfterUpdate(UserState user, JsonNode body) {
        boolean overwrite = optionalBoolean(body, "overwriteManagerEmails", false);
        if (!body.has("managerEmails")) {
            if (overwrite) {
                throw new BadRequest("overwriteManagerEmails requires managerEmails");
            }
            return user.managers;
        }
        Set<Integer> named = new LinkedHashSet<>();
        for (String email : stringList(body, "managerEmails")) {
            UserState manager = byEmail(email).filter(m -> !m.permanentlyDeleted)
                    .orElseThrow(() -> new BadRequest("Manager email '" + email + "' does not belong to a user"));
            if (manager.id == user.id) {
                throw new BadRequest("A user cannot be their own manager");
            }
            named.add(manager.id);
        }
        if (overwrite) {
            return named;
        }
        Set<Integer> merged = new LinkedHashSet<>(user.managers);
        merged.addAll(named);
        return merged;
    }

    /** custom_attributes replaces the whole map; update_custom_attributes merges (a null value removes). */
    private Map<String, String> attributesAfterUpdate(UserState user, JsonNode body) {
        if (body.has("custom_attributes") && body.has("update_custom_attributes")) {
            throw new BadRequest("Send either custom_attributes or update_custom_attributes, not both");
        }
        Map<String, String> result = new TreeMap<>();
        Map<String, String> changes;
        if (body.has("custom_attributes")) {
            changes = attributeValues(body.get("custom_attributes"), "custom_attributes");
        } else if (body.has("update_custom_attributes")) {
            changes = attributeValues(body.get("update_custom_attributes"), "update_custom_attributes");
            result.putAll(user.attributes);
        } else {
            return user.attributes;
        }
        changes.forEach((name, value) -> {
            if (value == null) {
                result.remove(name);
            } else {
                result.put(name, value);
            }
        });
        return result;
    }

    /** Checks names against the configured set; values become strings, null stays null (removal). */
    private Map<String, String> attributeValues(JsonNode node, String key) {
        if (!node.isObject()) {
            throw new BadRequest(key + " must be an object of attribute name to value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!allowedAttributes.contains(name)) {
                throw new BadRequest("Unknown custom attribute '" + name + "'");
            }
            if (!value.isNull() && !value.isValueNode()) {
                throw new BadRequest("Custom attribute '" + name + "' must be a string");
            }
            values.put(name, value.isNull() ? null : value.asText());
        }
        return values;
    }

    // ---- groups ----------------------------------------------------------------------------------

    private Reply listGroups() {
        ArrayNode answer = JSON.createArrayNode();
        groups.values().forEach(g -> answer.add(groupJson(g)));
        return Reply.json(200, answer);
    }

    private Reply createGroup(Request request) {
        JsonNode body = bodyObject(request, CREATE_GROUP_KEYS);
        if (!body.hasNonNull("name")) {
            throw new BadRequest("name is required");
        }
        String name = requiredText(body, "name").trim();
        if (name.isEmpty()) {
            throw new BadRequest("name is required");
        }
        String description = optionalText(body, "description", null);
        if (groups.values().stream().anyMatch(g -> g.name.equalsIgnoreCase(name))) {
            throw new BadRequest("A group with this name already exists");
        }
        GroupState group = new GroupState(nextGroupId++, name, description, now());
        groups.put(group.id, group);
        ObjectNode answer = groupJson(group);
        answer.put("originalName", group.name);
        answer.put("hasManagers", false);
        answer.put("fromSso", false);
        answer.put("groupAutomationsCount", 0);
        answer.put("activeGroupAutomationsCount", 0);
        answer.put("description", group.description);
        return Reply.json(200, answer);
    }

    private Reply addGroupMember(GroupState group, Request request) {
        JsonNode body = bodyObject(request, GROUP_MEMBER_KEYS);
        UserState user = userFromBody(body);
        JsonNode startDate = body.get("startDate");
        if (startDate != null && !startDate.isNull() && !startDate.isTextual() && !startDate.isIntegralNumber()) {
            throw new BadRequest("startDate must be a date string or epoch milliseconds");
        }
        group.members.add(user.id); // a set: adding a member again changes nothing
        return Reply.json(200, Boolean.TRUE);
    }

    private Reply listGroupMembers(GroupState group) {
        ArrayNode answer = JSON.createArrayNode();
        group.members.stream().sorted().map(users::get).forEach(u -> {
            ObjectNode json = listedUserJson(u);
            json.set("customAttributes", customAttributesJson(u, "apiName"));
            answer.add(json);
        });
        return Reply.json(200, answer);
    }

    // ---- paths -----------------------------------------------------------------------------------

    private Reply listPaths(Request request) {
        Paging paging = paging(request);
        List<JsonNode> items = paths.values().stream().map(p -> (JsonNode) pathJson(p)).toList();
        return Reply.json(200, pageEnvelope(paging, items, PATHS_URL, "paths"));
    }

    private Reply assignPath(PathState path, Request request) {
        JsonNode body = bodyObject(request, ASSIGNMENT_KEYS);
        UserState user = userFromBody(body);
        if (body.hasNonNull("email") && !requiredText(body, "email").trim().equalsIgnoreCase(user.email)) {
            throw new BadRequest("email does not match userId " + user.id);
        }
        Long dueDate = dueDate(body);
        String createdThrough = optionalText(body, "createdThrough", null);
        Assignment assignment = path.assignments.get(user.id);
        if (assignment == null) { // assigning again returns the existing assignment
            assignment = new Assignment(UUID.randomUUID().toString(), user.id, path.id, dueDate, createdThrough, now());
            path.assignments.put(user.id, assignment);
        }
        return Reply.json(200, assignmentJson(assignment));
    }

    /** dueDate: ISO-8601 date or date-time, or epoch milliseconds; moved to the day's end unless told not to. */
    private Long dueDate(JsonNode body) {
        boolean endOfDay = optionalBoolean(body, "dueAtEndOfDay", true);
        JsonNode value = body.get("dueDate");
        if (value == null || value.isNull()) {
            return null;
        }
        Instant instant;
        if (value.isIntegralNumber()) {
            instant = Instant.ofEpochMilli(value.asLong());
        } else if (value.isTextual()) {
            instant = parseDate(value.asText().trim());
        } else {
            throw new BadRequest("dueDate must be a date string or epoch milliseconds");
        }
        if (!endOfDay) {
            return instant.toEpochMilli();
        }
        LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
    }

    private static Instant parseDate(String text) {
        if (text.matches("\\d{9,}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // try the next format
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest("dueDate '" + text + "' is not a valid date");
        }
    }

    // ---- lookups ---------------------------------------------------------------------------------

    private Optional<UserState> byEmail(String email) {
        String wanted = email.trim().toLowerCase(Locale.ROOT);
        return users.values().stream().filter(u -> u.email.equals(wanted)).findFirst();
    }

    private Optional<UserState> liveUserById(int id) {
        return Optional.ofNullable(users.get(id)).filter(u -> !u.permanentlyDeleted);
    }

    /** The user in a path segment; unknown, malformed or permanently deleted ids answer 404. */
    private UserState liveUser(String rawId) {
        return parseId(rawId).flatMap(this::liveUserById).orElseThrow(() -> new NotFound("User not found"));
    }

    private GroupState group(String rawId) {
        return parseId(rawId).map(groups::get).orElseThrow(() -> new NotFound("Group not found"));
    }

    private PathState path(String id) {
        return Optional.ofNullable(paths.get(id)).orElseThrow(() -> new NotFound("Path not found"));
    }

    private Optional<PathState> pathNamed(String name) {
        return paths.values().stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /** The required integer userId of a body; an unknown user is a 400 (the body, not the URL, is wrong). */
    private UserState userFromBody(JsonNode body) {
        JsonNode id = body.get("userId");
        if (id == null || id.isNull()) {
            throw new BadRequest("userId is required");
        }
        if (!id.isIntegralNumber() || !id.canConvertToInt()) {
            throw new BadRequest("userId must be an integer");
        }
        return liveUserById(id.asInt()).orElseThrow(() -> new BadRequest("User not found"));
    }

    private void requireNoGroupNamed(String name) {
        if (groups.values().stream().anyMatch(g -> g.name.equalsIgnoreCase(name))) {
            throw new IllegalArgumentException("a group named '" + name + "' already exists");
        }
    }

    private static Optional<Integer> parseId(String raw) {
        try {
            return Optional.of(Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private UserState newUser(String email, String name) {
        UserState user = new UserState(nextUserId++, email.trim().toLowerCase(Locale.ROOT), name, now());
        users.put(user.id, user);
        return user;
    }

    private Set<String> emailsOf(Collection<Integer> userIds) {
        Set<String> emails = new LinkedHashSet<>();
        userIds.stream().sorted().map(users::get).forEach(u -> emails.add(u.email));
        return emails;
    }

    private User snapshot(UserState u) {
        Set<String> groupNames = new LinkedHashSet<>();
        groups.values().stream().filter(g -> g.members.contains(u.id)).forEach(g -> groupNames.add(g.name));
        return new User(u.id, u.email, u.name, u.admin, u.deleted, u.permanentlyDeleted, u.managers, u.attributes,
                groupNames);
    }

    private long now() {
        return clock.millis();
    }

    // ---- request parsing -------------------------------------------------------------------------

    /** The body as a JSON object holding only the given keys (an empty body is an empty object). */
    private static JsonNode bodyObject(Request request, Set<String> allowedKeys) {
        JsonNode body = request.json();
        if (body.isNull() || body.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!body.isObject()) {
            throw new BadRequest("Request body must be a JSON object");
        }
        Iterator<String> keys = body.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!allowedKeys.contains(key)) {
                throw new BadRequest("Unknown parameter '" + key + "'");
            }
        }
        return body;
    }

    private static String validEmail(JsonNode value) {
        if (!value.isTextual() || !EMAIL.matcher(value.asText().trim()).matches()) {
            throw new BadRequest("email must be a valid email address");
        }
        return value.asText().trim().toLowerCase(Locale.ROOT);
    }

    private static String requiredText(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || !value.isTextual()) {
            throw new BadRequest(key + " must be a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode body, String key, String fallback) {
        return body.hasNonNull(key) ? requiredText(body, key) : fallback;
    }

    private static boolean optionalBoolean(JsonNode body, String key, boolean fallback) {
        JsonNode value = body.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new BadRequest(key + " must be a boolean");
        }
        return value.asBoolean();
    }

    private static List<Integer> intList(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new BadRequest(key + " must be an array of integer ids");
        }
        List<Integer> ids = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw new BadRequest(key + " must be an array of integer ids");
            }
            ids.add(item.asInt());
        }
        return ids;
    }

    private static List<String> stringList(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || !value.isArray()) {
            throw new BadRequest(key + " must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new BadRequest(key + " must be an array of strings");
            }
            items.add(item.asText());
        }
        return items;
    }

    private static int intParam(Request request, String name, int fallback) {
        String raw = request.query().get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be an integer");
        }
    }

    private static boolean booleanParam(Request request, String name) {
        String raw = request.query().get(name);
        if (raw == null) {
            return false;
        }
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw new BadRequest(name + " must be true or false");
        }
        return raw.equalsIgnoreCase("true");
    }

    /** page (from 1) and per_page (1..200, default 20) of the newer, enveloped lists. */
    private static Paging paging(Request request) {
        if (booleanParam(request, "legacy_mode")) {
            throw new BadRequest("legacy_mode is only available to accounts provisioned before November 11, 2025");
        }
        int page = intParam(request, "page", 1);
        if (page < 1) {
            throw new BadRequest("page must be 1 or greater");
        }
        int perPage = intParam(request, "per_page", 20);
        if (perPage < 1 || perPage > 200) {
            throw new BadRequest("per_page must be between 1 and 200");
        }
        return new Paging(page, perPage);
    }

    // ---- JSON shapes -----------------------------------------------------------------------------

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    /** The user fields every user answer carries. */
    private static ObjectNode userJson(UserState u) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", u.id);
        json.put("name", u.name);
        json.put("email", u.email);
        json.put("isAdmin", u.admin);
        json.put("isDeleted", u.deleted);
        json.put("isPermanentlyDeleted", u.permanentlyDeleted);
        json.put("createdAt", u.createdAt);
        json.put("updatedAt", u.updatedAt);
        return json;
    }

    /** A user as GET /api/v1/users lists it. */
    private ObjectNode listedUserJson(UserState u) {
        ObjectNode json = userJson(u);
        ArrayNode reports = json.putArray("directReports");
        users.values().stream().filter(r -> !r.permanentlyDeleted && r.managers.contains(u.id))
                .forEach(r -> reports.addObject().put("id", r.id).put("name", r.name).put("email", r.email));
        json.putArray("certifications");
        return json;
    }

    private ArrayNode mentorsJson(UserState u) {
        ArrayNode mentors = JSON.createArrayNode();
        u.managers.stream().map(users::get).forEach(m -> mentors.add(userJson(m)));
        return mentors;
    }

    /** A user as GET /api/v1/users/attributes lists it (snake_case). */
    private ObjectNode attributesUserJson(UserState u) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", u.id);
        json.put("name", u.name);
        json.put("email", u.email);
        json.put("is_admin", u.admin);
        json.put("is_deleted", u.deleted);
        json.put("is_permanently_deleted", u.permanentlyDeleted);
        json.put("created_at", u.createdAt);
        json.put("updated_at", u.updatedAt);
        json.set("custom_attributes", customAttributesJson(u, "api_name"));
        return json;
    }

    private ArrayNode customAttributesJson(UserState u, String nameKey) {
        ArrayNode list = JSON.createArrayNode();
        u.attributes.forEach((name, value) -> list.addObject()
                .put("id", attributeIds.computeIfAbsent(name, n -> attributeIds.size() + 1))
                .put(nameKey, name)
                .put("value", value));
        return list;
    }

    private static ObjectNode groupJson(GroupState g) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", g.id);
        json.put("enterpriseId", ENTERPRISE_ID);
        json.put("name", g.name);
        json.put("createdAt", g.createdAt);
        json.put("updatedAt", g.createdAt);
        return json;
    }

    private static ObjectNode pathJson(PathState p) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", p.id);
        json.put("name", p.name);
        json.put("description", p.description);
        json.put("created_at", p.createdAt);
        json.put("updated_at", p.createdAt);
        return json;
    }

    private static ObjectNode assignmentJson(Assignment a) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", a.id());
        json.put("userId", a.userId());
        json.put("trainingSeriesId", a.pathId());
        json.put("assignerId", API_ADMIN_ID);
        json.put("dueDate", a.dueDate());
        json.put("isCompleted", false);
        json.put("createdAt", a.createdAt());
        json.put("updatedAt", a.createdAt());
        json.put("createdThrough", a.createdThrough());
        return json;
    }

    /** {page, per_page, has_more, item_count (items on this page), url, data: {key: [...]}}. */
    private static ObjectNode pageEnvelope(Paging paging, List<JsonNode> all, String url, String key) {
        long from = (long) (paging.page() - 1) * paging.perPage();
        List<JsonNode> items = all.stream().skip(from).limit(paging.perPage()).toList();
        ObjectNode json = JSON.createObjectNode();
        json.put("page", paging.page());
        json.put("per_page", paging.perPage());
        json.put("has_more", from + items.size() < all.size());
        json.put("item_count", items.size());
        json.put("url", url);
        json.putObject("data").putArray(key).addAll(items);
        return json;
    }
}
