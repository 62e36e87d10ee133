package io.hrsync.connector;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/**
 * For a vendor whose requests and answers need nothing of their own in the shared HTTP route
 * (routes/vendor-http.camel.yaml): its request goes as the vendor routes built it, its answer is
 * classified as it came. Skilljar (path style, refused redirects), Ramp and Workiva (their error
 * bodies) have beans of their own in these places.
 */
@ApplicationScoped
@Named("noVendorQuirks")
public class NoVendorQuirks {

    /** The request is sent as built. */
    public void prepare(Exchange exchange) {
        // nothing vendor-specific
    }

    /**
     * A vendor whose credential cannot be renewed (an API key): the shared route calls a renewer only
     * with renewOn401=true, so this is never reached; Camel checks at startup that the method exists.
     */
    public void renew(Exchange exchange) {
        throw new IllegalStateException("this vendor's credential cannot be renewed; a 401 stands");
    }

    /** The answer is classified as it came. */
    public void describe(Exchange exchange) {
        // nothing vendor-specific
    }
}
