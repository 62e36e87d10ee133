package io.hrsync.connector.workramp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/** WorkRamp's static admin API key as a Bearer token (header removed again right after the call). */
@ApplicationScoped
@Named("workRampAuth")
public class WorkRampAuth {

    private final WorkRampConfig config;

    public WorkRampAuth(WorkRampConfig config) {
        this.config = config;
    }

    public void apply(Exchange exchange) {
        exchange.getMessage().setHeader("Authorization", "Bearer " + config.apiKey().orElseThrow());
    }
}
