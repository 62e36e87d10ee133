package io.hrsync.sandbox;

/** What the Ramp sandbox holds before hrsync's first run: reference data the rules point at, people provisioned by hand. */
final class RampSandboxSeed {

    private RampSandboxSeed() {
    }

    static void seed(RampSimulator ramp) {
        for (String department : new String[] {"Executive", "Engineering", "Sales", "Customer Success", "Finance"}) {
            ramp.seedDepartment(department);
        }
        for (String location : new String[] {"San Francisco", "Berlin", "New York", "Dublin", "London", "Stockholm", "Remote"}) {
            ramp.seedLocation(location);
        }
    }
}
