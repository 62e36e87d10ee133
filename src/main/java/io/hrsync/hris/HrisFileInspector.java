package io.hrsync.hris;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.hrsync.config.HrsyncConfig;

/**
 * First pass over an export, streaming: finds every file-level problem (empty, header only, missing
 * required columns, not UTF-8, unterminated quote, beyond a size cap of {@link HrisFileLimits}) before a single row is acted on, and notes the
 * duplicated keys the second pass must reject and every key of the file (as {@link KeyHashes}: 32
 * bytes a row, so that a 1,000,000-row export is read within a 256 MB heap).
 */
@ApplicationScoped
@Named("hrisFileInspector")
public class HrisFileInspector {

    private final HrisColumns columns;
    private final ColumnRequirements requirements;
    private final HrisFileLimits limits;

    @jakarta.inject.Inject
    public HrisFileInspector(HrisColumns columns, ColumnRequirements requirements, HrsyncConfig config) {
        this(columns, requirements, HrisFileLimits.of(config.hris()));
    }

    public HrisFileInspector(HrisColumns columns, ColumnRequirements requirements, HrisFileLimits limits) {
        this.columns = columns;
        this.requirements = requirements;
        this.limits = limits;
    }

    /** The default caps (tests of the file format). */
    public HrisFileInspector(HrisColumns columns, ColumnRequirements requirements) {
        this(columns, requirements, HrisFileLimits.DEFAULTS);
    }

    /** Only the canonical required columns and the default caps (tests of the file format). */
    public HrisFileInspector(HrisColumns columns) {
        this(columns, ColumnRequirements.NONE);
    }

    public FileInspection inspect(Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new HrisFileRejectedException("file is empty: no header and no rows");
            }
            limits.checkSize(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Utf8Check.firstInvalidLine(file).ifPresent(bad -> {
            throw new HrisFileRejectedException("file is not valid UTF-8 (line " + bad + "): re-export it as UTF-8");
        });
        long line = 1;
        try (CSVParser parser = HrisCsv.open(file, limits)) {
            List<String> header = parser.getHeaderNames();
            checkHeader(header);
            int idColumn = header.indexOf(columns.header("employee_id"));
            int emailColumn = header.indexOf(columns.header("email"));
            KeyHashes ids = KeyHashes.withRows();
            KeyHashes emails = KeyHashes.withRows();
            Map<String, List<Long>> duplicateIds = new LinkedHashMap<>();
            Map<String, List<Long>> duplicateEmails = new LinkedHashMap<>();
            long rows = 0;
            for (CSVRecord record : parser) {
                rows++;
                line = parser.getCurrentLineNumber();
                long row = record.getRecordNumber() + 1;
                note(value(record, idColumn), row, ids, duplicateIds);
                String email = value(record, emailColumn);
                note(email.isEmpty() ? "" : Person.normaliseEmail(email), row, emails, duplicateEmails);
            }
            if (rows == 0) {
                throw new HrisFileRejectedException("file has a header but no data rows");
            }
            return new FileInspection(header, rows, duplicateIds, duplicateEmails, ids.withoutRows(), emails.withoutRows());
        } catch (HrisFileRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new HrisFileRejectedException(HrisCsv.describe(e, line + 1));
        }
    }

    private void checkHeader(List<String> header) {
        if (header.isEmpty()) {
            throw new HrisFileRejectedException("file is empty: no header and no rows");
        }
        int length = String.join(",", header).length();
        if (length > FieldLimits.MAX_HEADER_LENGTH) {
            throw new HrisFileRejectedException("header is " + length + " characters long, more than the limit of "
                    + FieldLimits.MAX_HEADER_LENGTH + " (" + header.size() + " columns): not an HRIS export this hrsync reads");
        }
        List<String> missing = new ArrayList<>();
        for (String field : HrisColumns.REQUIRED) {
            if (!header.contains(columns.header(field))) {
                missing.add(columns.header(field));
            }
        }
        if (!missing.isEmpty()) {
            throw new HrisFileRejectedException("missing required column(s) " + missing + " in header " + header);
        }
        List<String> needed = new ArrayList<>();
        requirements.requiredFields().forEach((field, readBy) -> {
            if (!header.contains(columns.header(field))) {
                needed.add("'" + columns.header(field) + "' (read by " + readBy + ")");
            }
        });
        if (!needed.isEmpty()) {
            throw new HrisFileRejectedException("missing column(s) the configuration reads: " + String.join(", ", needed)
                    + "; header " + header + ". Add the column to the export, or change what reads it");
        }
    }

    private static void note(String key, long row, KeyHashes seen, Map<String, List<Long>> duplicates) {
        if (key.isEmpty()) {
            return;
        }
        long first = seen.put(key, row);
        if (first >= 0) {
            duplicates.computeIfAbsent(key, k -> new ArrayList<>(List.of(first))).add(row);
        }
    }

    private static String value(CSVRecord record, int column) {
        return column < record.size() ? record.get(column).trim() : "";
    }
}
