package io.hrsync.hris;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The bytes of an export on their way to the CSV parser, checked against {@link HrisFileLimits}: a
 * record longer than {@code max-line-chars} or with more than {@code max-columns} columns is refused
 * as soon as its bytes pass, so the parser (which holds a whole record in memory) never holds more
 * than the cap and one read buffer. It follows the quoting the parser applies (RFC 4180: a quote
 * opens a quoted field only at a field's start, {@code ""} is a quote inside one), so a comma or a
 * line break inside quotes neither ends a column nor a record; a record is therefore one line, or
 * several when a quoted field holds line breaks (a quote never closed makes the rest of the file one
 * record, which is refused at the cap, near the line the quote opened).
 */
final class BoundedRecords extends FilterInputStream {

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    /** A quote inside a quoted field: its end, or the first of a doubled quote. */
    private static final int QUOTE_IN_QUOTED = 3;

    private final HrisFileLimits limits;
    private final String file;
    private int state = FIELD_START;
    private long line = 1;
    private long recordLine = 1;
    private long chars;
    private int columns = 1;
    private boolean crEnded;

    BoundedRecords(InputStream in, HrisFileLimits limits, String file) {
        super(in);
        this.limits = limits;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            accept((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            accept(buffer[i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an HRIS export is read, never skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void accept(byte b) {
        boolean afterCr = crEnded;
        crEnded = false;
        if (state != QUOTED && (b == '\r' || b == '\n')) {
            // CR, LF and CRLF each end a record, as for the parser (a Mac export ends its lines with CR)
            if (!(b == '\n' && afterCr)) {
                nextRecord();
            }
            crEnded = b == '\r';
            return;
        }
        switch (state) {
            case FIELD_START -> {
                if (b == '"') {
                    state = QUOTED;
                } else if (b == ',') {
                    nextColumn();
                } else {
                    state = UNQUOTED;
                }
            }
            case UNQUOTED, QUOTE_IN_QUOTED -> {
                if (b == ',') {
                    nextColumn();
                } else if (state == QUOTE_IN_QUOTED) {
                    // a doubled quote stays in the field; anything else after a closing quote the parser refuses
                    state = b == '"' ? QUOTED : UNQUOTED;
                }
            }
            default -> {
                if (b == '"') {
                    state = QUOTE_IN_QUOTED;
                } else if (b == '\n') {
                    line++;
                }
            }
        }
        // a byte that starts a character (not a UTF-8 continuation byte)
        if ((b & 0xC0) != 0x80 && ++chars > limits.maxLineChars()) {
            throw new HrisFileRejectedException(String.format(Locale.ROOT,
                    "line %d of %s is longer than the cap of %,d characters%s: not an HRIS export this hrsync reads "
                            + "(if it is one, raise hrsync.hris.max-line-chars)",
                    recordLine, file, limits.maxLineChars(),
                    line > recordLine ? " (a quoted field opened on it runs over " + (line - recordLine + 1) + " lines)" : ""));
        }
    }

    private void nextColumn() {
        state = FIELD_START;
        if (++columns > limits.maxColumns()) {
            throw new HrisFileRejectedException(String.format(Locale.ROOT,
                    "line %d of %s has more than the cap of %,d columns: not an HRIS export this hrsync reads "
                            + "(if it is one, raise hrsync.hris.max-columns)",
                    recordLine, file, limits.maxColumns()));
        }
    }

    private void nextRecord() {
        state = FIELD_START;
        line++;
        recordLine = line;
        chars = 0;
        columns = 1;
    }
}
