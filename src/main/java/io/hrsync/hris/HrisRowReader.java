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

    public Iterator<HrisRow> rows(Path file, FileInspection inspection) {
        try {
            return new Rows(HrisCsv.open(file), inspection);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Rows implements Iterator<HrisRow>, Closeable {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final FileInspection inspection;
        private final int headerSize;

        Rows(CSVParser parser, FileInspection inspection) {
            this.parser = parser;
            this.records = parser.iterator();
            this.inspection = inspection;
            this.headerSize = parser.getHeaderNames().size();
        }

        @Override
        public boolean hasNext() {
            return records.hasNext();
        }

        @Override
        public HrisRow next() {
            return validator.validate(records.next(), headerSize, inspection);
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
