package io.hrsync.plan;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The day change detection plans for: start and end dates are compared with it. One bean so that
 * every decision of a run uses the same day (and tests can move it with QuarkusMock).
 */
@ApplicationScoped
public class PlanCalendar {

    public LocalDate today() {
        return LocalDate.now();
    }
}
