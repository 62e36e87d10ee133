package io.hrsync.connector;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.hrsync.hris.Person;
import io.hrsync.run.ExchangeKeys;

/**
 * The email a person's account in a vendor was last applied under, when the HRIS email has changed
 * since ({@link ExchangeKeys#PREVIOUS_EMAIL}): the vendors' lookups search by it first, so the
 * existing account is moved to the new email (or, where the vendor cannot change an email, updated
 * and noted) and never duplicated.
 */
@ApplicationScoped
@Named("previousEmail")
public class PreviousEmail {

    /** The previous email, lower-cased; null when none is set or it is today's email. */
    public static String of(Exchange exchange) {
        String previous = exchange.getProperty(ExchangeKeys.PREVIOUS_EMAIL, String.class);
        if (previous == null || previous.isBlank()) {
            return null;
        }
        String normalised = Person.normaliseEmail(previous);
        Person person = exchange.getProperty(ExchangeKeys.PERSON, Person.class);
        return person != null && normalised.equals(person.email()) ? null : normalised;
    }

    /** Whether the person's email changed since their account was last applied (the route's filter). */
    public boolean changed(Exchange exchange) {
        return of(exchange) != null;
    }
}
