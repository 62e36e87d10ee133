package io.hrsync.connector.scim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/**
 * A SCIM app's credential on one call: {@code Authorization: Bearer <bearer-token>}, or HTTP Basic
 * from username and password. The header is removed again right after the call and never logged.
 */
@ApplicationScoped
@Named("scimAuth")
public class ScimAuth {

    private final ScimConnectors targets;

    public ScimAuth(ScimConnectors targets) {
        this.targets = targets;
    }

    public void apply(Exchange exchange, String vendor) {
        ScimTarget target = targets.target(vendor);
        exchange.getMessage().setHeader("Authorization", target.bearerToken().map(token -> "Bearer " + token)
                .orElseGet(() -> "Basic " + Base64.getEncoder().encodeToString((target.username().orElseThrow() + ":"
                        + target.password().orElseThrow()).getBytes(StandardCharsets.UTF_8))));
    }
}
