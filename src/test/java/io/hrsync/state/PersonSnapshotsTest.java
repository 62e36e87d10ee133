package io.hrsync.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;

/**
 * A snapshot's text is what its hash in the state store is of: the generator-written JSON must be
 * byte for byte what serialising the field map wrote, or every person would look changed.
 */
class PersonSnapshotsTest {

    @Test
    void theSnapshotIsExactlyTheFieldMapsJsonAndReadsBack() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (Person p : List.of(
                new Person("E1", "a@example.com", "Ann", "Lee", "Sales", "Rep", "boss@example.com", "London",
                        LocalDate.parse("2020-01-02"), null, PersonStatus.ACTIVE),
                new Person("E\"2\\", "b@example.com", "Jos\u00e9 \u00e9", "O'Neil\t\u0001", null, null, null, null, null,
                        LocalDate.parse("2030-12-31"), PersonStatus.LEAVE),
                new Person("E3", "c@example.com", "\u4e2d\u6587", "\ud83d\ude00", "", " ", "x@example.com", "</script>", null,
                        null, PersonStatus.TERMINATED))) {
            String json = PersonSnapshots.toJson(p);
            assertEquals(mapper.writeValueAsString(PersonSnapshots.fields(p)), json);
            assertEquals(json, PersonSnapshots.toJson(PersonSnapshots.fromJson(json)));
        }
    }
}
