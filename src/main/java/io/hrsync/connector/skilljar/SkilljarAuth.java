package io.hrsync.connector.skilljar;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

/**
 * Skilljar's API key as HTTP Basic credentials: the key is the username and the password is empty.
 * The header is removed again right after the call and never logged.
 */
@ApplicationScoped
@Named("skilljarAuth")
public class SkilljarAuth {

    private final SkilljarConfig config;

    public SkilljarAuth(SkilljarConfig config) {
        this.config = config;
    }

    public void apply(Exchange exchange) {
        String credentials = config.apiKey().orElseThrow() + ":";
        exchange.getMessage().setHeader("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
}
