package io.hrsync.hris;

import java.util.LinkedHashMap;
import java.util.Map;

import io.hrsync.config.HrsyncConfig;

/**
 * The one place that says how long each HRIS field may be. A value beyond its limit rejects its row
 * (row, column, limit) in validation, so it never reaches a vendor or the state store. Each limit is
 * the smallest of what the vendors accept (their published specs) and what the state store holds;
 * the state store's column sizes are checked against these at startup ({@code StateStore#schemaProblems}).
 *
 * <ul>
 * <li>{@code first_name}, {@code last_name}: 50 (Skilljar's user serializer: {@code maxLength: 50};
 * Ramp allows 255);</li>
 * <li>{@code email}, {@code manager_email}: 254 (the longest deliverable address, RFC 5321; Skilljar's
 * {@code maxLength: 254});</li>
 * <li>{@code employee_id}: 100 (no vendor publishes one; it is a key in every table and a custom
 * attribute value in WorkRamp);</li>
 * <li>{@code department}, {@code title}, {@code location}: 200 (group and reference names, custom
 * attribute values);</li>
 * <li>{@code start_date}, {@code end_date}: 10 ({@code yyyy-MM-dd}); {@code status}: 20.</li>
 * </ul>
 */
public final class FieldLimits {

    /** Canonical field → the most characters a value may have. */
    public static final Map<String, Integer> MAX_LENGTH;

    /** The most characters the header line may have (the source guards keep it as the baseline). */
    public static final int MAX_HEADER_LENGTH = 4000;

    static {
        Map<String, Integer> max = new LinkedHashMap<>();
        max.put("employee_id", 100);
        max.put("email", 254);
        max.put("first_name", 50);
        max.put("last_name", 50);
        max.put("department", 200);
        max.put("title", 200);
        max.put("manager_email", 254);
        max.put("location", 200);
        max.put("start_date", 10);
        max.put("end_date", 10);
        max.put("status", 20);
        if (!max.keySet().equals(new java.util.LinkedHashSet<>(HrsyncConfig.CANONICAL_FIELDS))) {
            throw new IllegalStateException("FieldLimits must name every canonical field " + HrsyncConfig.CANONICAL_FIELDS);
        }
        MAX_LENGTH = java.util.Collections.unmodifiableMap(max);
    }

    private FieldLimits() {
    }

    public static int maxLength(String field) {
        return MAX_LENGTH.get(field);
    }

    /**
     * The longest a person snapshot can be as JSON text: every field at its limit, each character
     * escaped as {@code \}{@code uXXXX} (six characters), plus the keys, quotes and separators.
     */
    public static int maxSnapshotLength() {
        int length = 2;
        for (Map.Entry<String, Integer> field : MAX_LENGTH.entrySet()) {
            length += field.getKey().length() + 6 + field.getValue() * 6;
        }
        return length;
    }

    /** A display name as the vendors get it: first and last name with a space (or the email). */
    public static int maxNameLength() {
        return Math.max(maxLength("first_name") + 1 + maxLength("last_name"), maxLength("email"));
    }
}
