package io.hrsync.hris;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The validated rows of an inspected file, in file order, streaming: each pass of the run's plan
 * ({@code PlanWalk}) and the accepted snapshot read them through {@link #rows}.
 */
@ApplicationScoped
public class HrisRowReader {

    private final HrisRowValidator validator;

    public HrisRowReader(HrisRowValidator validator) {
        this.validator = validator;
    }

    /** Every row of the file, in file order, streaming (close the iterator when done early). */
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
        private final HrisRowValidator.Columns columns;

        Rows(CSVParser parser, FileInspection inspection) {
            this.parser = parser;
            this.records = parser.iterator();
            this.inspection = inspection;
            this.columns = validator.columnsOf(parser.getHeaderNames());
        }

        @Override
        public boolean hasNext() {
            return records.hasNext();
        }

        @Override
        public HrisRow next() {
            return validator.validate(records.next(), columns, inspection);
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
