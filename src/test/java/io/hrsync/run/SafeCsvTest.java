package io.hrsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A result file's cell is never read as a formula by a spreadsheet. */
class SafeCsvTest {

    @Test
    void formulasAreNeutralisedAlsoAfterLeadingWhiteSpaceAndControlCharacters() {
        for (String formula : new String[] { "=1+1", "+1", "-2", "@SUM(A1)", " =HYPERLINK(\"x\")", "\t=1", "\r+1", "\n-1",
                "\u0000@x", "  \t =cmd|' /C calc'!A0" }) {
            assertEquals("'" + formula, SafeCsv.neutralise(formula), formula);
        }
        for (String controlFirst : new String[] { "\tAnn", "\rAnn", "\nAnn", "\u0000Ann" }) {
            assertEquals("'" + controlFirst, SafeCsv.neutralise(controlFirst));
        }
        for (String plain : new String[] { "Ann", " Ann", "a=b", "ann@example.com", "E-1", "", "  " }) {
            assertEquals(plain, SafeCsv.neutralise(plain), plain);
        }
        assertEquals("", SafeCsv.neutralise(null));
        assertEquals("404", SafeCsv.neutralise(404));
    }
}
