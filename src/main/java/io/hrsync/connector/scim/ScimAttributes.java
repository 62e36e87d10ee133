package io.hrsync.connector.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hrsync.hris.Person;

/**
 * The SCIM attributes hrsync owns for a person, by SCIM attribute path (RFC 7644 §3.10), and how
 * each is read from, written into and patched on a User resource. Always mapped: userName (the
 * email), externalId and the enterprise employeeNumber (the employee id), name, displayName, the
 * work email, the enterprise department and manager. The rules' {@code customAttributes} map more
 * paths (a core attribute such as {@code title}, or an enterprise one by its full URN path) to
 * HRIS fields. Attributes hrsync does not own are never written: a PATCH names only changed
 * paths, and a PUT is the current resource with the owned paths merged in.
 */
public final class ScimAttributes {

    public static final String USER_NAME = "userName";
    public static final String WORK_EMAIL = "emails[type eq \"work\"].value";
    public static final String MANAGER = ScimSchemas.ENTERPRISE + ":manager";
    static final String ENTERPRISE_PREFIX = ScimSchemas.ENTERPRISE + ":";

    /** Core string attributes a rule may map (RFC 7643 §4.1.1). */
    static final Set<String> CORE = Set.of("userName", "externalId", "displayName", "nickName", "title", "userType",
            "preferredLanguage", "locale", "timezone", "profileUrl", "name.givenName", "name.familyName",
            "name.formatted", "name.middleName", "name.honorificPrefix", "name.honorificSuffix");
    /** Enterprise extension string attributes a rule may map (RFC 7643 §4.3). */
    static final Set<String> ENTERPRISE = Set.of("employeeNumber", "costCenter", "organization", "division", "department");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScimAttributes() {
    }

    /** Whether a rules file may map this path ({@code customAttributes} key). */
    public static boolean mappable(String path) {
        return CORE.contains(path) || path.startsWith(ENTERPRISE_PREFIX) && ENTERPRISE.contains(path.substring(ENTERPRISE_PREFIX.length()));
    }

