package io.hrsync.app;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.hrsync.config.SecretRedactor;
import io.quarkus.logging.LoggingFilter;

/**
 * Every log line is one line, and holds no configured secret. A log message carries text hrsync does
 * not control: an input file's name (an SFTP drop may name a file {@code "x.csv\nINFO forged line"}),
 * a vendor's error text, an email from the export. Control characters in the message are shown
 * escaped ({@code \n} as the two characters {@code \\n}, others as {@code \\uXXXX}), so no such text
 * can start a forged line; and {@link SecretRedactor} masks every configured secret, whatever logged
 * it (hrsync, Camel, a library). Installed on the console and file handlers by
 * {@code quarkus.log.console.filter} / {@code quarkus.log.file.filter} = {@value #NAME}; the stack
 * trace of a logged exception is the formatter's and stays as it is.
 */
@LoggingFilter(name = SafeLogLines.NAME)
public final class SafeLogLines implements Filter {

    public static final String NAME = "hrsync-safe-lines";

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message == null) {
            return true;
        }
        String safe = safe(message);
        if (!safe.equals(message)) {
            // the record carries the finished text from here on: formatting it again would undo nothing
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(safe, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(safe);
            }
            record.setParameters(null);
        }
        return true;
    }

    /** The message with control characters escaped and configured secrets masked. */
    public static String safe(String message) {
        return escape(SecretRedactor.mask(message));
    }

    /** CR, LF and every other control character (tab excepted) written out as an escape. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c != '\t' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
