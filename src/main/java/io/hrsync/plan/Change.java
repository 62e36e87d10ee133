package io.hrsync.plan;

/** What changed for one person in one vendor since hrsync last applied them there. */
public enum Change {
    /** New to this vendor (or their start date is reached): create, or adopt an existing account. */
    JOIN,
    /** Department, title, manager, location, name or email changed (keyed on employee_id). */
    MOVE,
    /** Terminated, or end_date reached: deactivate. */
    LEAVE,
    /** Was deactivated, is active again: reactivate the same account, never a duplicate. */
    REHIRE,
    /** Nothing changed: no vendor call at all. */
    NONE,
    /** Starts later than the join lead time: nothing yet. */
    PENDING,
    /** Out of this vendor's scope (provisioning rules): never touched. */
    OUT_OF_SCOPE
}
