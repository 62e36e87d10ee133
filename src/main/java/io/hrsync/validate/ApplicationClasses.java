package io.hrsync.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The application's own classes (under {@code io.hrsync}), read from the directory or jar they were
 * loaded from, for what must be known without starting CDI ({@code hrsync validate}): the bean names
 * routes may use, and the connector kinds the configuration may name.
 */
public final class ApplicationClasses {

    private static final String PACKAGE = "io/hrsync/";

    private ApplicationClasses() {
    }

    /** One instance of each concrete application class implementing {@code type} (public no-argument constructor). */
    public static <T> List<T> instancesOf(Class<T> type) {
        ClassLoader loader = ApplicationClasses.class.getClassLoader();
        List<T> instances = new ArrayList<>();
        for (String name : names()) {
            Class<?> candidate;
            try {
                candidate = Class.forName(name, false, loader);
            } catch (Throwable e) {
                continue; // a class that cannot be loaded here implements nothing we could use
            }
            if (type.isAssignableFrom(candidate) && !candidate.isInterface() && !Modifier.isAbstract(candidate.getModifiers())) {
                try {
                    instances.add(type.cast(candidate.getDeclaredConstructor().newInstance()));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(name + " implements " + type.getSimpleName()
                            + " but has no public no-argument constructor", e);
                }
            }
        }
        return instances;
    }

    /** The application's classes, from the directory or jar this class was loaded from. */
    /** The application's class names. */
    public static List<String> names() {
        URL self = ApplicationClasses.class.getResource("ApplicationClasses.class");
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
