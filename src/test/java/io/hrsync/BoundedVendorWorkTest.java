package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;
import io.hrsync.connector.VendorRejectedException;
import io.hrsync.connector.ramp.RampDirectory;
import io.hrsync.connector.ramp.RampTokenProvider;
import io.hrsync.connector.skilljar.SkilljarDirectory;
import io.hrsync.connector.workiva.WorkivaDirectory;
import io.hrsync.connector.workramp.WorkRampDirectory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Bounded work against hostile vendors, on the simulators: every paging loop (the four directory
 * listings, Ramp's departments, Workiva's and Skilljar's groups, WorkRamp's custom-attribute scan)
 * stops at the page cap when another page always follows with new entries, at once when a next link
 * repeats, and before any call when a next link leaves the vendor's base URL (a second listener on
 * another port proves that nothing reached it); and a huge vendor answer fails its call after the
 * answer cap, its connection closed. The profile caps paging at 20 pages and makes the reference
 * lists page by 2.
 */
@QuarkusTest
@TestProfile(BoundedVendorWorkTest.SmallPageCap.class)
@QuarkusTestResource(SandboxTestResource.class)
class BoundedVendorWorkTest {

    static final int MAX_PAGES = 20;

    public static class SmallPageCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hrsync.delivery.max-pages", String.valueOf(MAX_PAGES),
                    "hrsync.vendors.ramp.page-size", "2",
                    "hrsync.vendors.workiva.page-size", "2",
                    "hrsync.vendors.skilljar.page-size", "2");
        }
    }

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @Inject
    ProducerTemplate template;
    @Inject
    RampTokenProvider rampTokens;
    @Inject
    WorkRampDirectory workRampDirectory;
    @Inject
    RampDirectory rampDirectory;
    @Inject
    WorkivaDirectory workivaDirectory;
    @Inject
    SkilljarDirectory skilljarDirectory;

    HttpServer otherHost;
    final AtomicInteger otherHostRequests = new AtomicInteger();

    @BeforeEach
    void freshVendors() throws IOException {
        SandboxTestResource.resetVendorsAndState();
        rampTokens.forget();
        for (int i = 1; i <= 9; i++) {
            sandbox.workramp().seedUser("wr" + i + "@example.com", "Wr " + i, false, Map.of());
            sandbox.ramp().seedUser("ramp" + i + "@example.com", "Ramp", "User" + i, "BUSINESS_USER", "USER_ACTIVE");
            sandbox.workiva().seedUser("wk" + i + "@example.com", "Wk", "User" + i, true);
            sandbox.skilljar().seedUser("sj" + i + "@example.com", "Sj", "User" + i, true);
            sandbox.ramp().seedDepartment("Department " + i);
            sandbox.workiva().seedGroup("Group " + i);
            sandbox.skilljar().seedGroup("Group " + i);
        }
        // another server on another port: a next link pointing there must never be called
        otherHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        otherHost.createContext("/", exchange -> {
            otherHostRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        otherHost.start();
    }

    @AfterEach
    void stopOtherHost() {
        otherHost.stop(0);
    }

    String otherHostUrl() {
        return "http://127.0.0.1:" + otherHost.getAddress().getPort();
    }

    // ---- another page always follows, with new entries: the page cap ---------------------------

    @Test
    void workRampsAttributeScanWithHasMoreForeverStopsAtThePageCap() {
        sandbox.workramp().endlessPaging();
        long started = System.nanoTime();
        VendorRejectedException e = assertThrows(VendorRejectedException.class,
                () -> workRampDirectory.attributes("run-attributes-endless", 1));
        assertEquals("workramp: paging of /api/v1/users/attributes does not end: more than 20 pages read, stopped "
                + "(hrsync.delivery.max-pages; raise it if the vendor really has that many)", e.getMessage());
        assertEquals(MAX_PAGES + 1, gets(sandbox.workramp(), "/api/v1/users/attributes"));
        assertQuick(started);
    }

    @Test
    void workRampsListingWithFullPagesOfNewUsersForeverStopsAtThePageCap() {
        sandbox.workramp().endlessPaging();
        long started = System.nanoTime();
        String error = listingError("workramp");
        assertEquals("workramp: paging of the user list does not end: more than 20 pages read, stopped "
                + "(hrsync.delivery.max-pages; raise it if the vendor really has that many)", error);
        assertEquals(MAX_PAGES + 1, gets(sandbox.workramp(), "/api/v1/users"));
        assertQuick(started);
    }

    // ---- a repeating next link (or page) --------------------------------------------------------

    @Test
    void aRepeatingPageOrNextLinkStopsEveryListingAtOnce() {
        sandbox.workramp().repeatingNextLinks();
        assertEquals("workramp: paging of the user list does not end: page 2 holds only entries already listed, stopped",
                listingError("workramp"));
        assertEquals(2, gets(sandbox.workramp(), "/api/v1/users"));

        for (VendorSimulator vendor : List.of(sandbox.ramp(), sandbox.workiva(), sandbox.skilljar())) {
            vendor.repeatingNextLinks();
            String error = listingError(vendor.name());
            assertTrue(error.startsWith(vendor.name() + ": paging of the user list does not end: the next link "
                    + vendor.baseUrl() + "/") && error.endsWith(" was given before, stopped"), error);
            assertTrue(!error.contains("?"), "no query (a cursor) in the error: " + error);
        }
        // the first page, then its next page, which gives the same next link again: stopped before a third call
        assertEquals(2, gets(sandbox.ramp(), "/developer/v1/users"));
        assertEquals(2, gets(sandbox.workiva(), "/organizations/" + Sandbox.WORKIVA_ORGANIZATION + "/users"));
        assertEquals(2, gets(sandbox.skilljar(), "/v1/domains/" + Sandbox.SKILLJAR_DOMAIN + "/users"));
    }

    @Test
    void aRepeatingNextLinkStopsTheReferenceLists() {
        for (VendorSimulator vendor : List.of(sandbox.ramp(), sandbox.workiva(), sandbox.skilljar())) {
            vendor.repeatingNextLinks();
        }
        assertTrue(referenceError(() -> rampDirectory.referenceId("run-ref-repeat", "departments", "Department 1"))
                .startsWith("ramp: paging of /developer/v1/departments does not end: the next link "));
        assertTrue(referenceError(() -> workivaDirectory.groups("run-ref-repeat"))
                .startsWith("workiva: paging of /organizations/" + Sandbox.WORKIVA_ORGANIZATION));
        assertTrue(referenceError(() -> skilljarDirectory.groups("run-ref-repeat"))
                .startsWith("skilljar: paging of /v1/groups does not end: the next link "));
    }

    // ---- a next link to another server ----------------------------------------------------------

    @Test
    void aNextLinkToAnotherServerFailsTheListingAndIsNeverCalled() {
        for (VendorSimulator vendor : List.of(sandbox.ramp(), sandbox.workiva(), sandbox.skilljar())) {
            vendor.nextLinksTo(otherHostUrl());
            String error = listingError(vendor.name());
            assertTrue(error.startsWith(vendor.name() + ": the next link of the user list points to " + otherHostUrl() + "/"),
                    error);
            assertTrue(error.endsWith(", not under hrsync.vendors." + vendor.name() + ".base-url (" + vendor.baseUrl()
                    + "/): not followed, as the call would carry " + vendor.name() + "'s credential there"), error);
        }
        assertTrue(referenceError(() -> rampDirectory.referenceId("run-ref-off-host", "departments", "Department 1"))
                .startsWith("ramp: the next link of /developer/v1/departments points to " + otherHostUrl() + "/"));
        assertTrue(referenceError(() -> workivaDirectory.groups("run-ref-off-host"))
                .startsWith("workiva: the next link of /organizations/"));
        assertTrue(referenceError(() -> skilljarDirectory.groups("run-ref-off-host"))
                .startsWith("skilljar: the next link of /v1/groups points to " + otherHostUrl() + "/"));
        assertEquals(0, otherHostRequests.get(), "a call went to the other server");
    }

    // ---- a huge answer --------------------------------------------------------------------------

    @Test
    void aHugeAnswerFailsItsCallAfterTheCapWithItsConnectionClosed() {
        long size = 300L * 1024 * 1024;
        sandbox.workramp().hugeAnswers("/api/v1/users", size, false);
        long started = System.nanoTime();
        String error = listingError("workramp");
        assertTrue(error.startsWith("workramp: the answer to GET /api/v1/users is larger than the cap of 16,777,216 bytes "
                + "(stopped after "), error);
        assertTrue(error.endsWith("): not read further (if the vendor really answers that much, raise "
                + "hrsync.delivery.max-answer-bytes)"), error);
        assertEquals(1, gets(sandbox.workramp(), "/api/v1/users"), "refused, not retried");
        long sent = sandbox.workramp().hugeAnswerBytesSent();
        assertTrue(sent < 16L * 1024 * 1024 + 32L * 1024 * 1024, "the answer was drained, not cut off: " + sent + " bytes sent");
        assertQuick(started);

        // the same with a Content-Length: refused before its body is read
        sandbox.workramp().hugeAnswers("/api/v1/users", size, true);
        assertTrue(listingError("workramp").contains("is larger than the cap of 16,777,216 bytes (Content-Length 314,572,800)"));
    }

    @Test
    void aHugeLookupAnswerFailsThatPersonOnlyAndTheRunGoesOn() {
        sandbox.workramp().hugeAnswers("/api/v1/users", 300L * 1024 * 1024, false);
        RunResults run = RunResults.process(sandbox, "huge-answer.csv", RunResultsFixtures.HEADER
                + "H1,huge.answer@example.com,Huge,Answer,Sales,Rep,,Berlin,,,active\n");
        Map<String, String> workramp = run.action("huge.answer@example.com", "workramp");
        assertEquals("FAILED", workramp.get("outcome"), run.describe());
        assertTrue(workramp.get("message").contains("the answer to GET /api/v1/users is larger than the cap of 16,777,216 bytes"),
                workramp.get("message"));
        assertEquals("APPLIED", run.action("huge.answer@example.com", "ramp").get("outcome"), run.describe());
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText(), run.describe());
    }

    /** The listing route's error message (the route must fail). */
    private String listingError(String vendor) {
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("direct:" + vendor + "-list-accounts", null, List.class));
        assertTrue(e.getCause() instanceof VendorRejectedException, String.valueOf(e.getCause()));
        return e.getCause().getMessage();
    }

    private static String referenceError(Supplier<?> list) {
        return assertThrows(VendorRejectedException.class, list::get).getMessage();
    }

    /** The GETs of a path the vendor answered 200 (a 401 answered before a token renewal is not a page). */
    private static long gets(VendorSimulator vendor, String path) {
        return vendor.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals(path) && r.status() == 200).count();
    }

    private static void assertQuick(long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }
}
