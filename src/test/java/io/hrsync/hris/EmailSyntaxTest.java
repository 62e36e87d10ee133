package io.hrsync.hris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The one-scan email check says what its regular expression says, on chosen and on random values. */
class EmailSyntaxTest {

    @Test
    void chosenValues() {
        for (String ok : List.of("a@b.co", "ann.lee@example.com", "x@sub.domain.org", "a+tag@ex-ample.io", "a@b..co",
                "A@B.CO", "\u00e9l\u00e8ve@\u00e9cole.fr")) {
            assertTrue(EmailSyntax.isValid(ok), ok);
            assertEquals(EmailSyntax.RULE.matcher(ok).matches(), EmailSyntax.isValid(ok), ok);
        }
        for (String bad : List.of("", "@b.co", "a@.co", "a@b.c", "a@b", "a@@b.co", "a@b.co.", "a b@c.co", "a@b.c o",
                "a,b@c.co", "a;b@c.co", "<a@b.co>", "\"a\"@b.co", "a@b.co\n", "a@b\t.co", "ab.co", "a@bco.")) {
            assertFalse(EmailSyntax.isValid(bad), bad);
            assertEquals(EmailSyntax.RULE.matcher(bad).matches(), EmailSyntax.isValid(bad), bad);
        }
    }

    @Test
    void randomValuesOfTheCharactersThatMatter() {
        char[] alphabet = "ab@.. ,;<>\"\t\u000B\r\ne".toCharArray();
        Random random = new Random(10);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(9);
            for (int i = 0; i < length; i++) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String v = value.toString();
            assertEquals(EmailSyntax.RULE.matcher(v).matches(), EmailSyntax.isValid(v), "'" + v + "'");
        }
    }
}
