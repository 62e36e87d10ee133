package io.hrsync.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.hrsync.hris.Person;

/**
 * One vendor's provisioning rules from {@code config/provisioning-rules.yaml}: who is in scope, and
 * how HR data maps to the vendor's roles, groups, courses/paths and custom attributes. Which of
 * these a vendor uses is the vendor's business ({@link io.hrsync.connector.VendorConnector#supportedRules()}).
 */
public record VendorRules(
        @JsonProperty("scope") Scope scope,
        @JsonProperty("roles") Roles roles,
        @JsonProperty("departmentGroups") Map<String, List<String>> departmentGroups,
        @JsonProperty("departmentCourses") Map<String, List<String>> departmentCourses,
        @JsonProperty("customAttributes") Map<String, String> customAttributes,
        @JsonProperty("allowedCustomAttributes") List<String> allowedCustomAttributes,
        @JsonProperty("createMissingReferences") Boolean createMissingReferences) {

    public static final VendorRules NONE = new VendorRules(null, null, null, null, null, null, null);

    public VendorRules {
        scope = scope == null ? Scope.EVERYONE : scope;
        departmentGroups = departmentGroups == null ? Map.of() : Map.copyOf(departmentGroups);
        departmentCourses = departmentCourses == null ? Map.of() : Map.copyOf(departmentCourses);
        // in the file's order (Map.copyOf iterates in an order that changes from one JVM to the next):
        // the attributes a person's note says changed are listed the same way in every run
        customAttributes = customAttributes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customAttributes));
        allowedCustomAttributes = allowedCustomAttributes == null ? List.of() : List.copyOf(allowedCustomAttributes);
        createMissingReferences = createMissingReferences != null && createMissingReferences;
    }

    /** The rule keys this record holds values for (to check them against what a vendor supports). */
    public List<String> keysInUse() {
        List<String> keys = new java.util.ArrayList<>();
        if (roles != null) {
            keys.add("roles");
        }
        if (!departmentGroups.isEmpty()) {
            keys.add("departmentGroups");
        }
        if (!departmentCourses.isEmpty()) {
            keys.add("departmentCourses");
        }
        if (!customAttributes.isEmpty() || !allowedCustomAttributes.isEmpty()) {
            keys.add("customAttributes");
        }
        if (createMissingReferences) {
            keys.add("createMissingReferences");
        }
        return keys;
    }

    /**
     * The HRIS fields these rules read, each with the rule keys that read it (a file without one of
     * these columns cannot be provisioned as the rules say: it is rejected).
     */
    public Map<String, List<String>> fieldsRead() {
        Map<String, List<String>> read = new java.util.LinkedHashMap<>();
        java.util.function.BiConsumer<String, String> add = (field, key) ->
                read.computeIfAbsent(field, f -> new java.util.ArrayList<>()).add(key);
        if (!scope.departments().isEmpty()) {
            add.accept("department", "scope.departments");
        }
        if (!scope.locations().isEmpty()) {
            add.accept("location", "scope.locations");
        }
        new java.util.TreeSet<>(scope.where().keySet()).forEach(field -> add.accept(field, "scope.where." + field));
        if (roles != null && !roles.byDepartment().isEmpty()) {
            add.accept("department", "roles.byDepartment");
        }
        if (roles != null && !roles.byTitle().isEmpty()) {
            add.accept("title", "roles.byTitle");
        }
        if (!departmentGroups.isEmpty()) {
            add.accept("department", "departmentGroups");
        }
        if (!departmentCourses.isEmpty()) {
            add.accept("department", "departmentCourses");
        }
        new java.util.TreeMap<>(customAttributes).forEach((attribute, field) -> add.accept(field, "customAttributes." + attribute));
        return read;
    }

    public List<String> groupsFor(Person person) {
        return person.department() == null ? List.of() : departmentGroups.getOrDefault(person.department(), List.of());
    }

    public List<String> coursesFor(Person person) {
        return person.department() == null ? List.of() : departmentCourses.getOrDefault(person.department(), List.of());
    }

    /** The role for a person: by title, then by department, then the default. */
    public String roleFor(Person person, String vendorDefault) {
        if (roles == null) {
            return vendorDefault;
        }
        if (person.title() != null && roles.byTitle().containsKey(person.title())) {
            return roles.byTitle().get(person.title());
        }
        if (person.department() != null && roles.byDepartment().containsKey(person.department())) {
            return roles.byDepartment().get(person.department());
        }
        return roles.defaultRole() == null ? vendorDefault : roles.defaultRole();
    }

    /** Who a vendor provisions. Empty lists mean "no restriction"; all given conditions must hold. */
    public record Scope(
            @JsonProperty("departments") List<String> departments,
            @JsonProperty("locations") List<String> locations,
            @JsonProperty("where") Map<String, List<String>> where) {

        public static final Scope EVERYONE = new Scope(null, null, null);

        public Scope {
            departments = departments == null ? List.of() : List.copyOf(departments);
            locations = locations == null ? List.of() : List.copyOf(locations);
            where = where == null ? Map.of() : Map.copyOf(where);
        }

        public boolean includes(Person person) {
            if (!departments.isEmpty() && (person.department() == null || !departments.contains(person.department()))) {
                return false;
            }
            if (!locations.isEmpty() && (person.location() == null || !locations.contains(person.location()))) {
                return false;
            }
            for (Map.Entry<String, List<String>> condition : where.entrySet()) {
                if (!condition.getValue().contains(Objects.toString(person.field(condition.getKey()), ""))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Role mapping: {@code default}, then overrides by exact title or department. */
    public record Roles(
            @JsonProperty("default") String defaultRole,
            @JsonProperty("byDepartment") Map<String, String> byDepartment,
            @JsonProperty("byTitle") Map<String, String> byTitle) {

        public Roles {
            byDepartment = byDepartment == null ? Map.of() : Map.copyOf(byDepartment);
            byTitle = byTitle == null ? Map.of() : Map.copyOf(byTitle);
        }
    }
}
