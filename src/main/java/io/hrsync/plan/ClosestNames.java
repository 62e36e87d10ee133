package io.hrsync.plan;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The names a vendor has that are closest to one it lacks (case-insensitive edit distance, then
 * alphabetical): what a person fixing a typo in the rules wants to see ("All Staff" → "All-Staff").
 */
final class ClosestNames {

    private ClosestNames() {
    }

    static List<String> to(String wanted, Collection<String> available, int limit) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return available.stream()
                .sorted(Comparator.<String> comparingInt(name -> distance(w, name.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(limit)
                .toList();
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
