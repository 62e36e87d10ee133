package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.rules.VendorRules;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.Outcome;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.sandbox.RampSimulator;
import io.hrsync.sandbox.RampSimulator.User;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.connector.ramp.RampConfig;
import io.hrsync.connector.ramp.RampConnector;
import io.hrsync.connector.ramp.RampDecisions;
import io.hrsync.connector.ramp.RampDirectory;
import io.hrsync.connector.ramp.RampTokenProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Ramp end to end on real parts: exports uploaded to the embedded SFTP server, the real YAML routes,
 * Ramp's simulator over HTTP (OAuth2 client credentials, deferred invites, keyset paging, 429
 * penalty), and the Ramp rows of actions.csv. Runs with shorter Ramp timings (poll interval, invite
 * timeout, 429 pause) so the failure cases take seconds, not minutes.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RampDeliveryTest {

    static final long PAUSE_MS = 1200;
    static final long CREATE_TIMEOUT_MS = 5000;

    // Ramp's timings are shortened for all tests in config/application.properties (%test profile):
    // create-poll-interval-ms=50, create-timeout-ms=5000, rate-limit-pause-ms=1200

    private static final ObjectMapper JSON = new ObjectMapper();

    final Sandbox sandbox = SandboxTestResource.sandbox();
    RampSimulator ramp;

    @Inject
    RampTokenProvider tokens;
    @Inject
    RampConfig config;
    @Inject
    RampDirectory directory;
    @Inject
    ProvisioningRules rules;
    @Inject
    CamelContext camel;

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
        ramp = sandbox.ramp();
        tokens.forget(); // the simulator forgot every token it issued
    }

    @Test
    void sampleExportIsProvisionedIntoRampAndARerunWritesNothing() throws IOException {
        String ownerId = ramp.user("maya.chen@example.com").orElseThrow().id();
        RunResults run = RunResults.process(sandbox, "ramp-sample-1.csv", NightlySyncTest.sample());

        assertEquals(14, rows(run).size(), rows(run).toString());
        assertEquals(10, run.count("ramp", "CREATE", "APPLIED"), rows(run).toString());
        assertEquals(1, run.count("ramp", "UPDATE", "APPLIED"));
        assertEquals(1, run.count("ramp", "DEACTIVATE", "APPLIED"));
        assertEquals(1, run.count("ramp", "REACTIVATE", "APPLIED"));
        assertEquals(1, run.count("ramp", "NONE", "UNCHANGED"));
        assertEquals(10, ramp.invitesSent());
        assertTrue(run.summary.path("vendors").has("ramp"), run.describe());

        // the owner is found and left alone: Ramp's owner role is never changed
        Map<String, String> maya = run.action("maya.chen@example.com", "ramp");
        assertEquals("UNCHANGED", maya.get("outcome"));
        assertTrue(maya.get("message").contains("BUSINESS_OWNER left as is"), maya.toString());
        assertEquals("BUSINESS_OWNER", ramp.user("maya.chen@example.com").orElseThrow().role());

        // joiner: invited with department, location, manager (the manager's Ramp id), employee_id and role
        User jonas = ramp.user("jonas.weber@example.com").orElseThrow();
        User priya = ramp.user("priya.nair@example.com").orElseThrow();
        assertEquals("INVITE_PENDING", priya.status());
        assertEquals("Engineering", ramp.departmentName(priya.departmentId()).orElseThrow());
        assertEquals("Berlin", ramp.locationName(priya.locationId()).orElseThrow());
        assertEquals(jonas.id(), priya.managerId());
        assertEquals("E1003", priya.employeeId());
        assertEquals("BUSINESS_USER", priya.role());
        Map<String, String> priyaRow = run.action("priya.nair@example.com", "ramp");
        assertEquals("CREATE", priyaRow.get("action"));
        assertEquals(priya.id(), priyaRow.get("vendor_user_id"));
        assertTrue(priyaRow.get("message").contains("INVITE_PENDING"), priyaRow.toString());
        assertEquals("BUSINESS_BOOKKEEPER", ramp.user("emma.johansson@example.com").orElseThrow().role(),
                "roles.byDepartment.Finance");
        assertEquals("Diego", ramp.user("diego.ramirez@example.com").orElseThrow().firstName());
        assertEquals("Ramírez", ramp.user("diego.ramirez@example.com").orElseThrow().lastName());
        assertEquals("INVITE_PENDING", ramp.user("sofia.rossi@example.com").orElseThrow().status(), "on leave keeps access");

        // a department Ramp did not have is created (createMissingReferences: true), once
        User kenji = ramp.user("kenji.tanaka@example.com").orElseThrow();
        assertEquals("People Ops", ramp.departmentName(kenji.departmentId()).orElseThrow());
        assertTrue(run.action("kenji.tanaka@example.com", "ramp").get("message").contains("created department 'People Ops'"));
        assertEquals(1, requests("POST", "/developer/v1/departments").size());

        // mover: Jonas gets his new department, location, manager and employee_id by PATCH
        assertEquals("UPDATE", run.action("jonas.weber@example.com", "ramp").get("action"));
        assertEquals("Engineering", ramp.departmentName(jonas.departmentId()).orElseThrow());
        assertEquals("Berlin", ramp.locationName(jonas.locationId()).orElseThrow());
        assertEquals(ownerId, jonas.managerId());
        assertEquals("E1002", jonas.employeeId());

        // leaver: deactivated, never deleted
        assertEquals("USER_INACTIVE", ramp.user("noah.schmidt@example.com").orElseThrow().status());
        assertEquals(1, ramp.deactivations());

        // rehire: the deactivated account is reactivated (no second account) and gets her manager
        User leila = ramp.user("leila.haddad@example.com").orElseThrow();
        assertEquals("USER_ACTIVE", leila.status());
        assertEquals(jonas.id(), leila.managerId());
        assertEquals(1, ramp.reactivations());
        assertEquals(1, ramp.users().stream().filter(u -> u.email().equals("leila.haddad@example.com")).count());
        assertEquals(leila.id(), ramp.user("ali.khan@example.com").orElseThrow().managerId());

        // PATCH never carries email or status; every invite has a deterministic idempotency key
        for (RecordedRequest patch : requests("PATCH", "/developer/v1/users/")) {
            if (!patch.body().isBlank()) {
                JsonNode body = JSON.readTree(patch.body());
                assertFalse(body.has("email") || body.has("status"), patch.body());
            }
        }
        for (RecordedRequest invite : requests("POST", "/developer/v1/users/deferred")) {
            assertTrue(JSON.readTree(invite.body()).path("idempotency_key").asText().startsWith("hrsync-"), invite.body());
        }
        assertNoToken(run);

        // the same export again: nothing to write, every person NONE/UNCHANGED
        long writesBefore = ramp.writeCount();
        RunResults again = RunResults.process(sandbox, "ramp-sample-2.csv", NightlySyncTest.sample());
        assertEquals(14, again.count("ramp", "NONE", "UNCHANGED"), rows(again).toString());
        assertEquals(writesBefore, ramp.writeCount(), "a re-run of the same export wrote to Ramp");
        assertEquals(10, ramp.invitesSent());
    }

    @Test
    void moverGetsOnlyTheChangedFieldsAndAnEmailChangeIsNotedNotApplied() throws IOException {
        String oldTeam = ramp.seedDepartment("Mover Old Team");
        String town = ramp.seedLocation("Mover Town");
        String userId = ramp.seedUser("old.address@example.com", "Mo", "Ver", "BUSINESS_USER", "USER_ACTIVE", oldTeam, town,
                null, "E7001");

        RunResults run = RunResults.process(sandbox, "ramp-mover.csv", RunResultsFixtures.HEADER
                + "E7001,new.address@example.com,Mo,Ver-Smith,Engineering,Engineer,,Mover Town,2020-01-01,,active\n");

        Map<String, String> row = run.action("new.address@example.com", "ramp");
        assertEquals("UPDATE", row.get("action"), row.toString());
        assertEquals("APPLIED", row.get("outcome"), row.toString());
        assertEquals(userId, row.get("vendor_user_id"));
        assertEquals("204", row.get("http_status"));
        assertTrue(row.get("message").contains("Ramp's API cannot change an email"), row.toString());
        List<RecordedRequest> patches = requests("PATCH", "/developer/v1/users/" + userId);
        assertEquals(1, patches.size());
        JsonNode body = JSON.readTree(patches.get(0).body());
        assertEquals(Set.of("last_name", "department_id"), fieldNames(body), "only what differs is sent");
        User user = ramp.user("old.address@example.com").orElseThrow();
        assertEquals("Ver-Smith", user.lastName());
        assertEquals("Engineering", ramp.departmentName(user.departmentId()).orElseThrow());
        assertEquals(0, ramp.invitesSent(), "an email change must not invite a second account");
    }

    @Test
    void leaversAreDeactivatedOnceAndOnlyWhenThereIsAnActiveAccount() throws IOException {
        RunResults run = RunResults.process(sandbox, "ramp-leavers.csv", RunResultsFixtures.HEADER
                + "E1010,noah.schmidt@example.com,Noah,Schmidt,Customer Success,,,Dublin,2022-10-03,2026-11-20,terminated\n"
                + "E1011,leila.haddad@example.com,Leila,Haddad,Engineering,,,Berlin,2018-02-01,2026-01-01,terminated\n"
                + "E7100,ghost@example.com,Ghost,Writer,Sales,,,London,2020-01-01,2026-01-01,terminated\n");

        Map<String, String> noah = run.action("noah.schmidt@example.com", "ramp");
        assertEquals("DEACTIVATE", noah.get("action"));
        assertEquals("APPLIED", noah.get("outcome"));
        assertEquals("200", noah.get("http_status"));
        assertEquals("USER_INACTIVE", ramp.user("noah.schmidt@example.com").orElseThrow().status());
        Map<String, String> leila = run.action("leila.haddad@example.com", "ramp");
        assertEquals("NONE", leila.get("action"));
        assertEquals("UNCHANGED", leila.get("outcome"));
        assertEquals("already deactivated", leila.get("message"));
        Map<String, String> ghost = run.action("ghost@example.com", "ramp");
        assertEquals("NONE", ghost.get("action"));
        assertEquals("SKIPPED", ghost.get("outcome"));
        assertEquals(1, requests("PATCH", "/deactivate").size());
        assertEquals(0, ramp.invitesSent());
    }

    @Test
    void deactivationDisabledByConfigurationIsRecordedAsSkippedWithoutACall() throws Exception {
        RampConfig noDeactivation = (RampConfig) Proxy.newProxyInstance(RampConfig.class.getClassLoader(),
                new Class<?>[] {RampConfig.class},
                (proxy, method, args) -> method.getName().equals("allowDeactivation") ? Boolean.FALSE : method.invoke(config, args));
        RampDecisions decisions = new RampDecisions(rules.forVendor("ramp"), directory, noDeactivation);
        Exchange exchange = exchange(person("E1010", "noah.schmidt@example.com", "Customer Success", "Dublin", PersonStatus.TERMINATED),
                JSON.readTree("{\"id\":\"" + ramp.user("noah.schmidt@example.com").orElseThrow().id()
                        + "\",\"email\":\"noah.schmidt@example.com\",\"status\":\"USER_ACTIVE\"}"));

        decisions.decide(exchange);

        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        assertEquals(VendorAction.NONE, result.getAction());
        assertEquals(Outcome.SKIPPED, result.getOutcome());
        assertTrue(result.getMessage().startsWith("deactivation disabled by configuration"), result.getMessage());
        assertEquals(0, ramp.requests().size(), "nothing may be called");
    }

    @Test
    void anUnknownDepartmentIsLeftOutOfTheInviteWhenCreatingReferencesIsOff() throws Exception {
        VendorRules noCreation = new VendorRules(null, null, null, null, null, null, false);
        RampDecisions decisions = new RampDecisions(noCreation, directory, config);
        Exchange exchange = exchange(person("E7200", "new.joiner@example.com", "Atlantis", "Berlin", PersonStatus.ACTIVE), null);

        assertEquals(List.of(), decisions.missingReferences(exchange));
        decisions.decide(exchange);

        // the person is still invited (department_id is optional in Ramp's create), without the department
        VendorResult result = exchange.getProperty(ExchangeKeys.RESULT, VendorResult.class);
        assertEquals(VendorAction.CREATE, result.getAction());
        assertEquals(null, result.getOutcome(), "the invite is left to the route");
        assertTrue(result.incomplete());
        assertTrue(result.getMessage().startsWith("department 'Atlantis' does not exist in Ramp: department not set"),
                result.getMessage());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = exchange.getMessage().getBody(Map.class);
        assertFalse(body.containsKey("department_id"), body.toString());
        assertEquals("Berlin", ramp.locationName(String.valueOf(body.get("location_id"))).orElseThrow());
        assertEquals(0, userWrites(), ramp.requests().toString());
    }

    @Test
    void rolesRampForbidsOrDoesNotKnowAreConfigurationErrors() throws IOException {
        new RampConnector(config, rules).checkConfiguration(); // the shipped rules are fine
        Path file = Files.createTempFile("ramp-rules", ".yaml");
        Files.writeString(file, "ramp:\n  roles:\n    default: BUSINESS_OWNER\n    byTitle:\n      Controller: CARDHOLDER\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RampConnector(config, new ProvisioningRules(file)).checkConfiguration());
        assertTrue(error.getMessage().contains("ramp.roles.default: BUSINESS_OWNER cannot be given"), error.getMessage());
        assertTrue(error.getMessage().contains("ramp.roles.byTitle.Controller: unknown Ramp role 'CARDHOLDER'"), error.getMessage());
        Files.delete(file);
    }

    @Test
    void departmentsAreFoundAcrossPagesByFollowingPageNext() throws IOException {
        Map<String, String> teams = IntStream.range(0, 150).mapToObj(i -> String.format("Team %03d", i))
                .collect(Collectors.toMap(name -> name, ramp::seedDepartment));
        ramp.pollsUntilDone(0);

        RunResults run = RunResults.process(sandbox, "ramp-paging.csv", RunResultsFixtures.HEADER
                + "E7300,paged.person@example.com,Paged,Person,Team 137,,,Berlin,2020-01-01,,active\n");

        assertEquals("APPLIED", run.action("paged.person@example.com", "ramp").get("outcome"));
        assertEquals(teams.get("Team 137"), ramp.user("paged.person@example.com").orElseThrow().departmentId());
        List<RecordedRequest> pages = requests("GET", "/developer/v1/departments");
        assertEquals(2, pages.size(), "155 departments at page_size 100 are two pages: " + pages);
        assertTrue(pages.get(1).query().contains("start="), "the second page is page.next as Ramp gave it: " + pages);
        assertEquals(0, requests("POST", "/developer/v1/departments").size(), "an existing department was created again");
    }

    @Test
    void aTokenExpiredMidRunIsRenewedOnceOnThe401AndEveryRowIsApplied() throws Exception {
        ramp.pollsUntilDone(0);
        ramp.latency(50); // a token is checked 50 ms after the request arrives
        AtomicInteger expiredAt = new AtomicInteger(-1);
        Thread expirer = new Thread(() -> {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                List<RecordedRequest> seen = ramp.requests();
                // the 4th invite is answered: the run goes on with polls and invites (no lookup per person)
                if (seen.stream().filter(r -> r.path().equals("/developer/v1/users/deferred") && r.status() == 201).count() >= 4) {
                    ramp.expireAllTokens();
                    expiredAt.set(seen.size());
                    return;
                }
                sleep(2);
            }
        });
        expirer.start();

        RunResults run = RunResults.process(sandbox, "ramp-token-expiry.csv", people("T", 8));
        expirer.join();

        assertTrue(expiredAt.get() > 0, "the tokens were never expired mid-run");
        assertEquals(8, run.count("ramp", "CREATE", "APPLIED"), rows(run).toString());
        assertEquals(8, ramp.invitesSent());
        List<RecordedRequest> after = ramp.requests().subList(expiredAt.get(), ramp.requests().size());
        List<RecordedRequest> refused = after.stream().filter(r -> r.status() == 401).toList();
        assertEquals(1, refused.size(), "one call refused, then a new token: " + after);
        RecordedRequest retried = after.get(after.indexOf(refused.get(0)) + 2); // after the token request
        assertEquals("/developer/v1/token", after.get(after.indexOf(refused.get(0)) + 1).path(), after.toString());
        assertTrue(retried.status() >= 200 && retried.status() < 300, after.toString());
        assertEquals(refused.get(0).method() + " " + refused.get(0).path() + " " + refused.get(0).body(),
                retried.method() + " " + retried.path() + " " + retried.body(), "the retry after the 401 sent the same request");
        assertEquals(2, ramp.tokensIssued());
        assertNoToken(run);
    }

    @Test
    void aShortLivedTokenIsRenewedBeforeItExpires() throws IOException {
        ramp.tokenLifetime(Duration.ofSeconds(2));
        ramp.latency(120); // 16 invites and their polls, one at a time: over 3 s of Ramp
        ramp.pollsUntilDone(0);
        long started = System.currentTimeMillis();

        RunResults run = RunResults.process(sandbox, "ramp-token-lifetime.csv", people("L", 16));

        assertEquals(16, run.count("ramp", "CREATE", "APPLIED"), rows(run).toString());
        long rampMillis = ramp.requests().get(ramp.requests().size() - 1).atMillis() - ramp.requests().get(0).atMillis();
        assertTrue(rampMillis > 2_000, "the run did not outlive a token (" + rampMillis + " ms since " + started + ")");
        assertTrue(ramp.tokensIssued() >= 2, "tokens issued: " + ramp.tokensIssued());
        assertEquals(0, ramp.requests().stream().filter(r -> r.status() == 401).count(),
                "a token was used after it expired: " + ramp.requests());
    }

    @Test
    void aRampErrorFailsOnlyItsRowWithRampsErrorCodeAndTraceId() throws IOException {
        ramp.pollsUntilDone(0);
        // Ramp refuses this one person's invite (over-long values never get this far: FieldLimits rejects the row)
        ramp.refuseBodiesContaining("refused@example.com", "email: Not a valid email address.");

        RunResults run = RunResults.process(sandbox, "ramp-row-error.csv", RunResultsFixtures.HEADER
                + "E7400,first.ok@example.com,First,Ok,Sales,,,London,2020-01-01,,active\n"
                + "E7401,refused@example.com,Refused,Name,Sales,,,London,2020-01-01,,active\n"
                + "E7402,second.ok@example.com,Second,Ok,Sales,,,London,2020-01-01,,active\n");

        Map<String, String> failed = run.action("refused@example.com", "ramp");
        assertEquals("CREATE", failed.get("action"));
        assertEquals("FAILED", failed.get("outcome"));
        assertEquals("400", failed.get("http_status"));
        assertTrue(failed.get("message").contains("DEVELOPER_7001: email: Not a valid email address."), failed.toString());
        assertTrue(failed.get("message").matches(".*\\(x-trace-id [0-9a-f]{32}\\).*"), failed.toString());
        assertEquals("APPLIED", run.action("first.ok@example.com", "ramp").get("outcome"));
        assertEquals("APPLIED", run.action("second.ok@example.com", "ramp").get("outcome"));
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText());
    }

    @Test
    void aDepartmentRampRefusesToCreateFailsOnlyItsRow() throws Exception {
        ramp.pollsUntilDone(0);
        ramp.latency(100); // an injected failure is taken 100 ms after the request arrives
        Thread injector = new Thread(() -> {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (!requests("GET", "/developer/v1/locations").isEmpty()) {
                    ramp.failNext(1, 400); // the next call is the creation of the missing department
                    return;
                }
                sleep(2);
            }
        });
        injector.start();

        RunResults run = RunResults.process(sandbox, "ramp-reference-error.csv", RunResultsFixtures.HEADER
                + "E7700,brand.new@example.com,Brand,New,Brand New Team,,,Berlin,2020-01-01,,active\n"
                + "E7701,next.person@example.com,Next,Person,Sales,,,Berlin,2020-01-01,,active\n");
        injector.join();

        Map<String, String> failed = run.action("brand.new@example.com", "ramp");
        assertEquals("FAILED", failed.get("outcome"), failed.toString());
        assertEquals("400", failed.get("http_status"));
        assertTrue(failed.get("message").contains("injected failure"), failed.toString());
        assertEquals("APPLIED", run.action("next.person@example.com", "ramp").get("outcome"));
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText(), run.describe());
        assertTrue(ramp.user("brand.new@example.com").isEmpty(), "invited without the department it needs");
    }

    @Test
    void aDepartmentWhoseCreationAnswerWasLostIsFoundOnTheNextAttemptNotCreatedTwice() throws Exception {
        ramp.pollsUntilDone(0);
        ramp.loseNextWriteAnswers(1, "/developer/v1/departments"); // Ramp creates the department, the answer is lost

        RunResults run = RunResults.process(sandbox, "ramp-reference-lost.csv", RunResultsFixtures.HEADER
                + "E7800,lost.answer@example.com,Lost,Answer,Lost Answer Team,,,Berlin,2020-01-01,,active\n");

        assertEquals(1, ramp.lostAnswerCount());
        Map<String, String> applied = run.action("lost.answer@example.com", "ramp");
        assertEquals("CREATE", applied.get("action"), applied.toString());
        assertEquals("APPLIED", applied.get("outcome"), applied.toString());
        assertEquals(2, requests("POST", "/developer/v1/departments").size(), "the creation was not tried again");
        String departmentId = ramp.user("lost.answer@example.com").orElseThrow().departmentId();
        assertEquals(Optional.of("Lost Answer Team"), ramp.departmentName(departmentId));
        assertEquals(400, requests("POST", "/developer/v1/departments").get(1).status(), "Ramp refuses a name that exists");
    }

    @Test
    void anInviteStillRunningAtTheTimeoutFailsAndTheNextRunResumesTheSameTask() throws IOException {
        ramp.pollsUntilDone(1_000);
        String csv = RunResultsFixtures.HEADER + "E7500,slow.invite@example.com,Slow,Invite,Sales,,,London,2020-01-01,,active\n";

        RunResults first = RunResults.process(sandbox, "ramp-slow-1.csv", csv);

        Map<String, String> timedOut = first.action("slow.invite@example.com", "ramp");
        assertEquals("CREATE", timedOut.get("action"));
        assertEquals("FAILED", timedOut.get("outcome"));
        assertTrue(timedOut.get("message").contains("was still IN_PROGRESS after " + CREATE_TIMEOUT_MS + " ms"), timedOut.toString());
        assertEquals("", timedOut.get("http_status"), "the calls worked; the task did not finish");
        assertTrue(requests("GET", "/developer/v1/users/deferred/status/").size() >= 3, "the task was not polled");

        ramp.pollsUntilDone(0);
        RunResults second = RunResults.process(sandbox, "ramp-slow-2.csv", csv);

        assertEquals("APPLIED", second.action("slow.invite@example.com", "ramp").get("outcome"));
        assertEquals(1, ramp.invitesSent(), "a retried create invited twice");
        List<RecordedRequest> invites = requests("POST", "/developer/v1/users/deferred");
        assertEquals(2, invites.size());
        assertEquals(JSON.readTree(invites.get(0).body()).path("idempotency_key"),
                JSON.readTree(invites.get(1).body()).path("idempotency_key"));
    }

    @Test
    void anInviteWaitingForItsTaskFreesRampsSlotAndIsPolledWithoutAnotherLookup() throws IOException {
        ramp.pollsUntilDone(3); // every task answers STARTED / IN_PROGRESS three times, then SUCCESS
        RunResults run = RunResults.process(sandbox, "ramp-waiting-invites.csv", RunResultsFixtures.HEADER
                + "E7601,wait.one@example.com,Wait,One,Sales,,,London,2020-01-01,,active\n"
                + "E7602,wait.two@example.com,Wait,Two,Sales,,,London,2020-01-01,,active\n"
                + "E7603,wait.three@example.com,Wait,Three,Sales,,,London,2020-01-01,,active\n");

        for (String email : List.of("wait.one@example.com", "wait.two@example.com", "wait.three@example.com")) {
            Map<String, String> line = run.action(email, "ramp");
            assertEquals("CREATE", line.get("action"));
            assertEquals("APPLIED", line.get("outcome"), line.toString());
            assertEquals(ramp.user(email).orElseThrow().id(), line.get("vendor_user_id"));
        }
        List<RecordedRequest> calls = ramp.requests();
        List<Integer> invites = new ArrayList<>();
        List<Integer> polls = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).method().equals("POST") && calls.get(i).path().equals("/developer/v1/users/deferred")) {
                invites.add(i);
            } else if (calls.get(i).path().startsWith("/developer/v1/users/deferred/status/")) {
                polls.add(i);
            }
        }
        assertEquals(3, invites.size());
        assertEquals(12, polls.size(), "four polls per task");
        // Ramp delivers one item at a time (concurrency 1): the second invite went out while the first
        // task still ran, after its first poll, so the wait did not hold Ramp's only slot
        assertTrue(invites.get(1) < polls.get(1), "second invite at " + invites.get(1) + ", polls at " + polls);
        // the polls of a waiting item are just polls: no lookup of the person again
        int firstPoll = polls.get(0);
        assertTrue(calls.subList(firstPoll, calls.size()).stream().noneMatch(r -> r.method().equals("GET")
                && r.path().equals("/developer/v1/users") && r.query() != null && r.query().contains("wait.one")),
                "wait.one was looked up again while its task ran");
    }

    @Test
    void anInviteTaskEndingInErrorFailsTheRowWithRampsReason() throws Exception {
        ramp.pollsUntilDone(1_000);
        Thread racer = new Thread(() -> {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (!requests("POST", "/developer/v1/users/deferred").isEmpty()) {
                    // someone invites the same person by hand while hrsync's task runs
                    ramp.seedUser("raced@example.com", "Raced", "ByHand", "BUSINESS_USER", "USER_ACTIVE");
                    ramp.pollsUntilDone(0);
                    return;
                }
                sleep(5);
            }
        });
        racer.start();

        RunResults run = RunResults.process(sandbox, "ramp-task-error.csv", RunResultsFixtures.HEADER
                + "E7600,raced@example.com,Raced,Invite,Sales,,,London,2020-01-01,,active\n");
        racer.join();

        Map<String, String> row = run.action("raced@example.com", "ramp");
        assertEquals("CREATE", row.get("action"));
        assertEquals("FAILED", row.get("outcome"));
        assertTrue(row.get("message").contains("ended in ERROR: A user with email raced@example.com already exists"), row.toString());
        assertEquals(0, ramp.invitesSent());
    }

    @Test
    void a429HoldsEveryRampCallForThePauseAndTheRunStillCompletes() throws IOException {
        ramp.pollsUntilDone(0);
        ramp.rateLimit(10, 1_000, 400);

        RunResults run = RunResults.process(sandbox, "ramp-rate-limit.csv", people("R", 6));

        assertEquals(6, run.count("ramp", "CREATE", "APPLIED"), rows(run).toString());
        List<RecordedRequest> requests = ramp.requests();
        assertTrue(ramp.rateLimitedCount() >= 1, "the test never hit Ramp's limit");
        for (int i = 0; i < requests.size() - 1; i++) {
            if (requests.get(i).status() == 429) {
                long quiet = requests.get(i + 1).atMillis() - requests.get(i).atMillis();
                assertTrue(quiet >= PAUSE_MS - 100, "Ramp was called " + quiet + " ms after a 429: " + requests);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** n active people in Sales, London. */
    static String people(String prefix, int n) {
        StringBuilder csv = new StringBuilder(RunResultsFixtures.HEADER);
        for (int i = 1; i <= n; i++) {
            csv.append(prefix).append(8000 + i).append(',').append(prefix.toLowerCase()).append(".person").append(i)
                    .append("@example.com,Person,").append(prefix).append(i).append(",Sales,,,London,2020-01-01,,active\n");
        }
        return csv.toString();
    }

    static List<Map<String, String>> rows(RunResults run) {
        return run.actions.stream().filter(a -> a.get("vendor").equals("ramp")).toList();
    }

    /** Writes to Ramp's data (a token request is not one). */
    long userWrites() {
        return ramp.requests().stream().filter(r -> r.isWrite() && !r.path().endsWith("/token")).count();
    }

    List<RecordedRequest> requests(String method, String pathPart) {
        return ramp.requests().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
    }

    static Set<String> fieldNames(JsonNode body) {
        Set<String> names = new java.util.TreeSet<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    Exchange exchange(Person person, JsonNode account) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeKeys.RUN_ID, "ramp-test-" + System.nanoTime());
        exchange.setProperty(ExchangeKeys.VENDOR, "ramp");
        exchange.setProperty(ExchangeKeys.PERSON, person);
        exchange.setProperty(ExchangeKeys.RESULT, new VendorResult());
        exchange.setProperty(ExchangeKeys.ACCOUNT, account);
        return exchange;
    }

    static Person person(String employeeId, String email, String department, String location, PersonStatus status) {
        return new Person(employeeId, email, "Test", "Person", department, null, null, location, LocalDate.of(2020, 1, 1),
                null, status);
    }

    /** No access token in the result files or dead letters. */
    static void assertNoToken(RunResults run) throws IOException {
        for (String file : new String[] {"actions.csv", "summary.json", "rejected.csv"}) {
            assertFalse(Files.readString(run.dir.resolve(file)).contains("ramp_tok_"), file);
        }
        // dead letters live in the state store (no letter files): their payloads and messages hold no token
        assertFalse(Files.exists(SandboxTestResource.DATA.resolve("dead-letters")), "dead letters are not written as files");
        for (var letter : io.quarkus.arc.Arc.container().instance(io.hrsync.queue.WorkQueue.class).get().deadLetters("ramp", null, null)) {
            assertFalse(String.valueOf(letter.item().payload()).contains("ramp_tok_"), letter.toString());
            assertFalse(String.valueOf(letter.item().message()).contains("ramp_tok_"), letter.toString());
        }
        assertNotNull(run.summary);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
