package io.hrsync.sandbox;

/**
 * What the Ramp, Workiva and Skilljar sandboxes hold before hrsync's first run: the reference data
 * the provisioning rules point at, and a few people provisioned by hand. (WorkRamp's is in
 * {@link Sandbox}.)
 */
final class SandboxSeeds {

    private SandboxSeeds() {
    }

    static void ramp(RampSimulator ramp) {
        for (String department : new String[] {"Executive", "Engineering", "Sales", "Customer Success", "Finance"}) {
            ramp.seedDepartment(department);
        }
        for (String location : new String[] {"San Francisco", "Berlin", "New York", "Dublin", "London", "Stockholm", "Remote"}) {
            ramp.seedLocation(location);
        }
    }

    static void workiva(WorkivaSimulator workiva) {
        workiva.seedGroup("Finance Reporting");
        workiva.seedGroup("Leadership");
    }

    static void skilljar(SkilljarSimulator skilljar) {
        skilljar.seedGroup("Customer Facing");
        skilljar.seedCourse("Product Fundamentals");
        skilljar.seedCourse("Support Playbook");
    }
}
