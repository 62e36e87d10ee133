package io.hrsync.ops;

import org.jboss.logging.MDC;

/**
 * The run id, vendor and employee id on every log line of a run (the logging MDC: fields of "mdc" in
 * JSON lines, {@code %X} in the text format). Set where a run's work enters a thread and cleared where
 * it leaves it: the file's run on the SFTP consumer thread (RunLedger opens and finishes it), and each
 * work item on a vendor worker thread (VendorDrains begin, finish, failed).
 *
 * <p>Camel's {@code camel.main.use-mdc-logging} is not used: it propagates keys only where one exchange
 * continues on another thread, while a work item reaches its worker as a new exchange from the seda
 * queue (the keys must be set from the item there anyway), and it adds camel.* keys to every line.
 */
public final class LogContext {

    public static final String RUN_ID = "runId";
    public static final String VENDOR = "vendor";
    public static final String EMPLOYEE_ID = "employeeId";

    private LogContext() {
    }

    /** A run's lines from here on, on this thread. */
    public static void run(String runId) {
        MDC.put(RUN_ID, runId);
    }

    /** One work item's lines from here on, on this thread. */
    public static void item(String runId, String vendor, String employeeId) {
        MDC.put(RUN_ID, runId);
        MDC.put(VENDOR, vendor);
        MDC.put(EMPLOYEE_ID, employeeId);
    }

    /** This thread's work for the run is done. */
    public static void clear() {
        MDC.remove(RUN_ID);
        MDC.remove(VENDOR);
        MDC.remove(EMPLOYEE_ID);
    }
}
