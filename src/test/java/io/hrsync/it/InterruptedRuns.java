package io.hrsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.RunResultsFixtures;
import io.hrsync.sandbox.Sandbox;
import io.hrsync.sandbox.VendorSimulator;

/**
 * What the tests of a run interrupted half-way share (CrashRecoveryIT, LeaderTakeoverIT): the export,
 * settings that make a run slow enough to stop mid-way, and the checks that nobody exists twice and
 * that the run that finished it accounts for every row.
 */
final class InterruptedRuns {

    static final List<String> VENDORS = List.of("workramp", "ramp", "workiva", "skilljar");

    /** The request that creates an account, per vendor (a POST to its users collection). */
    private static final Map<String, Pattern> CREATE_PATHS = Map.of(
            "workramp", Pattern.compile("/api/v1/users"),
            "ramp", Pattern.compile(".*/users/deferred"),
            "workiva", Pattern.compile(".*/organizations/[^/]+/users"),
            "skilljar", Pattern.compile(".*/domains/[^/]+/users"));

    private InterruptedRuns() {
    }

    /** An export of {@code rows} joiners in Sales, employee ids {@code idPrefix1…}, emails {@code emailPrefix1@example.com…}. */
    static byte[] people(String idPrefix, String emailPrefix, int rows) {
        return people(idPrefix, emailPrefix, rows, List.of("Sales"));
    }

    /** The same, row {@code i} in {@code departments[(i - 1) % size]}. */
    static byte[] people(String idPrefix, String emailPrefix, int rows, List<String> departments) {
        StringBuilder csv = new StringBuilder(RunResultsFixtures.HEADER);
        for (int i = 1; i <= rows; i++) {
            csv.append(idPrefix).append(i).append(',').append(emailPrefix).append(i).append("@example.com,Crash,Test").append(i)
                    .append(',').append(departments.get((i - 1) % departments.size())).append(",Account Executive,,London,2024-01-01,,active\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Run-once settings for a run stopped half-way: one item at a time per vendor, short rate windows. */
    static Map<String, String> interruptible(Sandbox sandbox, Path dir) {
        Map<String, String> p = HrsyncProcess.runOnceAgainst(sandbox, dir);
        p.put("hrsync.vendors.workramp.rate-limit", "100");
        // the restarted process takes each vendor over from the stopped one one rate window later
        // (its last calls are unknown): windows of 5-10 s keep that short
        p.put("hrsync.vendors.workramp.rate-period-ms", "5000");
        p.put("hrsync.vendors.workiva.rate-limit", "50");
        p.put("hrsync.vendors.workiva.rate-period-ms", "10000");
        p.put("hrsync.vendors.skilljar.rate-limit", "40");
        p.put("hrsync.vendors.skilljar.rate-period-ms", "10000");
        // one item at a time, so the stop lands mid-run with finished items on disk (the limits above
        // would size WorkRamp's workers at 9: 19 people created in the second before a kill, whose
        // DONE the embedded H2, about a second behind on disk, had not written yet)
        for (String vendor : VENDORS) {
            p.put("hrsync.vendors." + vendor + ".concurrency", "1");
        }
        return p;
    }

    static List<String> emails(Sandbox sandbox, String vendor) {
        return switch (vendor) {
            case "workramp" -> sandbox.workramp().users().stream().map(u -> u.email()).toList();
            case "ramp" -> sandbox.ramp().users().stream().map(u -> u.email()).toList();
            case "workiva" -> sandbox.workiva().users().stream().map(u -> u.email()).toList();
            default -> sandbox.skilljar().users().stream().map(u -> u.email()).toList();
        };
    }

    static void assertNoDuplicateEmails(Sandbox sandbox, String vendor) {
        Map<String, Long> counts = emails(sandbox, vendor).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        counts.forEach((email, n) -> assertEquals(1L, n, vendor + " has " + n + " accounts for " + email));
    }

    /**
     * The vendor's account creations for the email: its successful POSTs to its users collection
     * naming it. Ramp's is an invite task whose idempotency key hrsync derives from the request: an
     * invite sent again with the same key (its answer was lost) is the same task in Ramp, not a
     * second invite, so Ramp's count is that of distinct keys.
     */
    static long creates(Sandbox sandbox, String vendor, String email) {
        VendorSimulator simulator = sandbox.simulators().stream().filter(s -> s.name().equals(vendor)).findFirst().orElseThrow();
        Pattern create = CREATE_PATHS.get(vendor);
        Stream<String> bodies = simulator.requests().stream().filter(r -> r.method().equals("POST") && r.status() < 300
                && create.matcher(r.path()).matches() && r.body() != null && r.body().contains(email)).map(r -> r.body());
        if (!vendor.equals("ramp")) {
            return bodies.count();
        }
        return bodies.map(body -> {
            try {
                return new ObjectMapper().readTree(body).path("idempotency_key").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).distinct().count();
    }

    /**
     * The WorkRamp items a resuming run kept (finished before the interruption, "delivered by run" in
     * its actions.csv): some, no more than the accounts that existed at the interruption, and none of
     * them written again after {@code callsBefore} (the WorkRamp requests made until the interruption).
     */
    static void assertKeptNotWrittenAgain(Sandbox sandbox, Path runDir, int callsBefore, long createdBeforeInterruption)
            throws Exception {
        List<String> keptInWorkramp = Files.readAllLines(runDir.resolve("actions.csv")).stream()
                .filter(l -> l.contains(",workramp,") && l.contains("delivered by run ")).toList();
        assertTrue(!keptInWorkramp.isEmpty() && keptInWorkramp.size() <= createdBeforeInterruption, createdBeforeInterruption
                + " created before the interruption, kept:\n" + String.join("\n", keptInWorkramp));
        List<VendorSimulator.RecordedRequest> after = sandbox.workramp().requests().subList(callsBefore,
                sandbox.workramp().requests().size());
        for (String line : keptInWorkramp) {
            String email = line.split(",")[3];
            String userId = sandbox.workramp().users().stream().filter(u -> u.email().equals(email)).findFirst()
                    .map(u -> String.valueOf(u.id())).orElseThrow();
            List<VendorSimulator.RecordedRequest> again = after.stream().filter(VendorSimulator.RecordedRequest::isWrite)
                    .filter(r -> r.body().contains(email) || r.path().matches(".*/users/" + userId + "(/.*)?")).toList();
            assertEquals(List.of(), again, "WorkRamp writes made again for " + email + ", finished before the interruption");
        }
    }

    static Path completedRunDir(Path results) throws Exception {
        try (Stream<Path> runs = Files.list(results)) {
            for (Path run : runs.toList()) {
                Path summary = run.resolve("summary.json");
                if (Files.exists(summary) && "COMPLETED".equals(new ObjectMapper().readTree(summary.toFile()).path("status").asText())) {
                    return run;
                }
            }
        }
        throw new AssertionError("no completed run in " + results);
    }

    static JsonNode completedSummary(Path results) throws Exception {
        return new ObjectMapper().readTree(completedRunDir(results).resolve("summary.json").toFile());
    }

    /** How many person×vendor outcomes summary.json records, over every vendor, action and outcome. */
    static long recordedOutcomes(JsonNode summary) {
        long recorded = 0;
        for (JsonNode actions : summary.path("vendors")) {
            for (JsonNode outcomes : actions) {
                for (JsonNode count : outcomes) {
                    recorded += count.asLong();
                }
            }
        }
        return recorded;
    }
}
