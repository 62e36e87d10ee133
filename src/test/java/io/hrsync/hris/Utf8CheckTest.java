package io.hrsync.hris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UTF-8 check reads a file in 64 KB blocks: faults and characters across block boundaries. */
class Utf8CheckTest {

    @TempDir
    Path dir;

    @Test
    void aFaultFarIntoTheFileIsNamedByItsLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int line = 1; line <= 30_000; line++) {
            bytes.writeBytes(("E" + line + ",p" + line + "@example.com,Jos\u00e9,Lee\n").getBytes(StandardCharsets.UTF_8));
            if (line == 21_345) {
                bytes.write(0xE9); // a Latin-1 é: not UTF-8
                bytes.write('\n');
                line++;
            }
        }
        assertEquals(OptionalLong.of(21_346), Utf8Check.firstInvalidLine(write(bytes.toByteArray())));
    }

    @Test
    void aCharacterSplitBetweenTwoBlocksIsValidAndATruncatedOneAtTheEndIsNot() throws IOException {
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8); // three bytes
        for (int shift = 0; shift < 3; shift++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes("a".repeat((1 << 16) - 1 - shift).getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(euro);
            bytes.writeBytes("\nb\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(Utf8Check.firstInvalidLine(write(bytes.toByteArray())).isEmpty(), "shift " + shift);
        }
        assertEquals(OptionalLong.of(2), Utf8Check.firstInvalidLine(write(new byte[] { 'a', '\n', euro[0], euro[1] })));
    }

    private Path write(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "utf8", ".csv");
        Files.write(file, content);
        return file;
    }
}
