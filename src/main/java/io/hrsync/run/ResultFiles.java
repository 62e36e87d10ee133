package io.hrsync.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.hrsync.config.SecretRedactor;

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

    /** Writes a whole text file (summary.json); a configured secret in it is masked as the last line of defence. */
    static void write(Path file, byte[] content) {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.writeString(partial, SecretRedactor.mask(new String(content, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
        rename(partial, file);
    }
}
