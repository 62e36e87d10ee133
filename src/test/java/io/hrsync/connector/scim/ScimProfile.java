package io.hrsync.connector.scim;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The sandbox with its SCIM app enabled (hrsync.vendors.scim-app, type scim, pointed at the sandbox's
 * SCIM simulator by SandboxTestResource), listing two users a page so that paging is exercised.
 */
public class ScimProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hrsync.vendors.scim-app.enabled", "true", "hrsync.vendors.scim-app.page-size", "2");
    }
}
