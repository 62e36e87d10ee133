package io.hrsync.run;

import org.apache.camel.Exchange;

/** The failure an exchange carries: its exception while it is being handled, else the one the error handler caught. */
public final class Failures {

    private Failures() {
    }

    public static Throwable of(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
