package io.hrsync.validate;

/** Whether a bean of that name exists for the routes to refer to ({@code ref:}, {@code #bean:}). */
@FunctionalInterface
public interface BeanNames {
    boolean exists(String name);
}
