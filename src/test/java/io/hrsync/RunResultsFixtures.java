package io.hrsync;

/** Small CSV fixtures shared by the end-to-end tests. */
public final class RunResultsFixtures {

    public static final String HEADER = "employee_id,email,first_name,last_name,department,title,manager_email,location,start_date,end_date,status\n";

    /** An export of {@code count} active people of one department: ids {@code <prefix>1..}, emails {@code <prefix>1@example.com..}. */
    public static String people(String prefix, int count, String department) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= count; i++) {
            csv.append(prefix).append(i).append(',').append(prefix.toLowerCase()).append(i).append("@example.com,")
                    .append(prefix).append(",Person").append(i).append(',').append(department).append(",,,,,,active\n");
        }
        return csv.toString();
    }

    private RunResultsFixtures() {
    }
}
