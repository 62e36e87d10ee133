package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.sandbox.RampSimulator;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.SkilljarSimulator;
import io.hrsync.sandbox.VendorSimulator;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.sandbox.WorkRampSimulator;
import io.hrsync.sandbox.WorkivaSimulator;
import io.hrsync.connector.VendorAccount;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorRegistry;
import io.hrsync.connector.ramp.RampTokenProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every vendor's directory listing ({@code <vendor>-list-accounts}, reached through
 * {@link VendorConnector#directoryEndpoint()}) pages through all of the vendor's users in that vendor's
 * own paging style, every page through the vendor's HTTP route, and maps them to {@link VendorAccount}s
 * with the right active flag. The test profile sets every {@code directory-page-size} to 5, so the
 * dozen users of each simulator take three pages.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class DirectoryListingTest {

    static final int PAGE_SIZE = 5;

    final Sandbox sandbox = SandboxTestResource.sandbox();

    @Inject
    ProducerTemplate template;
    @Inject
    VendorRegistry vendors;
    @Inject
    RampTokenProvider rampTokens;

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
        rampTokens.forget(); // the simulator forgot every token it issued
    }

    @Test
    void workRampListsEveryUserDeletedOnesInactiveByZeroBasedPageNumbers() {
        WorkRampSimulator workramp = sandbox.workramp();
        for (int i = 1; i <= 9; i++) {
            workramp.seedUser("wr.user" + i + "@example.com", "Wr User" + i, i % 4 == 0, Map.of());
        }
        List<WorkRampSimulator.User> users = workramp.users();
        assertEquals(12, users.size(), "3 seeded by the sandbox (Leila deleted) + 9");

        Map<String, VendorAccount> listed = list("workramp");

        assertEquals(12, listed.size(), listed.toString());
        for (WorkRampSimulator.User user : users) {
            VendorAccount account = listed.get(user.email());
            assertEquals(String.valueOf(user.id()), account.vendorUserId());
            assertEquals(user.name(), account.name());
            assertEquals(!user.deleted(), account.active(), user.toString());
        }
        assertEquals(3, listed.values().stream().filter(a -> !a.active()).count(), "Leila, wr.user4, wr.user8");
        List<RecordedRequest> pages = gets(workramp, "/api/v1/users");
        assertEquals(3, pages.size(), "12 users at limit 5: pages 0, 1 and 2 (2 users, so the last): " + pages);
        for (int page = 0; page < 3; page++) {
            String query = pages.get(page).query();
            assertTrue(query.contains("page=" + page) && query.contains("limit=" + PAGE_SIZE)
                    && query.contains("includeDeleted=true"), query);
        }
    }

    @Test
    void rampListsEveryUserByFollowingPageNext() {
        RampSimulator ramp = sandbox.ramp();
        String[] statuses = {"USER_ACTIVE", "INVITE_PENDING", "USER_SUSPENDED", "INVITE_EXPIRED", "USER_ONBOARDING",
                "USER_INACTIVE", "USER_ACTIVE", "INVITE_PENDING"};
        for (int i = 0; i < statuses.length; i++) {
            ramp.seedUser("ramp.user" + i + "@example.com", "Ramp", "User" + i, "BUSINESS_USER", statuses[i]);
        }
        List<RampSimulator.User> users = ramp.users();
        assertEquals(12, users.size(), "4 seeded by the sandbox (Leila inactive) + 8");

        Map<String, VendorAccount> listed = list("ramp");

        assertEquals(12, listed.size(), listed.toString());
        Set<String> cannotSignIn = Set.of("USER_INACTIVE", "USER_SUSPENDED", "INVITE_EXPIRED");
        for (RampSimulator.User user : users) {
            VendorAccount account = listed.get(user.email());
            assertEquals(user.id(), account.vendorUserId());
            assertEquals(user.firstName() + " " + user.lastName(), account.name());
            assertEquals(!cannotSignIn.contains(user.status()), account.active(), user.toString());
        }
        List<RecordedRequest> pages = gets(ramp, "/developer/v1/users");
        assertEquals(3, pages.size(), "12 users at page_size 5: three pages: " + pages);
        assertEquals("page_size=" + PAGE_SIZE, pages.get(0).query());
        assertTrue(pages.get(1).query().contains("start=") && pages.get(2).query().contains("start="),
                "later pages are page.next as Ramp gave it: " + pages);
    }

    @Test
    void workivaListsEveryUserByFollowingNextLink() {
        WorkivaSimulator workiva = sandbox.workiva();
        for (int i = 1; i <= 9; i++) {
            workiva.seedUser("wk.user" + i + "@example.com", "Wk", "User" + i, i % 3 != 0);
        }
        List<WorkivaSimulator.User> users = workiva.users();
        assertEquals(11, users.size(), "2 seeded by the sandbox (Maya suspended) + 9");

        Map<String, VendorAccount> listed = list("workiva");

        assertEquals(11, listed.size(), listed.toString());
        for (WorkivaSimulator.User user : users) {
            VendorAccount account = listed.get(user.email());
            assertEquals(user.id(), account.vendorUserId());
            assertEquals(user.givenName() + " " + user.familyName(), account.name());
            assertEquals(user.active(), account.active(), user.toString());
        }
        assertEquals(4, listed.values().stream().filter(a -> !a.active()).count());
        List<RecordedRequest> pages = gets(workiva, "/organizations/" + Sandbox.WORKIVA_ORGANIZATION + "/users");
        assertEquals(3, pages.size(), "11 users at $maxpagesize 5: three pages: " + pages);
        assertEquals("$maxpagesize=" + PAGE_SIZE, pages.get(0).query());
        assertTrue(pages.get(1).query().startsWith("$next=") && pages.get(2).query().startsWith("$next="),
                "later pages are @nextLink as Workiva gave it: " + pages);
    }

    @Test
    void skilljarListsEveryDomainUserByFollowingNextWithTheMembershipAsActive() {
        SkilljarSimulator skilljar = sandbox.skilljar();
        for (int i = 1; i <= 9; i++) {
            skilljar.seedUser("sj.user" + i + "@example.com", "Sj", "User" + i, i % 3 != 0);
        }
        skilljar.seedUserOutsideDomain("elsewhere@example.com", "Else", "Where");
        List<SkilljarSimulator.User> members = skilljar.users().stream()
                .filter(u -> !u.email().equals("elsewhere@example.com")).toList();
        assertEquals(12, members.size(), "3 seeded by the sandbox (Tom inactive) + 9");

        Map<String, VendorAccount> listed = list("skilljar");

        assertEquals(12, listed.size(), "the domain's users only: " + listed);
        for (SkilljarSimulator.User user : members) {
            VendorAccount account = listed.get(user.email());
            assertEquals(user.id(), account.vendorUserId());
            assertEquals(user.firstName() + " " + user.lastName(), account.name());
            assertEquals(user.activeInDomain(), account.active(), user.toString());
        }
        assertEquals(4, listed.values().stream().filter(a -> !a.active()).count(), "Tom, sj.user3, 6 and 9");
        assertEquals(3, skilljar.listCalls(), "12 domain users at page_size 5: three pages");
        List<RecordedRequest> pages = gets(skilljar, "/v1/domains/" + Sandbox.SKILLJAR_DOMAIN + "/users");
        assertEquals(List.of("page_size=5", "page_size=5&page=2", "page_size=5&page=3"),
                pages.stream().map(RecordedRequest::query).toList());
    }

    /** The vendor's listing through its connector's directory endpoint, by email. */
    private Map<String, VendorAccount> list(String vendor) {
        VendorConnector connector = vendors.all().stream().filter(c -> c.name().equals(vendor)).findFirst().orElseThrow();
        assertEquals("direct:" + vendor + "-list-accounts", connector.directoryEndpoint());
        List<?> body = template.requestBody(connector.directoryEndpoint(), null, List.class);
        List<VendorAccount> accounts = body.stream().map(VendorAccount.class::cast).toList();
        Map<String, VendorAccount> byEmail = accounts.stream()
                .collect(Collectors.toMap(VendorAccount::email, Function.identity()));
        assertEquals(accounts.size(), byEmail.size(), "an account listed twice: " + accounts);
        return byEmail;
    }

    /** The GETs of a path the simulator answered 200 (a 401 answered before a token renewal is not a page). */
    private static List<RecordedRequest> gets(VendorSimulator simulator, String path) {
        return simulator.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals(path) && r.status() == 200).toList();
    }
}
