package io.hrsync.hris;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.hrsync.config.HrsyncConfig;

/**
 * The size caps of an HRIS export ({@code hrsync.hris.max-file-bytes}, {@code max-line-chars},
 * {@code max-columns}): a file beyond one is rejected with the cap and the property to raise, before
 * anything of its size is held in memory (Commons CSV builds a whole record in memory, so a file
 * without a line end would otherwise be read whole).
 */
public record HrisFileLimits(long maxFileBytes, int maxLineChars, int maxColumns) {

    /** The shipped defaults: 2 GB, 64 K characters a line, 500 columns (a 1,000,000-row export is ~150 MB, ~130 characters a line). */
    public static final HrisFileLimits DEFAULTS = new HrisFileLimits(2L * 1024 * 1024 * 1024, 65_536, 500);

    public static HrisFileLimits of(HrsyncConfig.Hris hris) {
        return new HrisFileLimits(hris.maxFileBytes(), hris.maxLineChars(), hris.maxColumns());
    }

    /** Rejects a file larger than {@link #maxFileBytes}. */
    void checkSize(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size > maxFileBytes) {
            throw new HrisFileRejectedException(String.format(java.util.Locale.ROOT,
                    "%s is %,d bytes, more than the cap of %,d bytes: not an HRIS export this hrsync reads "
                            + "(if it is one, raise hrsync.hris.max-file-bytes)",
                    file.getFileName(), size, maxFileBytes));
        }
    }
}
