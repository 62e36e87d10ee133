package io.hrsync.run;

/** What a vendor route decided and what came of it, filled in step by step. */
public final class VendorResult {

    private VendorAction action = VendorAction.NONE;
    private Outcome outcome;
    private String vendorUserId;
    private Integer httpStatus;
    private String message;
    private boolean recorded;
    private java.util.Set<String> skipped;

    /** Whether the result is stored (in the state store, and on its work item): it counts as recorded only then. */
    public synchronized boolean isRecorded() {
        return recorded;
    }

    /** Marks the result as stored; false if it already was. */
    public synchronized boolean markRecorded() {
        if (recorded) {
            return false;
        }
        recorded = true;
        return true;
    }

    public VendorAction getAction() {
        return action;
    }

    public void setAction(VendorAction action) {
        this.action = action;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public void setOutcome(Outcome outcome) {
        this.outcome = outcome;
    }

    /**
     * A connector's decision: its action (NONE leaves the one recorded so far), and the outcome it
     * already knows (UNCHANGED, SKIPPED; null while a write is still to come).
     */
    public void decided(VendorAction action, Outcome outcome) {
        if (action != VendorAction.NONE) {
            setAction(action);
        }
        if (outcome != null) {
            setOutcome(outcome);
        }
    }

    public String getVendorUserId() {
        return vendorUserId;
    }

    public void setVendorUserId(String vendorUserId) {
        this.vendorUserId = vendorUserId;
    }

    public Integer getHttpStatus() {
        return httpStatus;
    }

    public void setHttpStatus(Integer httpStatus) {
        this.httpStatus = httpStatus;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    /**
     * Something the provisioning rules ask for that the vendor does not have (a group, a course, a
     * department): left out of this person's writes and noted once, however often a step asks
     * (the rules preflight reported it for the run). The person's state is then recorded as not fully
     * applied, so the next run tries again ({@link #incomplete()}).
     */
    public synchronized void skipped(String what) {
        if (skipped == null) {
            skipped = new java.util.LinkedHashSet<>();
        }
        if (skipped.add(what)) {
            note(what);
        }
    }

    /** Whether something the rules ask for was left out ({@link #skipped}). */
    public synchronized boolean incomplete() {
        return skipped != null && !skipped.isEmpty();
    }

    /** Adds a note to the message (several steps may each have something to say). */
    public void note(String text) {
        message = message == null || message.isEmpty() ? text : message + "; " + text;
    }
}
