package io.hrsync.hris;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Second pass: streams the validated rows of an inspected file, one at a time, for the route's
 * streaming splitter (which closes the iterator when it is done).
 */
@ApplicationScoped
@Named("hrisRowReader")
public class HrisRowReader {

    private final HrisRowValidator validator;

    public HrisRowReader(HrisRowValidator validator) {
        this.validator = validator;
    }

    /** Every row of the file, in file order. */
    public Iterator<HrisRow> rows(Path file, FileInspection inspection) {
        return rows(file, inspection, -1);
    }

    /**
     * The rows of one level of the management chain (managers first: level 0 has no manager in the
     * file), in file order; -1 for all rows. Every row belongs to exactly one level.
     */
    public Iterator<HrisRow> rows(Path file, FileInspection inspection, int level) {
        try {
            return new Rows(HrisCsv.open(file), inspection, level);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Rows implements Iterator<HrisRow>, Closeable {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final FileInspection inspection;
        private final int headerSize;
        private final int level;
        private HrisRow next;

        Rows(CSVParser parser, FileInspection inspection, int level) {
            this.parser = parser;
            this.records = parser.iterator();
            this.inspection = inspection;
            this.headerSize = parser.getHeaderNames().size();
            this.level = level;
        }

        @Override
        public boolean hasNext() {
            while (next == null && records.hasNext()) {
                HrisRow row = validator.validate(records.next(), headerSize, inspection);
                if (level < 0 || inspection.depthOf(row.email()) == level) {
                    next = row;
                }
            }
            return next != null;
        }

        @Override
        public HrisRow next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            HrisRow row = next;
            next = null;
            return row;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
