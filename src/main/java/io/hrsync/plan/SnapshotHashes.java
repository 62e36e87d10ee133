package io.hrsync.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.hrsync.hris.Person;
import io.hrsync.rules.ProvisioningRules;
import io.hrsync.state.Hashes;
import io.hrsync.state.PersonSnapshots;

/**
 * The hash of what hrsync applies to one vendor for one person: the person's snapshot plus that
 * vendor's provisioning rules, so an edit of the rules (a new department group, say) is a change too.
 */
@ApplicationScoped
public class SnapshotHashes {

    /** Map entries sorted: the rules' maps are immutable copies whose order changes from JVM to JVM. */
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

    private final ProvisioningRules rules;
    private final Map<String, String> rulesText = new ConcurrentHashMap<>();

    public SnapshotHashes(ProvisioningRules rules) {
        this.rules = rules;
    }

    /** SHA-256 of the person's snapshot ({@link PersonSnapshots#toJson}), a line feed and the vendor's canonical rules. */
    public String of(Person person, String vendor) {
        return hasher(vendor).of(PersonSnapshots.toJson(person).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One vendor's hashes for one thread (a planning pass): the same values as {@link #of}, with the
     * rules' bytes encoded once and one digest reused, since a pass hashes every person in every vendor.
     */
    public Hasher hasher(String vendor) {
        return new Hasher(("\n" + rulesText.computeIfAbsent(vendor, this::canonicalRules)).getBytes(StandardCharsets.UTF_8));
    }

    /** See {@link #hasher}; not thread-safe. */
    public static final class Hasher {
        private final byte[] rules;
        private final MessageDigest sha;

        Hasher(byte[] rules) {
            this.rules = rules;
            this.sha = Hashes.newSha256();
        }

        public String of(byte[] snapshotUtf8) {
            sha.update(snapshotUtf8);
            sha.update(rules);
            return Hashes.hex(sha.digest());
        }
    }

    private String canonicalRules(String vendor) {
        try {
            return CANONICAL.writeValueAsString(rules.forVendor(vendor));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the " + vendor + " rules", e);
        }
    }
}
