package io.hrsync.run;

/** What a vendor route decided and what came of it, filled in step by step. */
public final class VendorResult {

    private VendorAction action = VendorAction.NONE;
    private Outcome outcome;
    private String vendorUserId;
    private Integer httpStatus;
    private String message;
    private boolean recorded;

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

    /** Adds a note to the message (several steps may each have something to say). */
    public void note(String text) {
        message = message == null || message.isEmpty() ? text : message + "; " + text;
    }
}
