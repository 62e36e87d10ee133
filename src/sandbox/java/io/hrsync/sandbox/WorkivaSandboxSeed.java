package io.hrsync.sandbox;

/**
 * What the Workiva sandbox holds before hrsync's first run: the workspace groups the rules point at,
 * and people provisioned by hand. With the sample export, Emma (Finance, provisioned under her former
 * family name) is updated and Maya (Executive, suspended in Workiva, active in the HRIS) is reactivated
 * through SCIM; everyone outside Finance and Executive is out of Workiva's scope.
 */
final class WorkivaSandboxSeed {

    private WorkivaSandboxSeed() {
    }

    static void seed(WorkivaSimulator workiva) {
        workiva.seedGroup("Finance Reporting");
        workiva.seedGroup("Leadership");
        workiva.seedUser("emma.johansson@example.com", "Emma", "Lindqvist", true);
        workiva.seedMember("Finance Reporting", "emma.johansson@example.com");
        workiva.seedUser("maya.chen@example.com", "Maya", "Chen", false);
    }
}
