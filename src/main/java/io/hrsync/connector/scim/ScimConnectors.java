package io.hrsync.connector.scim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import io.hrsync.connector.ConnectorFamily;
import io.hrsync.connector.VendorConnector;
import io.hrsync.connector.VendorReferences;
import io.hrsync.rules.ProvisioningRules;

/** The SCIM apps the configuration declares ({@code hrsync.vendors.<name>.type=scim}), each a vendor. */
@ApplicationScoped
public class ScimConnectors implements ConnectorFamily {

    private final Map<String, ScimConnector> connectors = new LinkedHashMap<>();
    private final List<VendorReferences> references;

    /** {@code settings} declares the keys of a SCIM vendor's block (a misspelt one fails at startup); they are read through {@code config}. */
    public ScimConnectors(Config config, ScimVendorsConfig settings, ProvisioningRules rules, ScimGroups groups) {
        for (String name : ScimTarget.names(config)) {
            connectors.put(name, new ScimConnector(ScimTarget.read(config, name), rules.forVendor(name)));
        }
        this.references = connectors.values().stream()
                .<VendorReferences> map(c -> new ScimReferences(c.target(), rules.forVendor(c.name()), groups)).toList();
    }

    @Override
    public List<VendorConnector> connectors() {
        return List.copyOf(connectors.values());
    }

    @Override
    public List<VendorReferences> references() {
        return references;
    }

    /** The target of a configured SCIM vendor. */
    public ScimTarget target(String vendor) {
        return Optional.ofNullable(connectors.get(vendor)).map(ScimConnector::target)
                .orElseThrow(() -> new IllegalArgumentException("no SCIM vendor named " + vendor));
    }

    /** The enabled targets. */
    public List<ScimTarget> enabled() {
        return connectors.values().stream().map(ScimConnector::target).filter(ScimTarget::enabled).toList();
    }
}
