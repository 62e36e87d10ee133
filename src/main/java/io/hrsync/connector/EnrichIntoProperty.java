package io.hrsync.connector;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Content-enricher strategy: keeps the original message and puts what the enrichment resource
 * answered into an exchange property, so a route can look something up without losing its body.
 */
public class EnrichIntoProperty implements AggregationStrategy {

    private final String property;

    public EnrichIntoProperty(String property) {
        this.property = property;
    }

    @Override
    public Exchange aggregate(Exchange original, Exchange resource) {
        if (resource == null) {
            return original;
        }
        if (resource.getException() != null) {
            original.setException(resource.getException());
            Object delay = resource.getMessage().getHeader(Exchange.REDELIVERY_DELAY);
            if (delay != null) {
                original.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay);
            }
            return original;
        }
        original.setProperty(property, resource.getMessage().getBody());
        return original;
    }
}
