package io.hrsync.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A result file is written under a temporary name and renamed once whole, so a reader never sees half of one. */
final class ResultFiles {

    private ResultFiles() {
    }

    static void rename(Path partial, Path file) {
        try {
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + partial.getFileName() + " to " + file, e);
        }
    }

    static void write(Path file, byte[] content) {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.write(partial, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
        rename(partial, file);
    }
}
