package io.hrsync.hris;

import java.util.Map;

/**
 * Columns an export must have beyond {@link HrisColumns#REQUIRED}, because something reads them: the
 * provisioning rules of an enabled vendor, change detection, a connector's mapping. A file without one
 * is rejected as a whole, naming the column and what needs it.
 */
@FunctionalInterface
public interface ColumnRequirements {

    /** Nothing beyond the canonical required columns. */
    ColumnRequirements NONE = Map::of;

    /** Canonical field → what reads it, e.g. {@code workramp.customAttributes.title (config/provisioning-rules.yaml)}. */
    Map<String, String> requiredFields();
}
