package io.hrsync.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The run's index of a vendor's listing: exact answers by email and employee id, kept up to date by the run. */
class VendorDirectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A vendor whose users carry {@code id}, {@code email} and {@code employee_id}. */
    private static final VendorConnector VENDOR = new VendorConnector() {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public VendorAccount accountOf(JsonNode user) {
            return new VendorAccount(user.path("id").asText(), user.path("email").asText(null), null, true, user);
        }

        @Override
        public String employeeIdOf(JsonNode user) {
            return user.path("employee_id").asText(null);
        }
    };

    static VendorAccount listed(String json) throws Exception {
        return VENDOR.accountOf(JSON.readTree(json));
    }

    @Test
    void aPersonIsFoundByTheirVeryEmailOrEmployeeIdAndNobodyElse() throws Exception {
        VendorDirectory directory = new VendorDirectory(VENDOR, List.of(
                listed("{\"id\":\"1\",\"email\":\"Ana@Example.com\",\"employee_id\":\"E1\"}"),
                listed("{\"id\":\"2\",\"email\":\"bob@example.com\"}")));
        assertEquals("1", directory.byEmail("ana@example.com").orElseThrow().path("id").asText());
        assertEquals("1", directory.byEmployeeId("E1").orElseThrow().path("id").asText());
        assertTrue(directory.byEmail("an@example.com").isEmpty());
        assertTrue(directory.byEmployeeId("E2").isEmpty());
        assertTrue(directory.byEmail(null).isEmpty());
        assertEquals(2, directory.listed().size());
    }

    @Test
    void anEmployeeIdTwoUsersShareAnswersNothing() throws Exception {
        VendorDirectory directory = new VendorDirectory(VENDOR, List.of(
                listed("{\"id\":\"1\",\"email\":\"a@example.com\",\"employee_id\":\"E1\"}"),
                listed("{\"id\":\"2\",\"email\":\"b@example.com\",\"employee_id\":\"E1\"}")));
        assertTrue(directory.byEmployeeId("E1").isEmpty(), "which of the two is the person is not for hrsync to guess");
        assertEquals("2", directory.byEmail("b@example.com").orElseThrow().path("id").asText());
    }

    @Test
    void theRunsCreatesAndEmailMovesAreSeenByLaterLookups() throws Exception {
        VendorDirectory directory = new VendorDirectory(VENDOR, List.of(listed("{\"id\":\"1\",\"email\":\"old@example.com\"}")));
        directory.remember("manager@example.com", JSON.readTree("{\"id\":\"7\",\"email\":\"manager@example.com\"}"));
        assertEquals("7", directory.byEmail("MANAGER@example.com").orElseThrow().path("id").asText());

        JsonNode moved = directory.byEmail("old@example.com").orElseThrow();
        directory.forget("old@example.com");
        directory.remember("new@example.com", moved);
        assertTrue(directory.byEmail("old@example.com").isEmpty());
        assertEquals("1", directory.byEmail("new@example.com").orElseThrow().path("id").asText());
        assertEquals(1, directory.listed().size(), "the listing as read stays what the drift report compares");
    }
}
