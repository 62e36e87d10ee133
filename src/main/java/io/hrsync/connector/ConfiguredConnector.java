package io.hrsync.connector;

/**
 * A vendor whose block is a {@link VendorSettings} mapping: whether it is enabled, its workers and its
 * rate window come from there, and its configuration check starts with the settings every vendor has
 * and adds its own ({@link #check}), all problems reported together.
 */
public abstract class ConfiguredConnector implements VendorConnector {

    private final VendorSettings settings;

    protected ConfiguredConnector(VendorSettings settings) {
        this.settings = settings;
    }

    /** For the CDI client proxy of an application-scoped connector only (it delegates every call). */
    protected ConfiguredConnector() {
        this(null);
    }

    /** The vendor's name in messages (WorkRamp, not workramp). */
    protected abstract String label();

    /** The vendor's own checks of its block. */
    protected abstract void check(ConfigurationProblems problems);

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public int concurrency() {
        return settings.concurrency();
    }

    @Override
    public long ratePeriodMs() {
        return settings.ratePeriodMs();
    }

    @Override
    public void checkConfiguration() {
        ConfigurationProblems problems = new ConfigurationProblems(name(), label());
        check(problems);
        problems.requireSettings(settings);
        problems.throwIfAny();
    }
}
