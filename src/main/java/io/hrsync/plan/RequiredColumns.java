package io.hrsync.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.hrsync.hris.ColumnRequirements;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;

/**
 * The columns an export must have because something reads them: change detection (start and end
 * dates), each enabled vendor's provisioning rules (scope, roles, groups, courses, custom attributes)
 * and each enabled connector's own mapping. Worked out once from the configuration.
 */
@ApplicationScoped
public class RequiredColumns implements ColumnRequirements {

    /** What change detection reads beyond the canonical required columns. */
    static final Map<String, String> CHANGE_DETECTION = Map.of(
            "start_date", "change detection (a joiner waits for start_date - hrsync.plan.join-lead-days)",
            "end_date", "change detection (a leaver's access ends on end_date)");

    private final Map<String, String> required;

    public RequiredColumns(ProvisioningRules rules, VendorRegistry vendors) {
        Map<String, List<String>> readers = new LinkedHashMap<>();
        new java.util.TreeMap<>(CHANGE_DETECTION).forEach((field, why) -> add(readers, field, why));
        for (VendorConnector vendor : vendors.enabled()) {
            rules.forVendor(vendor.name()).fieldsRead().forEach((field, keys) -> keys.forEach(key ->
                    add(readers, field, vendor.name() + "." + key + " in " + rules.file())));
            new java.util.TreeMap<>(vendor.fieldsRead()).forEach((field, target) ->
                    add(readers, field, "the " + vendor.name() + " connector (" + target + ")"));
        }
        Map<String, String> joined = new LinkedHashMap<>();
        readers.forEach((field, why) -> joined.put(field, String.join(", ", why)));
        this.required = java.util.Collections.unmodifiableMap(joined);
    }

    private static void add(Map<String, List<String>> readers, String field, String why) {
        readers.computeIfAbsent(field, f -> new ArrayList<>()).add(why);
    }

    @Override
    public Map<String, String> requiredFields() {
        return required;
    }
}
