package io.hrsync.state;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hrsync.config.HrsyncConfig;
import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;

/** A person as stored in the state store: every canonical field, as JSON text. */
public final class PersonSnapshots {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PersonSnapshots() {
    }

    /** Canonical field → value (nulls kept), in the canonical order: stable input for hashes. */
    public static Map<String, String> fields(Person person) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : HrsyncConfig.CANONICAL_FIELDS) {
            fields.put(field, person.field(field));
        }
        return fields;
    }

    public static String toJson(Person person) {
        try {
            return JSON.writeValueAsString(fields(person));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Person fromJson(String json) {
        try {
            Map<String, String> f = JSON.readValue(json, new TypeReference<Map<String, String>>() {
            });
            return new Person(f.get("employee_id"), f.get("email"), f.get("first_name"), f.get("last_name"),
                    f.get("department"), f.get("title"), f.get("manager_email"), f.get("location"),
                    date(f.get("start_date")), date(f.get("end_date")),
                    PersonStatus.parse(f.get("status")).orElseThrow());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable person snapshot in the state store: " + e.getMessage(), e);
        }
    }

    private static LocalDate date(String value) {
        return value == null ? null : LocalDate.parse(value);
    }
}
