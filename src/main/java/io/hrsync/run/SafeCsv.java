package io.hrsync.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.hrsync.config.SecretRedactor;

/**
 * A CSV result file whose cells cannot be read as formulas by a spreadsheet: a cell that starts with
 * {@code = + - @}, also after leading spaces, tabs, line breaks or NULs, and a cell that starts with
 * a tab, carriage return, line feed or NUL, is prefixed with an apostrophe.
 */
final class SafeCsv implements AutoCloseable {

    private final CSVPrinter printer;
    private final Path file;
    private final Path partial;
    /** Read once per file: a result file has millions of cells (a 1M-row plan's actions.csv: 44M). */
    private final SecretRedactor redactor = SecretRedactor.current();

    /** Rows go to {@code <file>.part} until {@link #publish()} renames it: a file under its own name is whole. */
    SafeCsv(Path file, String... header) {
        this.file = file;
        this.partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
            printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
            printer.printRecord((Object[]) header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void row(Object... cells) {
        Object[] safe = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = neutralise(cells[i], redactor);
        }
        try {
            printer.printRecord(safe);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String neutralise(Object cell) {
        return neutralise(cell, SecretRedactor.current());
    }

    private static String neutralise(Object cell, SecretRedactor redactor) {
        if (cell == null) {
            return "";
        }
        String text = redactor.redact(cell.toString()); // the last line of defence: no configured secret in a result file
        if (text.isEmpty()) {
            return text;
        }
        if ("\t\r\n\0".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        int first = 0;
        while (first < text.length() && " \t\r\n\0".indexOf(text.charAt(first)) >= 0) {
            first++;
        }
        return first < text.length() && "=+-@".indexOf(text.charAt(first)) >= 0 ? "'" + text : text;
    }

    @Override
    public void close() {
        try {
            printer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
    }

    /** Closes the file and gives it its own name; throws if either fails. */
    void publish() {
        close();
        ResultFiles.rename(partial, file);
    }
}
