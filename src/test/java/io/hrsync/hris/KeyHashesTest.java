package io.hrsync.hris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The compact key set the inspection keeps a file's employee ids and emails in. */
class KeyHashesTest {

    @Test
    void everyKeyAddedIsFoundAndNoOtherIsAcrossManyGrowths() {
        KeyHashes keys = new KeyHashes();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            assertTrue(keys.add("person" + i + "@example.com"));
        }
        assertEquals(n, keys.size());
        for (int i = 0; i < n; i++) {
            assertTrue(keys.contains("person" + i + "@example.com"), "person" + i);
            assertFalse(keys.contains("person" + (n + i) + "@example.com"), "person" + (n + i));
        }
        assertFalse(keys.add("person7@example.com"), "a key already there is not added twice");
        assertEquals(n, keys.size());
    }

    @Test
    void keysThatAJavaStringHashConfusesAreToldApart() {
        // "Aa" and "BB" share String.hashCode(); so do "AaAa", "BBBB", "AaBB" and "BBAa"
        KeyHashes keys = new KeyHashes();
        keys.add("Aa");
        keys.add("AaAa");
        assertFalse(keys.contains("BB"));
        assertFalse(keys.contains("BBBB"));
        assertFalse(keys.contains("AaBB"));
        assertFalse(keys.contains(""));
        assertTrue(keys.add(""), "the empty text is a key like any other");
        assertTrue(keys.contains(""));
    }

    @Test
    void withRowsTheFirstRowOfAKeyIsKeptAndAnsweredToEveryLaterOne() {
        KeyHashes ids = KeyHashes.withRows();
        assertEquals(-1, ids.put("E1", 2));
        assertEquals(-1, ids.put("E2", 3));
        assertEquals(2, ids.put("E1", 4));
        assertEquals(2, ids.put("E1", 9), "the first row stays the one answered");
        for (int i = 0; i < 10_000; i++) {
            ids.put("X" + i, 100 + i);
        }
        assertEquals(3, ids.put("E2", 50_000), "kept across growths");
        KeyHashes plain = ids.withoutRows();
        assertTrue(plain.contains("E1"));
        assertTrue(plain.contains("X9999"));
        assertFalse(plain.contains("E3"));
        assertEquals(ids.size(), plain.size());
    }
}
