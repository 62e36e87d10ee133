package io.hrsync.sandbox;

/** What the Workiva sandbox holds before hrsync's first run: reference data the rules point at, people provisioned by hand. */
final class WorkivaSandboxSeed {

    private WorkivaSandboxSeed() {
    }

    static void seed(WorkivaSimulator workiva) {
        workiva.seedGroup("Finance Reporting");
        workiva.seedGroup("Leadership");
    }
}
