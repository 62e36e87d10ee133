package io.hrsync.plan;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.hrsync.run.ExchangeKeys;
import io.hrsync.state.PlanRecord;
import io.hrsync.state.StateStore;

/**
 * The approval command ({@code -Dhrsync.plan.approve=<plan id>}): hands the plan's stored input to
 * the same file process as a new run, which re-plans it against the current state and applies it
 * only if it still yields exactly that plan id.
 */
@ApplicationScoped
@Named("planApprovals")
public class PlanApprovals {

    private static final Logger LOG = Logger.getLogger(PlanApprovals.class);

    private final StateStore state;
    private final RunPlanner planner;

    public PlanApprovals(StateStore state, RunPlanner planner) {
        this.state = state;
        this.planner = planner;
    }

    /** Puts the approved plan's input in the exchange, as the inbox consumer would a new file. */
    public void load(Exchange exchange, String approvedPlanId) {
        if (approvedPlanId == null || approvedPlanId.isBlank()) {
            throw new PlanRefusedException("no plan id: set hrsync.plan.approve");
        }
        String planId = approvedPlanId.trim();
        PlanRecord plan = state.plan(planId).orElseThrow(() -> new PlanRefusedException("plan " + planId
                + " is unknown to the state store (" + StateStore.activeDatasourceName() + ")"));
        if ("APPLIED".equals(plan.status())) {
            throw new PlanRefusedException("plan " + planId + " was already applied by run " + plan.appliedRunId());
        }
        Path input = planner.storedInput(planId);
        if (!Files.isRegularFile(input)) {
            throw new PlanRefusedException("the input of plan " + planId + " is no longer kept (" + input + ")");
        }
        LOG.infof("applying approved plan %s (run %s, %s: %s)", planId, plan.runId(), plan.inputFile(),
                plan.reason() == null ? "plan mode" : plan.reason());
        exchange.getMessage().setBody(input.toFile());
        exchange.getMessage().setHeader(Exchange.FILE_NAME, plan.inputFile());
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, plan.inputFile());
        exchange.setProperty(ExchangeKeys.APPROVED_PLAN, planId);
    }
}
