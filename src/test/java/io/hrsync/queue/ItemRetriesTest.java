package io.hrsync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.hrsync.SandboxTestResource;
import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;
import io.hrsync.run.ExchangeKeys;
import io.hrsync.run.VendorAction;
import io.hrsync.run.VendorResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A work item the vendor's open circuit stopped goes back to the queue: untried and not counted when
 * the circuit refused its first call, counted with its decided write kept when it refused a later one
 * (the write may have been made), so the next attempt labels an account it finds as created by it.
 * The items belong to a run this process does not deliver, so no drain takes them meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(SandboxTestResource.class)
class ItemRetriesTest {

    @Inject
    WorkQueue queue;

    @Inject
    ItemRetries retries;

    @Inject
    CamelContext camel;

    @Test
    void anAttemptStoppedBeforeItDecidedIsNotCountedOneStoppedAfterACreateIs() {
        SandboxTestResource.resetVendorsAndState();
        String run = "item-retries-test";
        queue.enqueue(List.of(new NewWorkItem(run, "workramp", "IR1", "ir1@example.com", 2, "JOIN", "CREATE", null, "{}"),
                new NewWorkItem(run, "workramp", "IR2", "ir2@example.com", 3, "JOIN", "CREATE", null, "{}")));
        List<WorkItem> claimed = queue.claim("workramp", 2, List.of(run));
        assertEquals(2, claimed.size());

        retries.holdForOpenCircuit(stopped(claimed.get(0), null)); // the circuit refused the lookup
        retries.holdForOpenCircuit(stopped(claimed.get(1), VendorAction.CREATE)); // it refused the call after the create

        WorkItem untried = queue.item(claimed.get(0).id()).orElseThrow();
        assertEquals(WorkStatus.QUEUED, untried.status());
        assertEquals(0, untried.attempts(), "not counted");
        WorkItem created = queue.item(claimed.get(1).id()).orElseThrow();
        assertEquals(WorkStatus.QUEUED, created.status());
        assertEquals(1, created.attempts(), "counted: the create may have been made");
        assertEquals("CREATE", created.action());

        for (WorkItem again : queue.claim("workramp", 2, List.of(run))) {
            if (again.id() == created.id()) {
                assertTrue(again.earlierAttemptCreated(), "the next attempt knows the account may be its own");
            } else {
                assertFalse(again.earlierAttemptCreated());
            }
            queue.finish(again.id(), "NONE", "UNCHANGED", null, null, "test");
        }
    }

    private Exchange stopped(WorkItem item, VendorAction decided) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeKeys.WORK_ITEM, item);
        exchange.setProperty(ExchangeKeys.VENDOR, item.vendor());
        exchange.setProperty(ExchangeKeys.RUN_ID, item.runId());
        exchange.setProperty(ExchangeKeys.PERSON, new Person(item.employeeId(), item.email(), "I", "R", null, null, null, null,
                LocalDate.parse("2024-01-01"), null, PersonStatus.ACTIVE));
        VendorResult result = new VendorResult();
        if (decided != null) {
            result.setAction(decided);
        }
        exchange.setProperty(ExchangeKeys.RESULT, result);
        return exchange;
    }
}
