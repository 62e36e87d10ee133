package io.hrsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator.RecordedRequest;
import io.hrsync.sandbox.WorkivaSimulator;
import io.hrsync.sandbox.WorkivaSimulator.User;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Workiva end to end on real parts: exports uploaded to the embedded SFTP server, the real YAML
 * routes, Workiva's simulator (OAuth tokens that really expire, JSON Patch, opaque @nextLink paging,
 * SCIM for suspension) over HTTP, and the actions.csv rows of the workiva vendor.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class WorkivaDeliveryTest {

    private static final String VENDOR = "workiva";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Sandbox sandbox = SandboxTestResource.sandbox();
    final WorkivaSimulator workiva = sandbox.workiva();

    @Inject
    ProducerTemplate template;

    @BeforeEach
    void freshVendors() {
        SandboxTestResource.resetVendorsAndState();
    }

    @Test
    void joinersAreCreatedWithTheirGroupsAndTheSameExportAgainWritesNothing() {
        String csv = RunResultsFixtures.HEADER
                + "WV01,ada.lovelace+finance@example.com,Ada,Lovelace,Finance,Financial Analyst,,London,2024-01-08,,active\n"
                + "WV02,o'neil.grace@example.com,Grace,O'Neil,Executive,Chief Financial Officer,,New York,2023-04-03,,active\n"
                + "WV03,carl.coder@example.com,Carl,Coder,Engineering,Engineer,,Berlin,2024-02-01,,active\n";
        RunResults run = RunResults.process(sandbox, "workiva-joiners-1.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());

        User ada = workiva.user("ada.lovelace+finance@example.com").orElseThrow();
        assertEquals("Ada", ada.givenName());
        assertEquals("Lovelace", ada.familyName());
        assertEquals("Ada Lovelace", ada.displayName());
        assertTrue(ada.active());
        assertEquals(Set.of("Finance Reporting"), ada.groupNames());
        Map<String, String> adaAction = run.action("ada.lovelace+finance@example.com", VENDOR);
        assertEquals("CREATE", adaAction.get("action"));
        assertEquals("APPLIED", adaAction.get("outcome"));
        assertEquals(ada.id(), adaAction.get("vendor_user_id"));
        assertEquals("201", adaAction.get("http_status"));
        assertTrue(adaAction.get("message").contains("added to group Finance Reporting"), adaAction.toString());

        User grace = workiva.user("o'neil.grace@example.com").orElseThrow();
        assertEquals("O'Neil", grace.familyName());
        assertEquals(Set.of("Leadership"), grace.groupNames());
        assertEquals("CREATE", run.action("o'neil.grace@example.com", VENDOR).get("action"));

        // out of Workiva's scope (rules: Finance and Executive only): never looked up, never created
        assertEquals("NONE", run.action("carl.coder@example.com", VENDOR).get("action"));
        assertEquals("SKIPPED", run.action("carl.coder@example.com", VENDOR).get("outcome"));
        assertTrue(workiva.user("carl.coder@example.com").isEmpty());
        assertEquals(2, workiva.creates());

        // the same content again under another name: nothing to write, NONE/UNCHANGED
        long writesBefore = writes();
        RunResults again = RunResults.process(sandbox, "workiva-joiners-2.csv", csv);
        assertEquals("COMPLETED", again.summary.path("status").asText());
        assertEquals(2, again.count(VENDOR, "NONE", "UNCHANGED"), again.actions.toString());
        assertEquals(1, again.count(VENDOR, "NONE", "SKIPPED"), again.actions.toString());
        assertEquals(writesBefore, writes(), "a re-run of the same export wrote to Workiva: " + workiva.requests());
        assertEquals(2, workiva.users().stream().filter(u -> !u.email().startsWith("emma") && !u.email().startsWith("maya")).count());
    }

    @Test
    void moverIsPatchedLeaverSuspendedThroughScimAndRehireReactivated() throws Exception {
        String lenaId = workiva.seedUser("lena.leaver@example.com", "Lena", "Leaver", true);
        workiva.seedMember("Finance Reporting", "lena.leaver@example.com");
        workiva.seedUser("sam.gone@example.com", "Sam", "Gone", false);
        String emmaId = workiva.user("emma.johansson@example.com").orElseThrow().id();
        String mayaId = workiva.user("maya.chen@example.com").orElseThrow().id();
        assertFalse(workiva.user("maya.chen@example.com").orElseThrow().active(), "seed: Maya starts suspended");

        String csv = RunResultsFixtures.HEADER
                + "E1001,maya.chen@example.com,Maya,Chen,Executive,Chief Executive Officer,,San Francisco,2019-03-01,,active\n"
                + "E1014,emma.johansson@example.com,Emma,Johansson,Finance,Controller,maya.chen@example.com,Stockholm,2020-09-14,,active\n"
                + "WV20,lena.leaver@example.com,Lena,Leaver,Finance,Accountant,,Stockholm,2021-01-04,2026-11-20,terminated\n"
                + "WV21,sam.gone@example.com,Sam,Gone,Finance,Accountant,,Stockholm,2021-01-04,2025-06-30,terminated\n"
                + "WV22,tom.never@example.com,Tom,Never,Executive,Advisor,,London,2021-01-04,2025-06-30,terminated\n";
        RunResults run = RunResults.process(sandbox, "workiva-lifecycle-1.csv", csv);
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.actions.toString());

        // mover: only the names that differ are replaced, with a JSON Patch
        User emma = workiva.user("emma.johansson@example.com").orElseThrow();
        assertEquals("Johansson", emma.familyName());
        assertEquals("Emma Johansson", emma.displayName());
        assertEquals("UPDATE", run.action("emma.johansson@example.com", VENDOR).get("action"));
        assertEquals("APPLIED", run.action("emma.johansson@example.com", VENDOR).get("outcome"));
        assertEquals(emmaId, run.action("emma.johansson@example.com", VENDOR).get("vendor_user_id"));
        List<RecordedRequest> emmaPatches = requests("PATCH", "/organizations/" + Sandbox.WORKIVA_ORGANIZATION + "/users/" + emmaId);
        assertEquals(1, emmaPatches.size());
        JsonNode patch = JSON.readTree(emmaPatches.get(0).body());
        assertEquals(JSON.readTree("[{\"op\":\"replace\",\"path\":\"/familyName\",\"value\":\"Johansson\"},"
                + "{\"op\":\"replace\",\"path\":\"/displayName\",\"value\":\"Emma Johansson\"}]"), patch);

        // rehire: the suspended account is reactivated through SCIM (no second account) and joins its group
        User maya = workiva.user("maya.chen@example.com").orElseThrow();
        assertTrue(maya.active());
        assertEquals(mayaId, maya.id());
        assertEquals(Set.of("Leadership"), maya.groupNames());
        assertEquals(1, workiva.users().stream().filter(u -> u.email().equals("maya.chen@example.com")).count());
        assertEquals("REACTIVATE", run.action("maya.chen@example.com", VENDOR).get("action"));
        assertEquals("APPLIED", run.action("maya.chen@example.com", VENDOR).get("outcome"));
        assertEquals(1, requests("PATCH", "/scim/v2/Users/" + mayaId).size());
        assertEquals(0, workiva.creates());

        // leaver: suspended through SCIM, never deleted
        User lena = workiva.user("lena.leaver@example.com").orElseThrow();
        assertFalse(lena.active());
        assertEquals("DEACTIVATE", run.action("lena.leaver@example.com", VENDOR).get("action"));
        assertEquals("APPLIED", run.action("lena.leaver@example.com", VENDOR).get("outcome"));
        assertEquals(lenaId, run.action("lena.leaver@example.com", VENDOR).get("vendor_user_id"));
        List<RecordedRequest> suspension = requests("PATCH", "/scim/v2/Users/" + lenaId);
        assertEquals(1, suspension.size());
        assertEquals(JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"),
                JSON.readTree(suspension.get(0).body()));

        // already suspended, and no account at all: nothing to do
        assertEquals("NONE", run.action("sam.gone@example.com", VENDOR).get("action"));
        assertEquals("UNCHANGED", run.action("sam.gone@example.com", VENDOR).get("outcome"));
        assertEquals("NONE", run.action("tom.never@example.com", VENDOR).get("action"));
        assertEquals("SKIPPED", run.action("tom.never@example.com", VENDOR).get("outcome"));
        assertTrue(workiva.user("tom.never@example.com").isEmpty());

        assertEquals(0, workiva.deletes());
        assertTrue(workiva.requests().stream().noneMatch(r -> r.method().equals("DELETE")));

        // again: everyone is where the HRIS says, nothing is written
        long writesBefore = writes();
        RunResults again = RunResults.process(sandbox, "workiva-lifecycle-2.csv", csv);
        // (the leaver Workiva never had is remembered as done: no lookup for them either)
        assertEquals(5, again.count(VENDOR, "NONE", "UNCHANGED"), again.actions.toString());
        assertEquals(writesBefore, writes(), "a re-run wrote to Workiva");
        assertEquals(1, requests("PATCH", "/scim/v2/Users/" + lenaId).size());
    }

    @Test
    void groupMembersAreReadAcrossPagesByFollowingNextLink() {
        // 1000 members before Paula: the member list (default $maxpagesize 1000) has two pages
        for (int i = 0; i < 1000; i++) {
            String email = "filler" + i + "@example.com";
            workiva.seedUser(email, "Filler", "No" + i, true);
            workiva.seedMember("Finance Reporting", email);
        }
        workiva.seedUser("paula.paged@example.com", "Paula", "Paged", true);
        workiva.seedMember("Finance Reporting", "paula.paged@example.com");
        String ottoId = workiva.seedUser("otto.outsider@example.com", "Otto", "Outsider", true);

        RunResults run = RunResults.process(sandbox, "workiva-paging.csv", RunResultsFixtures.HEADER
                + "WV30,paula.paged@example.com,Paula,Paged,Finance,Analyst,,London,2024-01-08,,active\n"
                + "WV31,otto.outsider@example.com,Otto,Outsider,Finance,Analyst,,London,2024-01-08,,active\n");

        assertEquals("NONE", run.action("paula.paged@example.com", VENDOR).get("action"));
        assertEquals("UNCHANGED", run.action("paula.paged@example.com", VENDOR).get("outcome"));
        Map<String, String> otto = run.action("otto.outsider@example.com", VENDOR);
        assertEquals("UPDATE", otto.get("action"));
        assertEquals("APPLIED", otto.get("outcome"));
        assertTrue(otto.get("message").contains("added to group Finance Reporting"), otto.toString());
        assertTrue(workiva.user("otto.outsider@example.com").orElseThrow().groupNames().contains("Finance Reporting"));

        String groupsPath = "/organizations/" + Sandbox.WORKIVA_ORGANIZATION + "/workspaces/" + Sandbox.WORKIVA_WORKSPACE
                + "/groups/";
        List<RecordedRequest> memberPages = workiva.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().startsWith(groupsPath) && r.path().endsWith("/members"))
                .toList();
        assertEquals(2, memberPages.size(), "the member list was read once per run, both pages: " + memberPages);
        assertTrue(memberPages.get(1).query().startsWith("$next="), memberPages.get(1).query());
        // exactly one write: Otto's membership (Paula, on page 2, was found)
        List<RecordedRequest> modifications = workiva.requests().stream()
                .filter(r -> r.isWrite() && r.path().endsWith("/members/modification")).toList();
        assertEquals(1, modifications.size(), modifications.toString());
        assertTrue(modifications.get(0).body().contains(ottoId));
        assertTrue(modifications.get(0).body().contains("\"toRemove\":[]"), modifications.get(0).body());
    }

    @Test
    void tokensThatExpireDuringTheRunAreRenewedAndEveryRowIsApplied() {
        workiva.tokenLifetime(Duration.ofSeconds(1));
        workiva.latency(100);
        StringBuilder csv = new StringBuilder(RunResultsFixtures.HEADER);
        for (int i = 0; i < 8; i++) {
            csv.append("WV4").append(i).append(",token.joiner").append(i).append("@example.com,Token,Joiner").append(i)
                    .append(i % 2 == 0 ? ",Finance" : ",Executive").append(",Analyst,,London,2024-01-08,,active\n");
        }
        RunResults run = RunResults.process(sandbox, "workiva-tokens.csv", csv.toString());
        workiva.latency(0);

        assertEquals(8, run.count(VENDOR, "CREATE", "APPLIED"), run.actions.toString());
        assertEquals("COMPLETED", run.summary.path("status").asText());
        // ≥ 2.4 s of calls with 1 s tokens: several tokens were needed, and they were replaced before
        // they expired (at most the first call met a token left over from before the reset)
        assertTrue(workiva.tokensIssued() >= 3, "tokens issued: " + workiva.tokensIssued());
        assertTrue(workiva.requests().stream().filter(r -> r.status() == 401).count() <= 1, workiva.requests().toString());
        assertEquals(8, workiva.creates());
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndTheCallRetried() {
        RunResults.process(sandbox, "workiva-401-1.csv", RunResultsFixtures.HEADER
                + "WV50,rita.renew@example.com,Rita,Renew,Finance,Analyst,,London,2024-01-08,,active\n");
        int tokensBefore = workiva.tokensIssued();
        long refusedBefore = workiva.requests().stream().filter(r -> r.status() == 401).count();
        workiva.expireAllTokens();

        RunResults run = RunResults.process(sandbox, "workiva-401-2.csv", RunResultsFixtures.HEADER
                + "WV50,rita.renew@example.com,Rita,Renewed,Finance,Analyst,,London,2024-01-08,,active\n");

        assertEquals("UPDATE", run.action("rita.renew@example.com", VENDOR).get("action"));
        assertEquals("APPLIED", run.action("rita.renew@example.com", VENDOR).get("outcome"));
        assertEquals("Renewed", workiva.user("rita.renew@example.com").orElseThrow().familyName());
        assertEquals(tokensBefore + 1, workiva.tokensIssued());
        assertEquals(refusedBefore + 1, workiva.requests().stream().filter(r -> r.status() == 401).count());
    }

    @Test
    void aVendorErrorFailsOnlyItsRowWithWorkivasCodeAndMessage() throws Exception {
        // someone's username is the email hrsync wants to create: Workiva answers 409 on create, and
        // no user has that email, so the row fails (the others go on)
        String ownerId = workiva.seedUser("login.owner@example.com", "Login", "Owner", true);
        setUsername(ownerId, "nina.new@example.com");

        String csv = RunResultsFixtures.HEADER
                + "WV60,nina.new@example.com,Nina,New,Finance,Analyst,,London,2024-01-08,,active\n"
                + "WV61,oscar.ok@example.com,Oscar,Ok,Finance,Analyst,,London,2024-01-08,,active\n";
        RunResults run = RunResults.process(sandbox, "workiva-conflict.csv", csv);

        Map<String, String> nina = run.action("nina.new@example.com", VENDOR);
        assertEquals("FAILED", nina.get("outcome"));
        assertEquals("409", nina.get("http_status"));
        assertTrue(nina.get("message").contains("409Conflict: a user with username nina.new@example.com already exists"),
                nina.toString());
        assertEquals("APPLIED", run.action("oscar.ok@example.com", VENDOR).get("outcome"));
        assertEquals("COMPLETED_WITH_FAILURES", run.summary.path("status").asText());
        assertEquals(1, workiva.users().stream().filter(u -> u.username().equals("nina.new@example.com")).count());

        // a 400 on one person's create fails that row only
        workiva.refuseBodiesContaining("petra.first@example.com", "email: refused");
        RunResults bad = RunResults.process(sandbox, "workiva-400.csv", RunResultsFixtures.HEADER
                + "WV62,petra.first@example.com,Petra,First,Finance,Analyst,,London,2024-01-08,,active\n"
                + "WV63,quinn.second@example.com,Quinn,Second,Executive,Advisor,,London,2024-01-08,,active\n");
        assertEquals("FAILED", bad.action("petra.first@example.com", VENDOR).get("outcome"));
        assertEquals("400", bad.action("petra.first@example.com", VENDOR).get("http_status"));
        assertEquals("CREATE", bad.action("quinn.second@example.com", VENDOR).get("action"));
        assertEquals("APPLIED", bad.action("quinn.second@example.com", VENDOR).get("outcome"));
        assertTrue(workiva.user("petra.first@example.com").isEmpty());
        workiva.refuseBodiesContaining(null, null);

        // a 400 on the run's first two calls, the rules preflight's read of the groups and the listing of
        // Workiva's users, fails nobody: the preflight says it could not check Workiva, the people are
        // looked up one by one instead, the deliveries read the groups again, and the drift report lists
        // the directory again
        workiva.failNext(2, 400);
        RunResults unlisted = RunResults.process(sandbox, "workiva-unlisted.csv", RunResultsFixtures.HEADER
                + "WV65,sam.unlisted@example.com,Sam,Unlisted,Finance,Analyst,,London,2024-01-08,,active\n");
        assertEquals("APPLIED", unlisted.action("sam.unlisted@example.com", VENDOR).get("outcome"));
        assertEquals(VENDOR, unlisted.summary.path("preflight").path("unchecked").path(0).path("vendor").asText(),
                unlisted.summary.path("preflight").toPrettyString());
        assertEquals(Set.of("Finance Reporting"), workiva.user("sam.unlisted@example.com").orElseThrow().groupNames());
        assertTrue(workiva.requests().stream().anyMatch(r -> r.query() != null && r.query().contains("sam.unlisted")),
                "Sam was looked up by email");

        // 503s are retried (vendor-delivery policy), the row is applied
        workiva.failNext(2, 503);
        RunResults retried = RunResults.process(sandbox, "workiva-503.csv", RunResultsFixtures.HEADER
                + "WV64,rudi.retry@example.com,Rudi,Retry,Finance,Analyst,,London,2024-01-08,,active\n");
        assertEquals("APPLIED", retried.action("rudi.retry@example.com", VENDOR).get("outcome"));
        assertTrue(workiva.user("rudi.retry@example.com").isPresent());

        // no credential in any result file
        for (RunResults r : List.of(run, bad, retried)) {
            for (String file : new String[] {"summary.json", "actions.csv", "rejected.csv"}) {
                String text = Files.readString(r.dir.resolve(file));
                assertFalse(text.contains(Sandbox.WORKIVA_CLIENT_SECRET) || text.contains(Sandbox.WORKIVA_SCIM_TOKEN), file);
            }
        }
    }

    @Test
    void aGroupMissingInWorkivaIsReportedOnceAndTheAccountIsCreatedWithoutIt() {
        // a workspace where the Leadership group (rules: Executive -> Leadership) was never created
        workiva.reset();
        workiva.seedGroup("Finance Reporting");

        RunResults run = RunResults.process(sandbox, "workiva-missing-group.csv", RunResultsFixtures.HEADER
                + "WV70,vera.exec@example.com,Vera,Exec,Executive,Chief Operating Officer,,London,2024-01-08,,active\n"
                + "WV72,otto.exec@example.com,Otto,Exec,Executive,Chief of Staff,,London,2024-01-08,,active\n"
                + "WV71,will.fin@example.com,Will,Fin,Finance,Analyst,,London,2024-01-08,,active\n");

        // reported once, before any write (the rules preflight), not once per person
        JsonNode missing = run.summary.path("preflight").path("missing");
        assertEquals(1, missing.size(), run.summary.path("preflight").toPrettyString());
        assertEquals("workiva", missing.get(0).path("vendor").asText());
        assertEquals("Leadership", missing.get(0).path("name").asText());
        assertEquals("workiva.departmentGroups", missing.get(0).path("ruleKey").asText());
        assertEquals(2, missing.get(0).path("people").asLong());
        assertEquals("[\"Finance Reporting\"]", missing.get(0).path("available").toString());

        // Vera and Otto still get their accounts, without the group; nothing failed
        Map<String, String> vera = run.action("vera.exec@example.com", VENDOR);
        assertEquals("CREATE", vera.get("action"));
        assertEquals("APPLIED", vera.get("outcome"), run.describe());
        assertTrue(vera.get("message").contains("group 'Leadership' (mapped from department 'Executive'")
                && vera.get("message").contains("does not exist in Workiva workspace " + Sandbox.WORKIVA_WORKSPACE
                        + ": membership skipped"), vera.toString());
        assertEquals(Set.of(), workiva.user("vera.exec@example.com").orElseThrow().groupNames());
        assertEquals("APPLIED", run.action("otto.exec@example.com", VENDOR).get("outcome"));
        assertEquals("APPLIED", run.action("will.fin@example.com", VENDOR).get("outcome"));
        assertEquals(Set.of("Finance Reporting"), workiva.user("will.fin@example.com").orElseThrow().groupNames());
        assertEquals("COMPLETED", run.summary.path("status").asText(), run.describe());
        // no write failed (the first read's 401 only renews the token the reset revoked)
        assertTrue(workiva.requests().stream().filter(r -> r.isWrite()).allMatch(r -> r.status() < 400),
                workiva.requests().toString());
    }

    @Test
    void aDuplicateEmailOnCreateIsLookedUpAndContinuesAsAnUpdate() {
        // the lookup missed (say, the user was created by hand a moment ago); the create answers 409
        String emmaId = workiva.user("emma.johansson@example.com").orElseThrow().id();
        Person emma = new Person("E1014", "emma.johansson@example.com", "Emma", "Johansson", "Finance", "Controller", null,
                "Stockholm", null, null, PersonStatus.ACTIVE);
        VendorResult result = new VendorResult();
        result.setAction(VendorAction.CREATE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", emma.email());
        body.put("username", emma.email());
        body.put("givenName", "Emma");
        body.put("familyName", "Johansson");
        body.put("displayName", "Emma Johansson");

        Exchange out = template.send("direct:workiva-create-user", e -> {
            e.setProperty(ExchangeKeys.VENDOR, VENDOR);
            e.setProperty(ExchangeKeys.RUN_ID, "workiva-409-test");
            e.setProperty(ExchangeKeys.PERSON, emma);
            e.setProperty(ExchangeKeys.RESULT, result);
            e.getMessage().setBody(body);
        });

        assertNull(out.getException());
        assertEquals(0, workiva.creates());
        assertEquals(1, workiva.requests().stream().filter(r -> r.status() == 409).count());
        assertEquals(VendorAction.UPDATE, result.getAction());
        assertEquals(emmaId, result.getVendorUserId());
        assertEquals(emmaId, out.getProperty("workivaUserId", String.class));
        assertTrue(result.getMessage().contains("409"), result.getMessage());
        assertEquals(2, out.getProperty("workivaPatch", List.class).size(), "familyName and displayName differ");
        assertNull(out.getProperty("hrsyncAcceptStatus"), "a later 409 must not pass as accepted");
    }

    /** Writes to Workiva's API and SCIM endpoint (token requests are not writes of data). */
    private long writes() {
        return workiva.requests().stream().filter(r -> r.isWrite() && !r.path().equals(WorkivaSimulator.TOKEN_PATH)).count();
    }

    private List<RecordedRequest> requests(String method, String path) {
        return workiva.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Test setup only: gives a user another username straight through the simulator's API. */
    private void setUsername(String userId, String username) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(Sandbox.WORKIVA_CLIENT_ID, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(Sandbox.WORKIVA_CLIENT_SECRET, StandardCharsets.UTF_8);
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(workiva.baseUrl() + WorkivaSimulator.TOKEN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String accessToken = JSON.readTree(token.body()).path("access_token").asText();
        HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(workiva.baseUrl() + "/organizations/"
                + Sandbox.WORKIVA_ORGANIZATION + "/users/" + userId))
                .header("Authorization", "Bearer " + accessToken)
                .header("X-Version", WorkivaSimulator.API_VERSION)
                .header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "[{\"op\":\"replace\",\"path\":\"/username\",\"value\":\"" + username + "\"}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, patched.statusCode(), patched.body());
    }
}
