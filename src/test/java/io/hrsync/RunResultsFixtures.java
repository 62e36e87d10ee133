package io.hrsync;

/** Small CSV fixtures shared by the end-to-end tests. */
public final class RunResultsFixtures {

    public static final String HEADER = "employee_id,email,first_name,last_name,department,title,manager_email,location,start_date,end_date,status\n";

    private RunResultsFixtures() {
    }
}
