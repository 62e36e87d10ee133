package io.hrsync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** A log message is one line whatever text it carries. */
class SafeLogLinesTest {

    @Test
    void controlCharactersAreShownEscaped() {
        assertEquals("run 1 started for a.csv\\nINFO forged\\r\\u0000\\u001b[31m", SafeLogLines.escape("run 1 started for a.csv\nINFO forged\r\u0000\u001b[31m"));
        assertEquals("tab\tstays", SafeLogLines.escape("tab\tstays"));
        assertEquals("line\\u2028separator", SafeLogLines.escape("line\u2028separator"));
    }

    @Test
    void theFilterRewritesTheFormattedMessage() {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "run %s started for %s", ExtLogRecord.FormatStyle.PRINTF,
                SafeLogLinesTest.class.getName());
        record.setParameters(new Object[] {"r1", "x.csv\n12:00:00 ERROR forged"});
        assertTrue(new SafeLogLines().isLoggable(record));
        assertEquals("run r1 started for x.csv\\n12:00:00 ERROR forged", record.getFormattedMessage());
    }
}
