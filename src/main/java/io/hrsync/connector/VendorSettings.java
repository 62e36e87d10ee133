package io.hrsync.connector;

/**
 * The settings every vendor's block has ({@code hrsync.vendors.<name>.*}). Each vendor's
 * {@code @ConfigMapping} extends it and declares them again with its own defaults (its rate limit).
 */
public interface VendorSettings {

    /** {@code enabled}: whether hrsync provisions this vendor. */
    boolean enabled();

    /** {@code concurrency}: work items the vendor's drain delivers at once. */
    int concurrency();

    /** {@code rate-limit}: calls allowed per {@link #ratePeriodMs()} (hrsync's own gate). */
    int rateLimit();

    /** {@code rate-period-ms}: the rate limit's rolling window. */
    long ratePeriodMs();
}
