package io.hrsync.connector.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.RunResults;
import io.hrsync.RunResultsFixtures;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.ScimSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A SCIM app written without PATCH (update-method=put, as for a server whose /ServiceProviderConfig
 * says patch.supported false): users are put back whole with hrsync's attributes merged in, and group
 * members are added by GET and PUT of the group, one group at a time, so that joiners added at once
 * are all kept.
 */
@QuarkusTest
@TestProfile(ScimPutProfile.class)
@QuarkusTestResource(SandboxTestResource.class)
class ScimPutDeliveryTest {

    private static final String VENDOR = Sandbox.SCIM_VENDOR;

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final ScimSimulator scim = sandbox.scim();

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    private static String row(String id, String email, String last, String department, String status) {
        return id + "," + email + ",Pat," + last + "," + department + ",Engineer,,Berlin,2024-01-08,," + status + "\n";
    }

    @Test
    void joinersAddedToOneGroupAtOnceAreAllKept() {
        StringBuilder csv = new StringBuilder(RunResultsFixtures.HEADER);
        for (int i = 1; i <= 6; i++) {
            csv.append(row("P0" + i, "pat" + i + "@example.com", "Put" + i, "Engineering", "active"));
        }
        RunResults run = RunResults.process(sandbox, "scim-put-joiners.csv", csv.toString());
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        String engineering = scim.groupId("Engineering").orElseThrow();
        List<String> members = scim.memberIds(engineering);
        for (int i = 1; i <= 6; i++) {
            String id = scim.userByUserName("pat" + i + "@example.com").orElseThrow().path("id").asText();
            assertTrue(members.contains(id), "pat" + i + " lost from Engineering: " + members);
        }
        assertTrue(scim.requests().stream().noneMatch(r -> r.method().equals("PATCH")), "no PATCH is sent: " + scim.requests());
        assertEquals(12, scim.requests().stream().filter(r -> r.method().equals("PUT") && r.path().startsWith("/scim/v2/Groups/")).count(),
                "one PUT per membership (6 people × Engineering, Everyone)");
    }

    @Test
    void aMoverIsPutBackWholeKeepingWhatHrsyncDoesNotOwnAndALeaverWithActiveFalse() throws Exception {
        String annId = scim.seedUser("ann.put@example.com", "Pat", "Put", true, Map.of("employeeNumber", "P10", "department", "Sales"));
        String leoId = scim.seedUser("leo.put@example.com", "Pat", "Leaves", true, Map.of("employeeNumber", "P11"));
        // an attribute someone set in the app by hand
        HttpResponse<String> set = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(scim.baseUrl() + "/scim/v2/Users/" + annId))
                .header("Authorization", "Bearer " + Sandbox.SCIM_TOKEN).header("Content-Type", "application/scim+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"Annie\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, set.statusCode(), set.body());
        int before = scim.requests().size();

        String csv = RunResultsFixtures.HEADER + row("P10", "ann.put@example.com", "Put", "Engineering", "active")
                + row("P11", "leo.put@example.com", "Leaves", "Sales", "terminated");
        RunResults run = RunResults.process(sandbox, "scim-put-movers.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());

        var ann = scim.user(annId).orElseThrow();
        assertEquals("Engineering", ann.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asText());
        assertEquals("Annie", ann.path("nickName").asText(), "a PUT kept the attribute hrsync does not own");
        assertTrue(ann.path("active").asBoolean());
        assertEquals("UPDATE", run.action("ann.put@example.com", VENDOR).get("action"));
        assertFalse(scim.user(leoId).orElseThrow().path("active").asBoolean(true), "the leaver is deactivated");
        assertEquals("DEACTIVATE", run.action("leo.put@example.com", VENDOR).get("action"));
        var calls = scim.requests().subList(before, scim.requests().size());
        assertTrue(calls.stream().anyMatch(r -> r.method().equals("PUT") && r.path().endsWith("/Users/" + annId)), calls.toString());
        assertTrue(calls.stream().noneMatch(r -> r.method().equals("PATCH") || r.method().equals("DELETE")), calls.toString());
    }

    @Test
    void twoScimAppsAtOnceEachGetsItsAccountsWrittenItsOwnWay() {
        ScimSimulator second = SandboxTestResource.secondScim();
        String csv = RunResultsFixtures.HEADER + row("P20", "two.one@example.com", "One", "Finance", "active")
                + row("P21", "two.two@example.com", "Two", "Finance", "active");
        RunResults run = RunResults.process(sandbox, "scim-two-1.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        for (String email : List.of("two.one@example.com", "two.two@example.com")) {
            assertTrue(scim.userByUserName(email).isPresent(), "scim-app lacks " + email);
            assertTrue(second.userByUserName(email).isPresent(), "scim-two lacks " + email);
            assertEquals("CREATE", run.action(email, VENDOR).get("action"));
            assertEquals("CREATE", run.action(email, "scim-two").get("action"));
            assertEquals(second.userByUserName(email).orElseThrow().path("id").asText(), run.action(email, "scim-two").get("vendor_user_id"));
        }
        int before = scim.requests().size();
        int secondBefore = second.requests().size();
        RunResults moved = RunResults.process(sandbox, "scim-two-2.csv", csv.replace("P20,two.one@example.com,Pat,One,Finance",
                "P20,two.one@example.com,Pat,One,Sales"));
        assertEquals("UPDATE", moved.action("two.one@example.com", VENDOR).get("action"), moved.describe());
        assertEquals("UPDATE", moved.action("two.one@example.com", "scim-two").get("action"), moved.describe());
        // the same change, written as each app takes it: a PUT to the one without PATCH, a PATCH to the other
        assertTrue(scim.requests().subList(before, scim.requests().size()).stream()
                .anyMatch(r -> r.method().equals("PUT") && r.path().startsWith("/scim/v2/Users/")), scim.requests().toString());
        assertTrue(second.requests().subList(secondBefore, second.requests().size()).stream()
                .anyMatch(r -> r.method().equals("PATCH") && r.path().startsWith("/scim/v2/Users/")), second.requests().toString());
        assertTrue(second.requests().stream().noneMatch(r -> r.method().equals("PUT")), second.requests().toString());
    }
}
