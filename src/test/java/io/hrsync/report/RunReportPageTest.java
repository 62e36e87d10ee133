package io.hrsync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.NightlySyncTest;
import io.hrsync.RunResults;
import io.hrsync.SandboxTestResource;
import io.hrsync.sandbox.RampSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The run report page after a real sandbox night, as a browser shows it: Debian's Chromium (headless,
 * installed by .ci/run) renders /runs from the management port; the rendered DOM names the run, its
 * status and result files, and the screenshot's first outcome bar (the newest run's first vendor) is
 * split in the proportions of that vendor's outcomes in summary.json. The page is read-only and serves
 * nothing but the runs' own result files.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class RunReportPageTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The bar colours of templates/runs.html, by outcome. */
    static final Map<String, Integer> COLOURS = Map.of("APPLIED", 0x2e9e44, "UNCHANGED", 0x7fc8f8, "SKIPPED", 0xc8c8c8,
            "PLANNED", 0x8e7cc3, "FAILED", 0xd62828, "DEAD_LETTERED", 0x6a040f, "REFUSED", 0xf4a261);
    static final int BAR_WIDTH = 400;
    /** Ramp's statuses of an account that cannot sign in (the rest hold a seat). */
    static final List<String> INACTIVE_RAMP = List.of("USER_INACTIVE", "USER_SUSPENDED", "INVITE_EXPIRED");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theMorningPageShowsTheNightAsItRanAndServesOnlyItsResultFiles() throws Exception {
        SandboxTestResource.resetVendorsAndState();
        // an invite nobody accepted yet: a Ramp seat taken by an account hrsync does not manage
        RampSimulator ramp = SandboxTestResource.sandbox().ramp();
        ramp.seedUser("ines.invited@example.com", "Ines", "Invited", "BUSINESS_USER", "INVITE_PENDING");
        List<RampSimulator.User> rampBefore = ramp.users();
        RunResults run = RunResults.process(SandboxTestResource.sandbox(), "report-1.csv", NightlySyncTest.sample());
        String base = "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);

        HttpResponse<String> page = get(base + "/runs");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains(run.runId()), "the page lists the run");
        HttpResponse<String> actions = get(base + "/runs/" + run.runId() + "/actions.csv");
        assertEquals(200, actions.statusCode());
        assertEquals(Files.readString(run.dir.resolve("actions.csv")), actions.body());
        assertEquals(404, get(base + "/runs/" + run.runId() + "/..%2F..%2Fconfig%2Fapplication.properties").statusCode());
        assertEquals(404, get(base + "/runs/not-a-run/summary.json").statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/runs")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(post.statusCode() >= 400, "read-only: a POST does nothing, got " + post.statusCode());

        assertTrue(Files.isExecutable(CHROMIUM), "Chromium is needed for this test: apt-get install chromium (.ci/run does)");
        Path dir = SandboxTestResource.DATA.resolve("report-page");
        Files.createDirectories(dir);
        String dom = chromium(dir, "--dump-dom", base + "/runs");
        assertTrue(dom.contains("id=\"run-" + run.runId() + "\""), "rendered: the run's section");
        String status = run.summary.path("status").asText();
        assertTrue(dom.contains(">" + status + "</span>"), "rendered: the run's status " + status);
        for (String file : List.of("summary.json", "actions.csv", "rejected.csv", "drift.csv")) {
            assertTrue(dom.contains("href=\"/runs/" + run.runId() + "/" + file + "\""), "rendered: a link to " + file);
        }
        // Ramp's seats as its directory stood before the run's writes: summary.json and the page agree
        JsonNode seats = run.summary.path("seats").path("ramp");
        long active = rampBefore.stream().filter(u -> !INACTIVE_RAMP.contains(u.status())).count();
        long pending = rampBefore.stream().filter(u -> "INVITE_PENDING".equals(u.status())).count();
        assertEquals(1, pending);
        assertEquals(rampBefore.size(), seats.path("listed").asLong(), seats.toString());
        assertEquals(active, seats.path("active").asLong(), seats.toString());
        assertEquals(pending, seats.path("pendingInvite").asLong(), seats.toString());
        assertEquals(rampBefore.size() - active, seats.path("inactive").asLong(), seats.toString());
        assertTrue(seats.path("activeNotManaged").asLong() >= pending, seats.toString());
        String rampRow = "<tr data-seats=\"ramp\"><td>ramp</td><td>" + active + "</td><td>" + pending + "</td><td>"
                + seats.path("activeNotManaged").asLong() + "</td><td>" + seats.path("inactive").asLong() + "</td><td>"
                + seats.path("freedByThisRun").asLong() + "</td></tr>";
        assertTrue(dom.contains(rampRow), "rendered: Ramp's seats " + rampRow);
        assertEquals(1, seats.path("freedByThisRun").asLong(), "Noah's deactivation freed a Ramp seat");

        Path png = dir.resolve("runs.png");
        chromium(dir, "--screenshot=" + png, base + "/runs");
        BufferedImage shot = ImageIO.read(png.toFile());

        // the newest run comes first, its vendors in name order: the first bar is the first vendor's
        Map.Entry<String, JsonNode> vendor = run.summary.path("vendors").fields().next();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        vendor.getValue().fields().forEachRemaining(a -> a.getValue().fields()
                .forEachRemaining(o -> outcomes.merge(o.getKey(), o.getValue().asLong(), Long::sum)));
        long total = outcomes.values().stream().mapToLong(Long::longValue).sum();
        Map<Integer, Integer> widths = firstBar(shot);
        assertTrue(!widths.isEmpty(), "no outcome bar in the screenshot " + png);
        int drawn = widths.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(Math.abs(drawn - BAR_WIDTH) <= 4, "the bar is " + drawn + " px wide, " + widths);
        for (Map.Entry<String, Long> o : outcomes.entrySet()) {
            int expected = (int) Math.round(BAR_WIDTH * (double) o.getValue() / total);
            int width = widths.getOrDefault(COLOURS.get(o.getKey()), 0);
            assertTrue(Math.abs(width - expected) <= 3, vendor.getKey() + " " + o.getKey() + ": " + width + " px drawn, "
                    + expected + " expected (" + o.getValue() + " of " + total + ") in " + png);
        }
    }

    /** The first pixel row holding a segment of an outcome bar: the width drawn in each bar colour. */
    static Map<Integer, Integer> firstBar(BufferedImage shot) {
        for (int y = 0; y < shot.getHeight(); y++) {
            Map<Integer, Integer> runs = new LinkedHashMap<>();
            int x = 0;
            while (x < shot.getWidth()) {
                int rgb = shot.getRGB(x, y) & 0xffffff;
                int start = x;
                while (x < shot.getWidth() && (shot.getRGB(x, y) & 0xffffff) == rgb) {
                    x++;
                }
                if (COLOURS.containsValue(rgb) && x - start >= 20) { // a legend square is 10 px: only bar segments
                    runs.merge(rgb, x - start, Integer::sum);
                }
            }
            if (!runs.isEmpty()) {
                return runs;
            }
        }
        return Map.of();
    }

    private String chromium(Path dir, String what, String url) throws Exception {
        Path out = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1100,2400",
                "--user-data-dir=" + dir.resolve("profile"), what, url).redirectErrorStream(false).redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        return Files.readString(out);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
