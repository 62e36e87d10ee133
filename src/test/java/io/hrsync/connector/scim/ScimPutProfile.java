package io.hrsync.connector.scim;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The sandbox's SCIM app written as a server without PATCH is (hrsync.vendors.scim-app.update-method=put),
 * and a second SCIM app beside it (scim-two, SandboxTestResource's second simulator, written with PATCH).
 */
public class ScimPutProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hrsync.vendors.scim-app.enabled", "true", "hrsync.vendors.scim-app.update-method", "put",
                "hrsync.vendors.scim-two.enabled", "true");
    }
}
