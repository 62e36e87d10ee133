package io.hrsync.rules;

import java.util.Map;
import java.util.TreeMap;

import io.hrsync.hris.Person;

/**
 * What one vendor's writes of a run may refer to, counted as the planning pass goes: per department
 * and per location, how many people the run creates, moves or reactivates there (the values the rules
 * and the connector map to groups, courses, departments and locations). A few distinct values, not
 * a list of people: memory stays flat however long the file.
 */
public final class ReferenceDemand {

    private final Map<String, Long> departments = new TreeMap<>();
    private final Map<String, Long> locations = new TreeMap<>();
    private long people;

    /** A person this run writes to the vendor with access (a joiner, mover or rehire). */
    public synchronized void add(Person person) {
        people++;
        if (person.department() != null) {
            departments.merge(person.department(), 1L, Long::sum);
        }
        if (person.location() != null) {
            locations.merge(person.location(), 1L, Long::sum);
        }
    }

    /** How many people the run writes to the vendor with access. */
    public synchronized long people() {
        return people;
    }

    /** Department → people in it the run writes. */
    public synchronized Map<String, Long> departments() {
        return Map.copyOf(departments);
    }

    /** Location → people there the run writes. */
    public synchronized Map<String, Long> locations() {
        return Map.copyOf(locations);
    }
}
