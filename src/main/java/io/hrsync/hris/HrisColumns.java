package io.hrsync.hris;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hrsync.config.HrsyncConfig;

/**
 * The export's header names for each canonical field: the defaults, overridden by
 * {@code hrsync.hris.columns.<field>=<header>} for HRIS exports that name them differently.
 */
@ApplicationScoped
public class HrisColumns {

    /** Columns every export must have; the others may be absent. */
    public static final List<String> REQUIRED = List.of("employee_id", "email", "first_name", "last_name", "status");

    private final Map<String, String> headerByField = new LinkedHashMap<>();

    @Inject
    public HrisColumns(HrsyncConfig config) {
        this(config.hris().columns());
    }

    public HrisColumns(Map<String, String> overrides) {
        for (String field : HrsyncConfig.CANONICAL_FIELDS) {
            headerByField.put(field, field);
        }
        overrides.forEach((field, header) -> {
            if (!headerByField.containsKey(field)) {
                throw new IllegalArgumentException("hrsync.hris.columns." + field + ": unknown field '" + field
                        + "'; known fields are " + HrsyncConfig.CANONICAL_FIELDS);
            }
            headerByField.put(field, header.trim());
        });
    }

    public String header(String field) {
        return headerByField.get(field);
    }

    public Map<String, String> headerByField() {
        return Map.copyOf(headerByField);
    }
}
