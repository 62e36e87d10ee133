package io.hrsync.plan;

import java.time.LocalDate;

/** The planning day, moved by a test (installed with QuarkusMock). */
public class MovableCalendar extends PlanCalendar {

    private volatile LocalDate day = LocalDate.now();

    @Override
    public LocalDate today() {
        return day;
    }

    public void moveTo(LocalDate day) {
        this.day = day;
    }
}
