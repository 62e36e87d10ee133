package io.hrsync.connector;

import java.io.IOException;
import java.util.Locale;

/**
 * A vendor's answer was larger than {@code hrsync.delivery.max-answer-bytes}: it was not read further
 * and its connection was closed. An {@link IOException} so that it leaves the HTTP client and Camel's
 * HTTP producer as it is; the vendor's HTTP route turns it into a {@link VendorRejectedException}
 * naming the vendor ({@link AnswerSizeLimit#refuse}).
 */
public class AnswerTooLargeException extends IOException {

    /** {@code call}: method and path; {@code how}: what showed the answer too large. */
    public AnswerTooLargeException(String call, long cap, String how) {
        super(String.format(Locale.ROOT, "the answer to %s is larger than the cap of %,d bytes (%s): not read further "
                + "(if the vendor really answers that much, raise hrsync.delivery.max-answer-bytes)", call, cap, how));
    }
}
