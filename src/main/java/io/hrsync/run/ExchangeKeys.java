package io.hrsync.run;

/** Exchange property names shared by the routes and the beans they call. */
public final class ExchangeKeys {

    /** The local copy of the input file ({@link java.nio.file.Path}). */
    public static final String INPUT_PATH = "hrsyncInputPath";
    /** The run this exchange belongs to. */
    public static final String RUN_ID = "hrsyncRunId";
    /** The row of the input file (header = row 1). */
    public static final String ROW = "hrsyncRow";
    /** The {@link io.hrsync.hris.Person} being provisioned. */
    public static final String PERSON = "hrsyncPerson";
    /** The vendor a person×vendor exchange is for. */
    public static final String VENDOR = "hrsyncVendor";
    /** The {@link VendorResult} a vendor route fills in. */
    public static final String RESULT = "hrsyncResult";
    /** The vendor's current account for the person (vendor-specific JSON), or absent. */
    public static final String ACCOUNT = "hrsyncVendorAccount";
    /**
     * The email the state store last applied for this person in this vendor, when it differs from
     * the HRIS email today (an email change): vendor lookups search by it so the existing account is
     * updated, never duplicated.
     */
    public static final String PREVIOUS_EMAIL = "hrsyncPreviousEmail";
    /** The input file's {@link io.hrsync.hris.FileInspection} (header, row count, management depths). */
    public static final String INSPECTION = "hrsyncInspection";
    /** The run's {@code io.hrsync.plan.RunPlan}. */
    public static final String PLAN = "hrsyncPlan";
    /** The plan id an approval names (the approval command sets it). */
    public static final String APPROVED_PLAN = "hrsyncApprovedPlan";
    /** The planned change for this person×vendor ({@code io.hrsync.plan.PlannedChange}). */
    public static final String PLANNED = "hrsyncPlanned";
    /**
     * The work item a person×vendor exchange delivers ({@code io.hrsync.queue.WorkItem}): its outcome
     * is stored on the item, and actions.csv is written from the items once the run is delivered.
     */
    public static final String WORK_ITEM = "hrsyncWorkItem";
    /**
     * A vendor task the item now waits for ({@link io.hrsync.queue.TaskWait}): set by a vendor route
     * instead of an outcome; the drain puts the item back in the queue until the next poll.
     */
    public static final String TASK_WAIT = "hrsyncTaskWait";
    /** Where the input file goes after the run, relative to the inbox (.done or .error). */
    public static final String ARCHIVE_DIR = "hrsyncArchiveDir";

    private ExchangeKeys() {
    }
}
