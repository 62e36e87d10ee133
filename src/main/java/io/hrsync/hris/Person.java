package io.hrsync.hris;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * One person as the HRIS says they are today: immutable, trimmed, email lowercased, dates parsed.
 * Empty optional values are {@code null}.
 */
public record Person(
        String employeeId,
        String email,
        String firstName,
        String lastName,
        String department,
        String title,
        String managerEmail,
        String location,
        LocalDate startDate,
        LocalDate endDate,
        PersonStatus status) {

    public Person {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(status, "status");
        employeeId = employeeId.trim();
        email = normaliseEmail(email);
        firstName = blankToNull(firstName);
        lastName = blankToNull(lastName);
        department = blankToNull(department);
        title = blankToNull(title);
        managerEmail = managerEmail == null || managerEmail.isBlank() ? null : normaliseEmail(managerEmail);
        location = blankToNull(location);
    }

    public String displayName() {
        if (firstName == null) {
            return lastName == null ? email : lastName;
        }
        return lastName == null ? firstName : firstName + " " + lastName;
    }

    /**
     * Whether the HRIS says this person should have working accounts today: not terminated, and
     * their end_date (if any) not reached. A future end_date is acted on when the day comes.
     */
    public boolean shouldHaveAccess() {
        return shouldHaveAccessOn(LocalDate.now());
    }

    public boolean shouldHaveAccessOn(LocalDate day) {
        return status.keepsAccess() && (endDate == null || endDate.isAfter(day));
    }

    /** The same person as a leaver (their end_date is reached): what the vendors are told. */
    public Person asLeaver() {
        return new Person(employeeId, email, firstName, lastName, department, title, managerEmail, location, startDate,
                endDate, PersonStatus.TERMINATED);
    }

    /** A field by its canonical column name, as text (for mappings to vendor attributes). */
    public String field(String canonicalName) {
        return switch (canonicalName) {
            case "employee_id" -> employeeId;
            case "email" -> email;
            case "first_name" -> firstName;
            case "last_name" -> lastName;
            case "department" -> department;
            case "title" -> title;
            case "manager_email" -> managerEmail;
            case "location" -> location;
            case "start_date" -> startDate == null ? null : startDate.toString();
            case "end_date" -> endDate == null ? null : endDate.toString();
            case "status" -> status.name().toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("unknown HRIS field '" + canonicalName + "'");
        };
    }

    public static String normaliseEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
