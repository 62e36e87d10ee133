package io.hrsync.validate;

/** Whether a configuration property has a value (from any source: files, environment, system, defaults). */
@FunctionalInterface
public interface PropertyNames {
    boolean defined(String name);
}
