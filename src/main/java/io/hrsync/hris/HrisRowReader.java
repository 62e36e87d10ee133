package io.hrsync.hris;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.hrsync.config.HrsyncConfig;

/**
 * The validated rows of an inspected file, in file order, streaming: each pass of the run's plan
 * ({@code PlanWalk}) and the accepted snapshot read them through {@link #rows}. The file's size caps
 * are checked again as it is read ({@link HrisFileLimits}): a file that changed since its inspection
 * is refused, not read whole.
 */
@ApplicationScoped
public class HrisRowReader {

    private final HrisRowValidator validator;
    private final HrisFileLimits limits;

    @Inject
    public HrisRowReader(HrisRowValidator validator, HrsyncConfig config) {
        this(validator, HrisFileLimits.of(config.hris()));
    }

    /** The default caps (tests of the file format). */
    public HrisRowReader(HrisRowValidator validator) {
        this(validator, HrisFileLimits.DEFAULTS);
    }

    public HrisRowReader(HrisRowValidator validator, HrisFileLimits limits) {
        this.validator = validator;
        this.limits = limits;
    }

    /** The rows of a file, read one at a time; closing it closes the file. */
    public interface Rows extends Iterator<HrisRow>, Closeable {
        /** Closes the file; a failure to close a file that was only read is of no consequence. */
        @Override
        void close();
    }

    /** Every row of the file, in file order, streaming (close it, e.g. with try-with-resources). */
    public Rows rows(Path file, FileInspection inspection) {
        try {
            return new FileRows(HrisCsv.open(file, limits), inspection);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class FileRows implements Rows {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final FileInspection inspection;
        private final HrisRowValidator.Columns columns;

        FileRows(CSVParser parser, FileInspection inspection) {
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
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                // read only: nothing was lost
            }
        }
    }
}