    /**
     * The values hrsync owns for the person, path → value (null: the HRIS has none, so the attribute
     * is removed). The manager is not here: it is a reference, resolved by the caller.
     */
    public static Map<String, String> desired(Person person, Map<String, String> customAttributes) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(USER_NAME, person.email());
        values.put("externalId", person.employeeId());
        values.put("name.givenName", person.firstName());
        values.put("name.familyName", person.lastName());
        values.put("displayName", person.displayName());
        values.put(WORK_EMAIL, person.email());
        values.put(ENTERPRISE_PREFIX + "employeeNumber", person.employeeId());
        values.put(ENTERPRISE_PREFIX + "department", person.department());
        customAttributes.forEach((path, field) -> values.put(path, person.field(field)));
        return values;
    }

    /** The value of a path on a resource (null when absent). */
    public static String read(JsonNode user, String path) {
        if (WORK_EMAIL.equals(path)) {
            JsonNode email = workEmail(user);
            return email == null ? null : text(email.path("value"));
        }
        if (MANAGER.equals(path)) {
            return text(user.path(ScimSchemas.ENTERPRISE).path("manager").path("value"));
        }
        if (path.startsWith(ENTERPRISE_PREFIX)) {
            return text(user.path(ScimSchemas.ENTERPRISE).path(path.substring(ENTERPRISE_PREFIX.length())));
        }
        int dot = path.indexOf('.');
        return dot < 0 ? text(user.path(path)) : text(user.path(path.substring(0, dot)).path(path.substring(dot + 1)));
    }

    /** The paths whose value differs from the resource's (userName compared ignoring case, as SCIM does). */
    public static List<String> changed(JsonNode user, Map<String, String> desired) {
        List<String> changed = new ArrayList<>();
        desired.forEach((path, value) -> {
            String current = read(user, path);
            boolean same = USER_NAME.equals(path) || WORK_EMAIL.equals(path)
                    ? current != null && value != null && current.equalsIgnoreCase(value)
                    : Objects.equals(current, value);
            if (!same && !(current == null && value == null)) {
                changed.add(path);
            }
        });
        return changed;
    }

    /** Writes the values into a resource (for a create, or the merged resource of a PUT). */
    public static ObjectNode write(ObjectNode user, Map<String, String> values) {
        values.forEach((path, value) -> set(user, path, value));
        ArrayNode schemas = NODES.arrayNode().add(ScimSchemas.USER);
        if (user.has(ScimSchemas.ENTERPRISE)) {
            schemas.add(ScimSchemas.ENTERPRISE);
        }
        user.set("schemas", schemas);
        return user;
    }

    private static void set(ObjectNode user, String path, String value) {
        if (WORK_EMAIL.equals(path)) {
            if (value == null) {
                return; // the HRIS email is never empty; nobody else's email is hrsync's to remove
            }
            JsonNode existing = workEmail(user);
            if (existing instanceof ObjectNode email) {
                email.put("value", value);
            } else {
                ArrayNode emails = user.has("emails") && user.get("emails").isArray() ? (ArrayNode) user.get("emails") : user.putArray("emails");
                emails.addObject().put("value", value).put("type", "work").put("primary", !hasPrimary(emails));
            }
            return;
        }
        if (MANAGER.equals(path)) {
            ObjectNode extension = extension(user);
            if (value == null) {
                extension.remove("manager");
            } else {
                extension.putObject("manager").put("value", value);
            }
            return;
        }
        ObjectNode target;
        String attribute;
        if (path.startsWith(ENTERPRISE_PREFIX)) {
            target = extension(user);
            attribute = path.substring(ENTERPRISE_PREFIX.length());
        } else if (path.contains(".")) {
            String parent = path.substring(0, path.indexOf('.'));
            target = user.has(parent) && user.get(parent).isObject() ? (ObjectNode) user.get(parent) : user.putObject(parent);
            attribute = path.substring(path.indexOf('.') + 1);
        } else {
            target = user;
            attribute = path;
        }
        if (value == null) {
            target.remove(attribute);
        } else {
            target.put(attribute, value);
        }
    }

    /** A PatchOp operation, its members in the RFC's order (op, path, value). */
    public static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("op", op);
        operation.put("path", path);
        if (value != null) {
            operation.put("value", value);
        }
        return operation;
    }

    /** One PatchOp operation setting the path to the value (removing it when null), RFC 7644 §3.5.2. */
    public static Map<String, Object> operation(JsonNode user, String path, String value) {
        Map<String, Object> op = new LinkedHashMap<>();
        if (value == null) {
            op.put("op", "remove");
            op.put("path", path);
            return op;
        }
        if (WORK_EMAIL.equals(path) && !hasTypedWorkEmail(user)) {
            // a filter that matches no value is a noTarget error for replace (RFC 7644 §3.5.2.3): add the email instead
            op.put("op", "add");
            op.put("path", "emails");
            op.put("value", List.of(Map.of("value", value, "type", "work", "primary", !hasPrimary(user.path("emails")))));
            return op;
        }
        op.put("op", "replace");
        op.put("path", path);
        op.put("value", MANAGER.equals(path) ? Map.of("value", value) : value);
        return op;
    }

    private static ObjectNode extension(ObjectNode user) {
        JsonNode extension = user.get(ScimSchemas.ENTERPRISE);
        return extension instanceof ObjectNode o ? o : user.putObject(ScimSchemas.ENTERPRISE);
    }

    private static boolean hasTypedWorkEmail(JsonNode user) {
        for (JsonNode email : user.path("emails")) {
            if ("work".equalsIgnoreCase(email.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPrimary(JsonNode emails) {
        for (JsonNode email : emails) {
            if (email.path("primary").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** The work email (type work), else the primary one, else the only one. */
    private static JsonNode workEmail(JsonNode user) {
        JsonNode emails = user.path("emails");
        if (!emails.isArray() || emails.isEmpty()) {
            return null;
        }
        for (JsonNode email : emails) {
            if ("work".equalsIgnoreCase(email.path("type").asText())) {
                return email;
            }
        }
        for (JsonNode email : emails) {
            if (email.path("primary").asBoolean(false)) {
                return email;
            }
        }
        return emails.size() == 1 ? emails.get(0) : null;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
