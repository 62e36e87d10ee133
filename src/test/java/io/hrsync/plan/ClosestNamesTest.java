package io.hrsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What a preflight report shows of a vendor's names: the closest to the missing one first. */
class ClosestNamesTest {

    @Test
    void aTypoFindsTheNameItMeant() {
        Set<String> groups = Set.of("Engineering", "Sales", "All-Staff", "Leadership", "People Ops", "Finance", "Everyone");
        assertEquals(List.of("All-Staff", "Sales", "Everyone"), ClosestNames.to("All Staff", groups, 3));
        assertEquals(List.of("Engineering"), ClosestNames.to("engineering", groups, 1), "case does not count");
    }

    @Test
    void aVendorWithFewerNamesShowsThemAll() {
        assertEquals(List.of("A", "B"), ClosestNames.to("X", Set.of("B", "A"), 5), "equally far: alphabetical");
        assertEquals(List.of(), ClosestNames.to("X", Set.of(), 5));
    }

    @Test
    void distanceIsTheEditDistance() {
        assertEquals(0, ClosestNames.distance("abc", "abc"));
        assertEquals(1, ClosestNames.distance("all staff", "all-staff"));
        assertEquals(3, ClosestNames.distance("kitten", "sitting"));
        assertEquals(5, ClosestNames.distance("", "sales"));
    }
}
