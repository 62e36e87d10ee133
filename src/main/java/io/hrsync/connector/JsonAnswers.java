package io.hrsync.connector;

/**
 * Every vendor hrsync calls answers in JSON. A successful status with a body that is not JSON (a
 * proxy's or a login page's HTML with 200) is refused at once, for that call only: the row fails with
 * a clear message and nothing is decided from it. The message describes the body (its size and
 * Content-Type) and never quotes it, since an echoing proxy could put request material there.
 */
public final class JsonAnswers {

    private JsonAnswers() {
    }

    /** Throws {@link VendorRejectedException} unless the body is empty or starts like a JSON value. */
    public static void require(String vendor, int status, String body, String contentType) {
        if (body == null) {
            return;
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if ("{[\"-0123456789tfn".indexOf(c) >= 0) {
                return; // an object, an array or a scalar (WorkRamp answers an update with a bare value)
            }
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                throw new VendorRejectedException(vendor, status, vendor + " answered " + status + " with a body that is not JSON ("
                        + body.length() + " characters" + (contentType == null ? "" : ", Content-Type "
                        + contentType.replaceAll("[^\\x20-\\x7E]", "?")) + "); nothing was decided from it");
            }
        }
    }
}
