package io.hrsync.hris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two passes over an HRIS export, on real files: file-level rejections and row-level problems. */
class HrisFileTest {

    static final String HEADER = "employee_id,email,first_name,last_name,department,title,manager_email,location,start_date,end_date,status";

    @TempDir
    Path dir;

    final HrisColumns columns = new HrisColumns(Map.of());
    final HrisFileInspector inspector = new HrisFileInspector(columns);
    final HrisRowReader reader = new HrisRowReader(new HrisRowValidator(columns));

    @Test
    void readsQuotedFieldsBomAndCrlf() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String csv = HEADER + "\r\n"
                + "E1,  Ana.Lima@Example.COM ,Ana,Lima,\"Sales, EMEA\",\"Rep \"\"A\"\"\",,\"Line1\r\nLine2\",2024-01-02,,ACTIVE\r\n";
        Path file = write("bom.csv", concat(bom, csv.getBytes(StandardCharsets.UTF_8)));
        List<HrisRow> rows = rows(file);
        assertEquals(1, rows.size());
        Person p = rows.get(0).person();
        assertEquals("ana.lima@example.com", p.email());
        assertEquals("Sales, EMEA", p.department());
        assertEquals("Rep \"A\"", p.title());
        assertEquals("Line1\r\nLine2", p.location());
        assertEquals(LocalDate.of(2024, 1, 2), p.startDate());
        assertNull(p.endDate());
        assertEquals(PersonStatus.ACTIVE, p.status());
        assertEquals(2, rows.get(0).row());
    }

    @Test
    void rejectsRowsWithTheirColumnAndReason() throws IOException {
        Path file = write("rows.csv", (HEADER + "\n"
                + "E1,ok@example.com,Ok,Person,,,,,2024-01-01,,active\n"
                + ",missing.id@example.com,No,Id,,,,,,,active\n"
                + "E3,not-an-email,Bad,Email,,,,,,,active\n"
                + "E4,bad.date@example.com,Bad,Date,,,,,2024-13-45,,active\n"
                + "E5,bad.status@example.com,Bad,Status,,,,,,,retired\n"
                + "E6,dup@example.com,Dup,One,,,,,,,active\n"
                + "E7,DUP@example.com,Dup,Two,,,,,,,active\n"
                + "E8,end@example.com,End,Before,,,,,2024-05-01,2024-04-01,terminated\n"
                + "E9,short@example.com,Too,Short\n").getBytes(StandardCharsets.UTF_8));
        List<HrisRow> rows = rows(file);
        assertEquals(9, rows.size());
        assertTrue(rows.get(0).isValid());
        assertRejected(rows.get(1), 3, "employee_id", "required value is missing");
        assertRejected(rows.get(2), 4, "email", "'not-an-email' is not a valid email address");
        assertRejected(rows.get(3), 5, "start_date", "'2024-13-45' is not an ISO date (yyyy-MM-dd)");
        assertRejected(rows.get(4), 6, "status", "unknown status 'retired' (expected active, leave or terminated)");
        assertRejected(rows.get(5), 7, "email", "duplicate email 'dup@example.com' also on row(s) [8]: none of these rows is applied");
        assertRejected(rows.get(6), 8, "email", "duplicate email 'dup@example.com' also on row(s) [7]: none of these rows is applied");
        assertRejected(rows.get(7), 9, "end_date", "end_date 2024-04-01 is before start_date 2024-05-01");
        assertEquals("*", rows.get(8).column());
        assertTrue(rows.get(8).reason().startsWith("*: row has 4 fields but the header has 11"), rows.get(8).reason());
    }

    @Test
    void duplicateEmployeeIdRejectsEveryRowThatCarriesIt() throws IOException {
        Path file = write("dupid.csv", (HEADER + "\n"
                + "E1,a@example.com,A,A,,,,,,,active\n"
                + "E1,b@example.com,B,B,,,,,,,active\n").getBytes(StandardCharsets.UTF_8));
        List<HrisRow> rows = rows(file);
        assertRejected(rows.get(0), 2, "employee_id", "duplicate employee_id 'E1' also on row(s) [3]: none of these rows is applied");
        assertRejected(rows.get(1), 3, "employee_id", "duplicate employee_id 'E1' also on row(s) [2]: none of these rows is applied");
    }

    @Test
    void rejectsWholeFiles() throws IOException {
        assertFileRejected(write("empty.csv", new byte[0]), "file is empty: no header and no rows");
        assertFileRejected(write("header.csv", (HEADER + "\r\n").getBytes(StandardCharsets.UTF_8)),
                "file has a header but no data rows");
        assertFileRejected(write("missing.csv", "employee_id,email,first_name,status\nE1,a@example.com,A,active\n"
                .getBytes(StandardCharsets.UTF_8)),
                "missing required column(s) [last_name] in header [employee_id, email, first_name, status]");
        assertFileRejected(write("latin1.csv", (HEADER + "\nE1,a@example.com,Jos\u00e9,Ram\u00edrez,,,,,,,active\n")
                .getBytes(StandardCharsets.ISO_8859_1)), "file is not valid UTF-8 (line 2): re-export it as UTF-8");
        assertFileRejected(write("quote.csv", (HEADER + "\nE1,a@example.com,\"Ann,Lee,,,,,,,active\nE2,b@example.com,B,B,,,,,,,active\n")
                .getBytes(StandardCharsets.UTF_8)), "unterminated quoted field (a quote opened near line 2 is never closed)");
    }

    @Test
    void theInspectionKnowsEveryEmployeeIdAndEmailOfTheFileRejectedRowsIncluded() throws IOException {
        Path file = write("keys.csv", (HEADER + "\n"
                + "E1,Ann.Lee@Example.com,Ann,Lee,,,,,,,active\n"
                + "E2,not-an-email,Bo,Ng,,,,,,,active\n"
                + " E3 ,c@example.com,,,,,,,,,active\n").getBytes(StandardCharsets.UTF_8));
        FileInspection inspection = inspector.inspect(file);
        assertEquals(3, inspection.dataRows());
        for (String id : List.of("E1", "E2", "E3")) {
            assertTrue(inspection.hasEmployeeId(id), id);
        }
        assertTrue(inspection.hasEmail("ann.lee@example.com"), "emails are kept normalised");
        assertTrue(inspection.hasEmail("not-an-email"), "a rejected row's email is in the file too");
        assertTrue(inspection.hasEmail("c@example.com"));
        assertFalse(inspection.hasEmployeeId("E4"));
        assertFalse(inspection.hasEmployeeId(" E3 "), "ids are kept trimmed, as the rows are read");
        assertFalse(inspection.hasEmail("Ann.Lee@Example.com"));
    }

    @Test
    void mappedHeaderNamesAreUsed() throws IOException {
        HrisColumns mapped = new HrisColumns(Map.of("employee_id", "Employee Number", "email", "Work Email"));
        Path file = write("mapped.csv", ("Employee Number,Work Email,first_name,last_name,status\nX9,x@example.com,X,Y,leave\n")
                .getBytes(StandardCharsets.UTF_8));
        FileInspection inspection = new HrisFileInspector(mapped).inspect(file);
        Iterator<HrisRow> rows = new HrisRowReader(new HrisRowValidator(mapped)).rows(file, inspection);
        Person p = rows.next().person();
        assertEquals("X9", p.employeeId());
        assertEquals(PersonStatus.LEAVE, p.status());
        assertTrue(p.shouldHaveAccess());
    }

    @Test
    void unknownColumnMappingIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HrisColumns(Map.of("employe_id", "Employee Number")));
        assertTrue(e.getMessage().startsWith("hrsync.hris.columns.employe_id: unknown field 'employe_id'"), e.getMessage());
    }

    private void assertRejected(HrisRow row, long number, String column, String reason) {
        assertEquals(number, row.row());
        assertEquals(column, row.column(), row.reason());
        assertEquals(reason, row.reason());
    }

    private void assertFileRejected(Path file, String reason) {
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class, () -> inspector.inspect(file));
        assertEquals(reason, e.getMessage());
    }

    private List<HrisRow> rows(Path file) {
        FileInspection inspection = inspector.inspect(file);
        List<HrisRow> rows = new ArrayList<>();
        reader.rows(file, inspection).forEachRemaining(rows::add);
        return rows;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aValueLongerThanItsLimitRejectsTheRowWithColumnAndLimit() throws IOException {
        Path file = write("long.csv", (HEADER + "\n"
                + "E1," + "a".repeat(60) + "@example.com,Ok,Person,,,,,,,active\n"
                + "E2,b@example.com," + "F".repeat(51) + ",Person,,,,,,,active\n"
                + "E3,c@example.com,Just,Fifty," + "d".repeat(200) + ",,,,,,active\n").getBytes(StandardCharsets.UTF_8));
        List<HrisRow> rows = rows(file);
        assertTrue(rows.get(0).isValid(), "a 72-character email is fine");
        assertEquals("first_name", rows.get(1).column());
        assertEquals("first_name is 51 characters long, more than the limit of 50 (FieldLimits): the row is not applied",
                rows.get(1).reason());
        assertTrue(rows.get(2).isValid(), "200 characters is the limit, not beyond it");
    }

    @Test
    void aHeaderLongerThanTheLimitRejectsTheFile() throws IOException {
        StringBuilder header = new StringBuilder(HEADER);
        for (int i = 0; header.length() <= FieldLimits.MAX_HEADER_LENGTH; i++) {
            header.append(",extra_column_").append(i);
        }
        Path file = write("wide.csv", (header + "\nE1,a@example.com,A,B,,,,,,,active\n").getBytes(StandardCharsets.UTF_8));
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class, () -> inspector.inspect(file));
        assertTrue(e.getMessage().contains("more than the limit of 4000"), e.getMessage());
    }

    @Test
    void columnsTheConfigurationReadsAreRequiredWithWhatReadsThem() throws IOException {
        HrisFileInspector strict = new HrisFileInspector(columns,
                () -> java.util.Map.of("title", "workramp.customAttributes.title in rules.yaml"));
        Path file = write("no-title.csv", "employee_id,email,first_name,last_name,status\nE1,a@example.com,A,B,active\n"
                .getBytes(StandardCharsets.UTF_8));
        HrisFileRejectedException e = assertThrows(HrisFileRejectedException.class, () -> strict.inspect(file));
        assertEquals("missing column(s) the configuration reads: 'title' (read by workramp.customAttributes.title in "
                + "rules.yaml); header [employee_id, email, first_name, last_name, status]. Add the column to the export, or "
                + "change what reads it", e.getMessage());
    }
}
