package io.hrsync.connector.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A SCIM vendor's block read from configuration: which vendors are SCIM ones, the defaults, each problem named. */
class ScimTargetTest {

    static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }

    @Test
    void everyVendorWhoseTypeIsScimIsOneAndOnlyThose() {
        SmallRyeConfig config = config(Map.of("hrsync.vendors.lms.type", "scim", "hrsync.vendors.hr-two.type", "SCIM",
                "hrsync.vendors.workramp.enabled", "true", "hrsync.vendors.other.type", "custom"));
        assertEquals(List.of("hr-two", "lms"), ScimTarget.names(config));
        assertEquals(Map.of("hr-two", ScimConnector.SUPPORTED_RULES, "lms", ScimConnector.SUPPORTED_RULES), new ScimKind().ruleKeys(config));
    }

    @Test
    void defaultsAreDisabledPatchWhereSupportedDeactivateAndConcurrencyFromTheLimit() {
        ScimTarget target = ScimTarget.read(config(Map.of("hrsync.vendors.lms.type", "scim")), "lms");
        assertEquals(false, target.enabled());
        assertEquals("auto", target.updateMethod());
        assertEquals("deactivate", target.leaverAction());
        assertEquals(100, target.pageSize());
        assertEquals(300, target.rateLimit());
        assertEquals(60_000, target.ratePeriodMs());
        assertEquals(3, target.concurrency(), "300 calls a minute at 300 ms a call, and half again");
    }

    @Test
    void eachProblemNamesItsProperty() {
        ScimTarget target = ScimTarget.read(config(Map.of("hrsync.vendors.lms.type", "scim", "hrsync.vendors.lms.update-method", "merge",
                "hrsync.vendors.lms.leaver-action", "purge", "hrsync.vendors.lms.page-size", "0")), "lms");
        assertEquals(List.of("hrsync.vendors.lms.base-url is required when lms is enabled",
                "hrsync.vendors.lms.bearer-token, or username and password (HTTP Basic), is required (exactly one of the two)",
                "hrsync.vendors.lms.update-method must be auto, patch or put (is 'merge')",
                "hrsync.vendors.lms.leaver-action must be deactivate or delete (is 'purge')",
                "hrsync.vendors.lms.page-size must be 1-1000"), target.problems());
        ScimTarget both = ScimTarget.read(config(Map.of("hrsync.vendors.lms.base-url", "https://lms.example.com/scim/v2",
                "hrsync.vendors.lms.bearer-token", "t", "hrsync.vendors.lms.username", "u", "hrsync.vendors.lms.password", "p")), "lms");
        assertTrue(both.problems().get(0).contains("exactly one of the two"), both.problems().toString());
        ScimTarget basic = ScimTarget.read(config(Map.of("hrsync.vendors.lms.base-url", "https://lms.example.com/scim/v2/",
                "hrsync.vendors.lms.username", "u", "hrsync.vendors.lms.password", "p")), "lms");
        assertEquals(List.of(), basic.problems());
        assertEquals("https://lms.example.com/scim/v2", basic.base());
        assertEquals(Optional.empty(), basic.bearerToken());
    }
}
