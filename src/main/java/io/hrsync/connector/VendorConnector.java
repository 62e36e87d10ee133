package io.hrsync.connector;

/**
 * The small contract every vendor module implements. A vendor is this bean, a route file
 * {@code routes/vendor-<name>.camel.yaml} whose entry point is {@link #endpoint()}, and a
 * configuration block {@code hrsync.vendors.<name>.*}. Shared code never branches on a vendor's name.
 */
public interface VendorConnector {

    /** Lower-case name used in configuration, result files and route ids. */
    String name();

    /** {@code hrsync.vendors.<name>.enabled}. */
    boolean enabled();

    /**
     * Keys of this vendor's section of the provisioning rules it acts on ({@code roles},
     * {@code departmentGroups}, {@code departmentCourses}, {@code customAttributes},
     * {@code createMissingReferences}); any other key there is a configuration error. Scope is always supported.
     */
    default java.util.Set<String> supportedRules() {
        return java.util.Set.of();
    }

    /**
     * HRIS fields this connector maps to the vendor whatever the rules say (canonical field → what it
     * becomes there), beyond the names and emails every connector sends. An export without one of
     * these columns is rejected, since the vendor would otherwise be told the value is gone.
     */
    default java.util.Map<String, String> fieldsRead() {
        return java.util.Map.of();
    }

    /** Checks the vendor's configuration at startup; throws naming the property at fault. */
    default void checkConfiguration() {
    }

    /**
     * Whether configuration lets hrsync deactivate accounts in this vendor. Vendors where
     * deactivation cannot be undone (Ramp cancels the user's cards) make it a setting; a leaver's
     * deactivation that is not enabled is refused and reported, never attempted.
     */
    default boolean deactivationEnabled() {
        return true;
    }

    /**
     * How many of this vendor's work items its drain delivers at once ({@code hrsync.vendors.<name>.concurrency}):
     * enough that the vendor's rate limit, not the latency of each call, sets the pace.
     */
    default int concurrency() {
        return 1;
    }

    /** The rolling window (ms) of the vendor's rate limit ({@code hrsync.vendors.<name>.rate-period-ms}). */
    default long ratePeriodMs() {
        return 60_000;
    }

    /** The route that provisions one person into this vendor. */
    default String endpoint() {
        return "direct:vendor-" + name();
    }

    /**
     * A user as this vendor's directory lists it (and a lookup by email answers it), in the
     * vendor-neutral shape; {@link VendorAccount#listed()} is the user itself.
     */
    VendorAccount accountOf(com.fasterxml.jackson.databind.JsonNode listedUser);

    /** The HRIS employee id this vendor keeps on a listed user, or null when it keeps none. */
    default String employeeIdOf(com.fasterxml.jackson.databind.JsonNode listedUser) {
        return null;
    }

    /**
     * The route that lists every user of this vendor, page after page, and ends with the body a
     * {@code java.util.List<}{@link VendorAccount}{@code >} (for drift and orphan reports).
     */
    default String directoryEndpoint() {
        return "direct:" + name() + "-list-accounts";
    }
}
