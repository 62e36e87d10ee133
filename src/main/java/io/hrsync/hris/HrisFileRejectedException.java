package io.hrsync.hris;

/** The whole file is unusable: nothing in it may reach a vendor. */
public class HrisFileRejectedException extends RuntimeException {

    public HrisFileRejectedException(String reason) {
        super(reason);
    }
}
