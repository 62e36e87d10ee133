package io.hrsync.validate;

import java.beans.Introspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/**
 * The names of the application's {@code @Named} beans, read from the application's own classes
 * (classes and producer methods and fields under {@code io.hrsync}) without starting CDI: what
 * {@code validate} checks route references against when nothing may start. At startup the CDI
 * container itself answers instead ({@link io.hrsync.app.StartupChecks}).
 */
public final class ApplicationBeanNames implements BeanNames {

    private static final String PACKAGE = "io/hrsync/";

    private final Set<String> names;

    private ApplicationBeanNames(Set<String> names) {
        this.names = names;
    }

    public static ApplicationBeanNames scan() {
        ClassLoader loader = ApplicationBeanNames.class.getClassLoader();
        Set<String> names = new TreeSet<>();
        for (String className : classNames()) {
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

    /** The application's classes, from the directory or jar this class was loaded from. */
    private static List<String> classNames() {
        URL self = ApplicationBeanNames.class.getResource("ApplicationBeanNames.class");
        List<String> names = new ArrayList<>();
        try {
            if ("jar".equals(self.getProtocol())) {
                URL jar = ((JarURLConnection) self.openConnection()).getJarFileURL();
                try (JarFile file = new JarFile(Path.of(jar.toURI()).toFile())) {
                    file.stream().map(e -> e.getName()).filter(n -> n.startsWith(PACKAGE) && n.endsWith(".class"))
                            .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
                }
            } else {
                Path root = Path.of(self.toURI()).getParent();
                for (int i = 0; i < "io.hrsync.validate".split("\\.").length; i++) {
                    root = root.getParent();
                }
                Path base = root;
                try (Stream<Path> files = Files.walk(base.resolve(PACKAGE))) {
                    files.map(p -> base.relativize(p).toString().replace('\\', '/')).filter(n -> n.endsWith(".class"))
                            .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
