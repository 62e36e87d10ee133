package io.hrsync.connector;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading a vendor's answer to a lookup by email: the user used is the one with the very email asked
 * for (case aside), never "the first user" of the answer. A vendor that ignored the filter and
 * answered with other users finds nobody, rather than the wrong account to update or deactivate.
 */
public final class LookupAnswers {

    private LookupAnswers() {
    }

    /** The user among {@code users} whose {@code email} is {@code email}; empty when none is (or no email was asked). */
    public static Optional<JsonNode> withEmail(Iterable<JsonNode> users, String email) {
        if (email != null) {
            for (JsonNode user : users) {
                if (email.equalsIgnoreCase(user.path("email").asText())) {
                    return Optional.of(user);
                }
            }
        }
        return Optional.empty();
    }
}
