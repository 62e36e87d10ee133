package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.sandbox.RampSimulator;
import io.hrsync.sandbox.RampSimulator.User;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.connector.ramp.RampTokenProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import jakarta.inject.Inject;

/**
 * The rules preflight for Ramp's references, on real parts: with {@code createMissingReferences: false}
 * a department and a location Ramp does not have (the sample's "People Ops", and "Lisbon") are
 * reported once each before any write; the people in them are still invited, without that field, and
 * Ramp is never asked to create a department or location, nor sent an invite it would refuse.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
@TestProfile(RampReferencesRequiredProfile.class)
class RampPreflightTest {

    final Sandbox sandbox = SandboxTestResource.sandbox();
    RampSimulator ramp;

    @Inject
    RampTokenProvider tokens;

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
        ramp = sandbox.ramp();
        tokens.forget(); // the simulator forgot every token it issued
    }

    @Test
    void aMissingDepartmentAndLocationAreReportedOnceAndThePeopleAreStillInvited() throws IOException {
        String export = NightlySyncTest.sample()
                + "E1016,rui.costa@example.com,Rui,Costa,People Ops,Recruiter,kenji.tanaka@example.com,Lisbon,2024-03-04,,active\n";
        RunResults run;
        try (PreflightLog log = PreflightLog.attach()) {
            run = RunResults.process(sandbox, "ramp-preflight.csv", export);
            assertEquals(1, log.warningsAbout("department 'People Ops'").size(), log.warningsAbout("ramp").toString());
            assertEquals(1, log.warningsAbout("location 'Lisbon'").size(), log.warningsAbout("ramp").toString());
            assertTrue(log.warningsAbout("location 'Lisbon'").get(0).contains(RampReferencesRequiredProfile.RULES));
        }

        // summary.json and preflight.csv: each once, with who needs it and what Ramp has
        JsonNode missing = run.summary.path("preflight").path("missing");
        assertEquals(2, missing.size(), run.summary.path("preflight").toPrettyString());
        JsonNode department = missing.get(0);
        assertEquals("ramp", department.path("vendor").asText());
        assertEquals("department", department.path("kind").asText());
        assertEquals("People Ops", department.path("name").asText());
        assertEquals(2, department.path("people").asLong(), "Kenji and Rui");
        assertTrue(department.path("available").toString().contains("Engineering"), department.toString());
        assertEquals("location", missing.get(1).path("kind").asText());
        assertEquals("Lisbon", missing.get(1).path("name").asText());
        assertEquals(1, missing.get(1).path("people").asLong());
        List<Map<String, String>> preflight = RunResults.csv(run.dir.resolve("preflight.csv"));
        assertEquals(List.of("People Ops", "Lisbon"), preflight.stream().map(p -> p.get("name")).toList());
        assertTrue(preflight.stream().allMatch(p -> p.get("vendor").equals("ramp")), preflight.toString());

        // everyone is invited; Kenji and Rui without the department, Rui without the location
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        assertEquals(11, run.count("ramp", "CREATE", "APPLIED"), run.describe());
        assertEquals(1, run.count("ramp", "DEACTIVATE", "APPLIED"), run.describe());
        User kenji = ramp.user("kenji.tanaka@example.com").orElseThrow();
        assertNull(kenji.departmentId());
        assertEquals("San Francisco", ramp.locationName(kenji.locationId()).orElseThrow());
        User rui = ramp.user("rui.costa@example.com").orElseThrow();
        assertNull(rui.departmentId());
        assertNull(rui.locationId());
        assertEquals(kenji.id(), rui.managerId());
        assertTrue(run.action("rui.costa@example.com", "ramp").get("message").contains("location 'Lisbon' does not exist in Ramp"),
                run.action("rui.costa@example.com", "ramp").toString());
        assertEquals("USER_INACTIVE", ramp.user("noah.schmidt@example.com").orElseThrow().status(), "the leaver is deactivated");

        // Ramp was never asked to create a reference, and refused nothing
        List<RecordedRequest> requests = ramp.requests();
        assertEquals(0, requests.stream().filter(r -> r.method().equals("POST")
                && (r.path().endsWith("/departments") || r.path().endsWith("/locations"))).count(), requests.toString());
        assertTrue(requests.stream().allMatch(r -> r.status() < 400), requests.toString());
        assertEquals(1, requests.stream().filter(r -> r.method().equals("GET") && r.path().equals("/developer/v1/departments")
                && r.query() != null && !r.query().contains("start=")).count(), "the departments are listed once in the run");
    }
}
