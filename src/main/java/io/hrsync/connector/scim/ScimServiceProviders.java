package io.hrsync.connector.scim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.hrsync.connector.VendorHttp;

/**
 * Whether each SCIM app takes PATCH: {@code update-method=patch} or {@code put} says so; with
 * {@code auto} (the default) the app's {@code /ServiceProviderConfig} is read once per process
 * (its {@code patch.supported}, RFC 7643 §5), and a server without PATCH gets a read-merge-write PUT.
 */
@ApplicationScoped
@Named("scimServiceProviders")
public class ScimServiceProviders {

    private static final Logger LOG = Logger.getLogger(ScimServiceProviders.class);

    private final ScimConnectors targets;
    private final Map<String, Boolean> patch = new ConcurrentHashMap<>();

    public ScimServiceProviders(ScimConnectors targets) {
        this.targets = targets;
    }

    /** Whether /ServiceProviderConfig is still to be read for this vendor. */
    public boolean unknown(String vendor) {
        return "auto".equals(targets.target(vendor).updateMethod()) && !patch.containsKey(vendor);
    }

    /** Reads the answer of /ServiceProviderConfig. */
    public void read(String vendor, String answer) {
        JsonNode config = VendorHttp.readJson(answer);
        boolean supported = config.path("patch").path("supported").asBoolean(false);
        patch.put(vendor, supported);
        LOG.infof("%s: /ServiceProviderConfig says PATCH is %s: changed users are written with %s", vendor,
                supported ? "supported" : "not supported", supported ? "PATCH" : "PUT (read-merge-write)");
    }

    /** Whether changes go out as PATCH. */
    public boolean patch(String vendor) {
        return switch (targets.target(vendor).updateMethod()) {
            case "patch" -> true;
            case "put" -> false;
            default -> patch.getOrDefault(vendor, false);
        };
    }
}
