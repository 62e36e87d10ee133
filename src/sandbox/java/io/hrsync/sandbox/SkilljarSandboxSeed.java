package io.hrsync.sandbox;

/** What the Skilljar sandbox holds before hrsync's first run: reference data the rules point at, people provisioned by hand. */
final class SkilljarSandboxSeed {

    private SkilljarSandboxSeed() {
    }

    static void seed(SkilljarSimulator skilljar) {
        skilljar.seedGroup("Customer Facing");
        skilljar.seedCourse("Product Fundamentals");
        skilljar.seedCourse("Support Playbook");
        // added by hand before hrsync, without the accent HR has: the first run updates the name
        skilljar.seedUser("diego.ramirez@example.com", "Diego", "Ramirez", true);
        // left earlier, membership deactivated by hand; active again in the sample export: reactivated
        skilljar.seedUser("tom.baker@example.com", "Tom", "Baker", false);
        // active in the academy, terminated in the sample export: deactivated
        skilljar.seedUser("noah.schmidt@example.com", "Noah", "Schmidt", true);
    }
}
