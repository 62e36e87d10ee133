package io.hrsync.hris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size caps of an export (file size, line length, columns): each rejects the file with the file,
 * the line, the cap and the property to raise, and the CSV parser is never handed more than the cap
 * and one read buffer of a line, however long the line is.
 */
class HrisFileLimitsTest {

    static final String HEADER = HrisFileTest.HEADER;

    @TempDir
    Path dir;

    final HrisColumns columns = new HrisColumns(Map.of());

    @Test
    void aFileWithoutALineEndIsRejectedAtTheLineCap() throws IOException {
        Path file = dir.resolve("one-line.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = "x,".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            out.write("employee_id".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 5 * 1024 * 1024 / block.length; i++) {
                out.write("y".repeat(block.length).getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertTrue(Files.size(file) > 5_000_000);
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class,
                () -> new HrisFileInspector(columns).inspect(file));
        assertEquals("line 1 of one-line.csv is longer than the cap of 65,536 characters: not an HRIS export this hrsync "
                + "reads (if it is one, raise hrsync.hris.max-line-chars)", e.getMessage());
    }

    @Test
    void aHeaderOf100000ColumnsIsRejectedAtTheColumnCap() throws IOException {
        StringBuilder header = new StringBuilder(HEADER);
        for (int i = 0; i < 100_000; i++) {
            header.append(",c").append(i);
        }
        Path file = write("wide.csv", header + "\nE1,a@example.com,A,B,,,,,,,active\n");
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class,
                () -> new HrisFileInspector(columns).inspect(file));
        assertEquals("line 1 of wide.csv has more than the cap of 500 columns: not an HRIS export this hrsync reads "
                + "(if it is one, raise hrsync.hris.max-columns)", e.getMessage());
    }

