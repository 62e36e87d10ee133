package io.hrsync.hris;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Finds the first physical line of a file that is not valid UTF-8, streaming, one line in memory. */
final class Utf8Check {

    private Utf8Check() {
    }

    static OptionalLong firstInvalidLine(Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    if (!valid(decoder, line)) {
                        return OptionalLong.of(number);
                    }
                    line.reset();
                    number++;
                }
            }
            return valid(decoder, line) ? OptionalLong.empty() : OptionalLong.of(number);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean valid(CharsetDecoder decoder, ByteArrayOutputStream line) {
        try {
            decoder.reset().decode(ByteBuffer.wrap(line.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
