package io.hrsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hrsync.SandboxTestResource;
import io.hrsync.hris.HrisFileInspector;
import io.hrsync.hris.Person;
import io.hrsync.queue.RunItems;
import io.hrsync.queue.WorkItem;
import io.hrsync.queue.WorkQueue;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.RunLedger;
import io.hrsync.state.AccountState;
import io.hrsync.state.PersonSnapshots;
import io.hrsync.state.StateStore;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The plan is streamed: the planning pass keeps no decision, and the work items are made by a second
 * pass over the same input that must come to the same plan. Driven bean by bean on a file of 1,234
 * people (more than two state store batches), as the ingest route does, without the vendors' drains
 * (the run is never handed to them).
 */
@QuarkusTest
class StreamedPlanTest {

    static final int PEOPLE = 1234;

    @Inject
    CamelContext camel;
    @Inject
    RunLedger ledger;
    @Inject
    HrisFileInspector inspector;
    @Inject
    RunPlanner planner;
    @Inject
    RunItems items;
    @Inject
    WorkQueue queue;
    @Inject
    StateStore state;
    @Inject
    SnapshotHashes hashes;

    Exchange exchange;

    @BeforeEach
    void freshState() {
        SandboxTestResource.resetVendorsAndState();
    }

    @AfterEach
    void endTheRun() {
        if (exchange != null) {
            // the run is never delivered here: it ends as a stopped one does
            items.stop(exchange.getProperty(ExchangeKeys.RUN_ID, String.class));
            ledger.abort(exchange);
        }
    }

    @Test
    void theSecondPassWritesEveryDecisionAsAnItemThatCarriesItsPlannedChange() throws IOException {
        RunPlan plan = plan(export());
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        items.enqueue(runId, plan);
        List<WorkItem> written = new ArrayList<>();
        queue.forEachItem(runId, written::add);
        assertEquals(PEOPLE * 4, written.size(), "one item per person and vendor");
        WorkItem report = written.stream().filter(i -> i.employeeId().equals("S0012") && i.vendor().equals("workramp"))
                .findFirst().orElseThrow();
        assertEquals("s0011@streamed.example.com", report.dependsOnEmail(), "a report waits for their manager");
        PlannedChange planned = report.planned();
        assertEquals(Change.JOIN, planned.change());
        Person person = PersonSnapshots.fromJson(report.payload());
        assertEquals(hashes.of(person, "workramp"), planned.snapshotHash(), "the snapshot the change applies");
        assertTrue(planned.note().startsWith("new to workramp"), planned.note());
        assertFalse(planned.managed());
        assertNull(planned.previousEmail());
        assertTrue(items.runs().contains(runId), "handed to the drains only once every item is in place");
    }

    @Test
    void aStateChangeBetweenThePlanAndItsItemsIsRefusedAndTheItemsWrittenCancelled() throws IOException {
        RunPlan plan = plan(export());
        String runId = exchange.getProperty(ExchangeKeys.RUN_ID, String.class);
        // meanwhile another run (another process on the same state store) applies a change to one of them
        state.recordAccount(new AccountState("ramp", "S1200", "s1200@streamed.example.com", "S 1200", "ramp-1200",
                AccountState.ACTIVE, "0".repeat(64), "another-run"));

        PlanRefusedException refused = assertThrows(PlanRefusedException.class, () -> items.enqueue(runId, plan));
        assertTrue(refused.getMessage().contains("the state store changed while plan " + plan.planId()), refused.getMessage());
        assertTrue(refused.getMessage().contains("nothing was written to the vendors"), refused.getMessage());
        assertFalse(items.runs().contains(runId), "never handed to the drains");
        assertEquals(0, queue.outstanding(runId), "no item is left for a drain to deliver");
        List<WorkItem> written = new ArrayList<>();
        queue.forEachItem(runId, written::add);
        assertTrue(written.stream().anyMatch(i -> "CANCELLED".equals(i.outcome())),
                "the items queued before the check are finished, cancelled");
    }

    private RunPlan plan(Path file) {
        exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(file.toFile());
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, file.getFileName().toString());
        ledger.open(exchange);
        exchange.setProperty(ExchangeKeys.INSPECTION, inspector.inspect(file));
        return planner.plan(exchange);
    }

    /**
     * People S0001…S1234 in blocks of ten, each block's first the manager of the other nine; all but
     * S0012, S0112, … start in 2099 (PENDING: their items are written finished, so the drains have
     * little to deliver while the test looks).
     */
    private Path export() throws IOException {
        StringBuilder csv = new StringBuilder(
                "employee_id,email,first_name,last_name,department,title,manager_email,location,start_date,end_date,status\n");
        for (int i = 1; i <= PEOPLE; i++) {
            int manager = i - (i - 1) % 10;
            csv.append(String.format("S%04d,s%04d@streamed.example.com,S,%d,Sales,Rep,%s,London,%s,,active%n", i, i, i,
                    manager == i ? "" : String.format("s%04d@streamed.example.com", manager),
                    i % 100 == 12 ? "2020-01-01" : "2099-01-01"));
        }
        Path file = Files.createTempFile(Files.createDirectories(SandboxTestResource.DATA.resolve("streamed")), "streamed", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }
}
