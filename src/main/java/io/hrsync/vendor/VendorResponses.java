package io.hrsync.vendor;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Classifies a vendor's HTTP answer right after the call: 2xx passes, 429 and 5xx become
 * {@link RetryableVendorException} (redelivered by the calling route), other statuses become
 * {@link VendorRejectedException} (recorded as FAILED, not retried). Statuses listed in the
 * {@code hrsyncAcceptStatus} header (e.g. a 404 on a lookup) pass through for the caller to read.
 */
@ApplicationScoped
@Named("vendorResponses")
public class VendorResponses {

    public static final String ACCEPT_STATUS = "hrsyncAcceptStatus";
    private static final int MAX_MESSAGE = 300;

    public void check(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String vendor = exchange.getProperty(io.hrsync.run.ExchangeKeys.VENDOR, "vendor", String.class);
        if (status >= 200 && status < 300) {
            return;
        }
        String accepted = exchange.getProperty(ACCEPT_STATUS, String.class);
        if (accepted != null && (',' + accepted + ',').contains(',' + String.valueOf(status) + ',')) {
            return;
        }
        String body = message.getBody(String.class);
        String text = body == null ? "" : body.length() > MAX_MESSAGE ? body.substring(0, MAX_MESSAGE) + "…" : body;
        int attempt = 1 + message.getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (status == 429 || status >= 500) {
            throw new RetryableVendorException(vendor, status, text, attempt);
        }
        throw new VendorRejectedException(vendor, status, text, attempt);
    }
}
