package io.hrsync.sandbox;

/** What the Skilljar sandbox holds before hrsync's first run: reference data the rules point at, people provisioned by hand. */
final class SkilljarSandboxSeed {

    private SkilljarSandboxSeed() {
    }

    static void seed(SkilljarSimulator skilljar) {
        skilljar.seedGroup("Customer Facing");
        skilljar.seedCourse("Product Fundamentals");
        skilljar.seedCourse("Support Playbook");
    }
}
