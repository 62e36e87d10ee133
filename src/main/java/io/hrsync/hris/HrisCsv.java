package io.hrsync.hris;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * Opens an HRIS export as RFC 4180 CSV: UTF-8 with or without a BOM, LF or CRLF, decoded strictly so
 * that bytes which are not UTF-8 (a Latin-1 export, say) fail instead of turning into replacement
 * characters.
 */
final class HrisCsv {

    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .get();

    private HrisCsv() {
    }

    /** The file as CSV records, each checked against the caps as its bytes are read ({@link BoundedRecords}). */
    static CSVParser open(Path file, HrisFileLimits limits) throws IOException {
        limits.checkSize(file);
        return parse(Files.newInputStream(file), limits, String.valueOf(file.getFileName()));
    }

    /** The bytes of an export named {@code name} as CSV records (closing the parser closes {@code bytes}). */
    static CSVParser parse(InputStream bytes, HrisFileLimits limits, String name) throws IOException {
        InputStream in = new BufferedInputStream(bytes);
        skipBom(in);
        Reader reader = new InputStreamReader(new BoundedRecords(in, limits, name), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        try {
            return CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static void skipBom(InputStream in) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
    }

    /** Turns what the parser or decoder threw into a reason a person can act on. */
    static String describe(Throwable error, long line) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return "file is not valid UTF-8 (near line " + line + "): re-export it as UTF-8";
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("EOF reached before encapsulated token finished")) {
                return "unterminated quoted field (a quote opened near line " + line + " is never closed)";
            }
            if (message.contains("invalid char between encapsulated token and delimiter")) {
                return "malformed quoting near line " + line + ": a quoted field must be followed by a comma or a line end";
            }
        }
        return "unreadable CSV near line " + line + ": " + error.getMessage();
    }
}
