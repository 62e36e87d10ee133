package io.hrsync.validate;

import java.beans.Introspector;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/**
 * The names of the application's {@code @Named} beans, read from the application's own classes
 * (classes and producer methods and fields under {@code io.hrsync}) without starting CDI: what
 * {@code validate} checks route references against when nothing may start. At startup the CDI
 * container itself answers instead ({@link io.hrsync.app.StartupChecks}).
 */
public final class ApplicationBeanNames implements BeanNames {

    private final Set<String> names;

    private ApplicationBeanNames(Set<String> names) {
        this.names = names;
    }

    public static ApplicationBeanNames scan() {
        ClassLoader loader = ApplicationBeanNames.class.getClassLoader();
        Set<String> names = new TreeSet<>();
        for (String className : ApplicationClasses.names()) {
            try {
                collect(Class.forName(className, false, loader), names);
            } catch (Throwable e) {
                // a class that cannot be loaded here declares no bean the routes could use
            }
        }
        return new ApplicationBeanNames(names);
    }

    public Set<String> names() {
        return names;
    }

    @Override
    public boolean exists(String name) {
        return names.contains(name);
    }

    private static void collect(Class<?> type, Set<String> names) {
        Named named = type.getAnnotation(Named.class);
        if (named != null) {
            names.add(named.value().isEmpty() ? Introspector.decapitalize(type.getSimpleName()) : named.value());
        }
        for (Method method : type.getDeclaredMethods()) {
            Named m = method.getAnnotation(Named.class);
            if (m != null && method.isAnnotationPresent(Produces.class)) {
                String name = method.getName();
                if (m.value().isEmpty() && name.startsWith("get") && name.length() > 3) {
                    name = Introspector.decapitalize(name.substring(3));
                }
                names.add(m.value().isEmpty() ? name : m.value());
            }
        }
        for (Field field : type.getDeclaredFields()) {
            Named f = field.getAnnotation(Named.class);
            if (f != null && field.isAnnotationPresent(Produces.class)) {
                names.add(f.value().isEmpty() ? field.getName() : f.value());
            }
        }
    }
}
