package io.hrsync.sandbox;

import java.util.HashMap;
import java.util.Map;

/**
 * What the Ramp sandbox holds before hrsync's first run: the departments and locations the rules point
 * at (People Ops is missing on purpose: the rules' createMissingReferences creates it), and people
 * provisioned by hand, so the sample export shows an update (Jonas: old department and location, no
 * employee_id), a deactivation (Noah, terminated in the export) and a rehire (Leila, deactivated in Ramp,
 * active in the export). Maya is Ramp's owner, whom hrsync finds but never changes the role of.
 */
final class RampSandboxSeed {

    private RampSandboxSeed() {
    }

    static void seed(RampSimulator ramp) {
        Map<String, String> departments = new HashMap<>();
        for (String department : new String[] {"Executive", "Engineering", "Sales", "Customer Success", "Finance"}) {
            departments.put(department, ramp.seedDepartment(department));
        }
        Map<String, String> locations = new HashMap<>();
        for (String location : new String[] {"San Francisco", "Berlin", "New York", "Dublin", "London", "Stockholm", "Remote"}) {
            locations.put(location, ramp.seedLocation(location));
        }
        ramp.seedUser("maya.chen@example.com", "Maya", "Chen", "BUSINESS_OWNER", "USER_ACTIVE",
                departments.get("Executive"), locations.get("San Francisco"), null, "E1001");
        ramp.seedUser("jonas.weber@example.com", "Jonas", "Weber", "BUSINESS_USER", "USER_ACTIVE",
                departments.get("Sales"), locations.get("San Francisco"), null, null);
        ramp.seedUser("noah.schmidt@example.com", "Noah", "Schmidt", "BUSINESS_USER", "USER_ACTIVE",
                departments.get("Customer Success"), locations.get("Dublin"), null, "E1010");
        ramp.seedUser("leila.haddad@example.com", "Leila", "Haddad", "BUSINESS_USER", "USER_INACTIVE",
                departments.get("Engineering"), locations.get("Berlin"), null, "E1011");
    }
}
