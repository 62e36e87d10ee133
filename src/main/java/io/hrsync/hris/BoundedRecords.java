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
            scan(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            scan(buffer, offset, offset + n);
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

    /** The bytes of one read, in a loop over local copies of the state (a third of the cost of a call per byte). */
    private void scan(byte[] buffer, int from, int to) {
        int state = this.state;
        long chars = this.chars;
        int columns = this.columns;
        boolean crEnded = this.crEnded;
        int maxChars = limits.maxLineChars();
        int maxColumns = limits.maxColumns();
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            boolean afterCr = crEnded;
            crEnded = false;
            if (state != QUOTED && (b == '\r' || b == '\n')) {
                // CR, LF and CRLF each end a record, as for the parser (a Mac export ends its lines with CR)
                if (!(b == '\n' && afterCr)) {
                    line++;
                    recordLine = line;
                    chars = 0;
                    columns = 1;
                    state = FIELD_START;
                }
                crEnded = b == '\r';
                continue;
            }
            if (b == ',' && state != QUOTED) {
                state = FIELD_START;
                if (++columns > maxColumns) {
                    throw tooManyColumns();
                }
            } else if (b == '"') {
                // a quote opens a quoted field only at its start; in one it ends it, or is the first of a pair
                state = state == FIELD_START || state == QUOTE_IN_QUOTED ? QUOTED : state == QUOTED ? QUOTE_IN_QUOTED : UNQUOTED;
            } else if (state == QUOTED) {
                if (b == '\n') {
                    line++;
                }
            } else {
                // after a closing quote anything but a comma or a line end is refused by the parser
                state = UNQUOTED;
            }
            // a byte that starts a character (not a UTF-8 continuation byte)
            if ((b & 0xC0) != 0x80 && ++chars > maxChars) {
                throw tooLong();
            }
        }
        this.state = state;
        this.chars = chars;
        this.columns = columns;
        this.crEnded = crEnded;
    }

    private HrisFileRejectedException tooLong() {
        return new HrisFileRejectedException(String.format(Locale.ROOT,
                "line %d of %s is longer than the cap of %,d characters%s: not an HRIS export this hrsync reads "
                        + "(if it is one, raise hrsync.hris.max-line-chars)",
                recordLine, file, limits.maxLineChars(),
                line > recordLine ? " (a quoted field opened on it runs over " + (line - recordLine + 1) + " lines)" : ""));
    }

    private HrisFileRejectedException tooManyColumns() {
        return new HrisFileRejectedException(String.format(Locale.ROOT,
                "line %d of %s has more than the cap of %,d columns: not an HRIS export this hrsync reads "
                        + "(if it is one, raise hrsync.hris.max-columns)",
                recordLine, file, limits.maxColumns()));
    }
}
