package io.hrsync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Test helper: the WARN records the rules preflight logs while it is attached (records, not a log file). */
final class PreflightLog extends Handler implements AutoCloseable {

    private static final String LOGGER = "io.hrsync.plan.RulesPreflight";
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    static PreflightLog attach() {
        PreflightLog log = new PreflightLog();
        Logger.getLogger(LOGGER).addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }
    }

    /** The warnings that mention this text. */
    List<String> warningsAbout(String text) {
        return warnings.stream().filter(w -> w.contains(text)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger(LOGGER).removeHandler(this);
    }
}