    @Test
    void aRowWithTooManyColumnsNamesItsLine() throws IOException {
        Path file = write("wide-row.csv", HEADER + "\nE1,a@example.com,A,B,,,,,,,active\n"
                + "E2,b@example.com,B,C,,,,,,,active" + ",".repeat(500) + "\n");
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class,
                () -> new HrisFileInspector(columns).inspect(file));
        assertTrue(e.getMessage().startsWith("line 3 of wide-row.csv has more than the cap of 500 columns"), e.getMessage());
    }

    @Test
    void commasAndLineBreaksInsideQuotesAreNeitherColumnsNorLines() throws IOException {
        HrisFileLimits limits = new HrisFileLimits(1_000_000, 200, 11);
        String row = "E1,a@example.com,A,B,\"Sales, EMEA, \"\"North\"\"\",,,\"Line1\nLine2\",,,active\n";
        Path file = write("quoted.csv", HEADER + "\n" + row + row.replace("E1,a@", "E2,b@"));
        FileInspection inspection = new HrisFileInspector(columns, ColumnRequirements.NONE, limits).inspect(file);
        assertEquals(2, inspection.dataRows());
    }

    @Test
    void aLineAtTheCapPassesAndCharactersNotBytesAreCounted() throws IOException {
        HrisFileLimits limits = new HrisFileLimits(1_000_000, HEADER.length(), 11);
        String exact = "E1,a@example.com,\u00c9lodie,B,,,,,,,active";
        String row = exact.replace("\u00c9lodie", "\u00c9".repeat(HEADER.length() - exact.length() + 6));
        assertEquals(HEADER.length(), row.length());
        Path file = write("exact.csv", HEADER + "\r\n" + row + "\r\n");
        assertTrue(Files.size(file) > 2L * HEADER.length() + 4, "multi-byte characters");
        assertEquals(1, new HrisFileInspector(columns, ColumnRequirements.NONE, limits).inspect(file).dataRows());

        Path longer = write("longer.csv", HEADER + "\n" + row + "x\n");
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class,
                () -> new HrisFileInspector(columns, ColumnRequirements.NONE, limits).inspect(longer));
        assertTrue(e.getMessage().startsWith("line 2 of longer.csv is longer than the cap of " + HEADER.length() + " characters"),
                e.getMessage());
    }

    @Test
    void aQuoteNeverClosedIsRefusedAtTheCapNamingTheLineItOpenedOn() throws IOException {
        HrisFileLimits limits = new HrisFileLimits(10_000_000, 1_000, 500);
        StringBuilder csv = new StringBuilder(HEADER + "\nE1,a@example.com,A,B,,,,,,,active\nE2,\"b@example.com,B,C\n");
        for (int i = 3; i < 200; i++) {
            csv.append("E").append(i).append(",p").append(i).append("@example.com,P,Q,,,,,,,active\n");
        }
        Path file = write("open-quote.csv", csv.toString());
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class,
                () -> new HrisFileInspector(columns, ColumnRequirements.NONE, limits).inspect(file));
        assertTrue(e.getMessage().startsWith("line 3 of open-quote.csv is longer than the cap of 1,000 characters "
                + "(a quoted field opened on it runs over "), e.getMessage());
    }

    @Test
    void aFileOverTheSizeCapIsRejectedBeforeItIsRead() throws IOException {
        Path file = write("big.csv", HEADER + "\nE1,a@example.com,A,B,,,,,,,active\n");
        HrisFileLimits limits = new HrisFileLimits(100, 65_536, 500);
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class,
                () -> new HrisFileInspector(columns, ColumnRequirements.NONE, limits).inspect(file));
        assertEquals("big.csv is " + Files.size(file) + " bytes, more than the cap of 100 bytes: not an HRIS export this "
                + "hrsync reads (if it is one, raise hrsync.hris.max-file-bytes)", e.getMessage());
    }

    @Test
    void theSecondPassChecksTheCapsAgain() throws IOException {
        // a file that changed after its inspection (or a pass with other caps) is refused as it is read, not read whole
        Path file = write("reread.csv", HEADER + "\nE1,a@example.com,A,B,,,,,,,active\nE2,b@example.com,B,C,,,,,,,active\n");
        FileInspection inspection = new HrisFileInspector(columns).inspect(file);
        HrisRowReader strict = new HrisRowReader(new HrisRowValidator(columns), new HrisFileLimits(1_000_000, 65_536, 5));
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class, () -> {
            try (HrisRowReader.Rows rows = strict.rows(file, inspection)) {
                rows.forEachRemaining(row -> { });
            }
        });
        assertTrue(e.getMessage().startsWith("line 1 of reread.csv has more than the cap of 5 columns"), e.getMessage());
    }

    /**
     * The memory bound itself (the test JVM has more heap than the 256 MB the service runs in): a
     * 1 GB line without an end, generated as it is read, is refused after the parser was handed at
     * most the cap plus one read buffer (the parser reads 8 K characters at a time; 16 K bytes of slack).
     */
    @Test
    void aGigabyteWithoutALineEndIsRefusedAfterTheCapAndOneBuffer() throws IOException {
        for (byte filler : new byte[] {'x', ','}) {
            CountingGenerator source = new CountingGenerator(1L << 30, filler);
            HrisFileLimits limits = HrisFileLimits.DEFAULTS;
            assertThrows(HrisFileRejectedException.class, () -> {
                try (CSVParser parser = HrisCsv.parse(source, limits, "endless.csv")) {
                    parser.forEach(record -> { });
                }
            });
            long bound = filler == ',' ? limits.maxColumns() + 16 * 1024 : limits.maxLineChars() + 16 * 1024;
            assertTrue(source.read <= bound, "read " + source.read + " bytes of the endless line, bound " + bound);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code size} bytes of {@code filler}, made as they are read (nothing held), counting what was read. */
    static final class CountingGenerator extends InputStream {
        private final long size;
        private final byte filler;
        long read;

        CountingGenerator(long size, byte filler) {
            this.size = size;
            this.filler = filler;
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            read++;
            return filler;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - read);
            java.util.Arrays.fill(b, off, off + n, filler);
            read += n;
            return n;
        }
    }
}
