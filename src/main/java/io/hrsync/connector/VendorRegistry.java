package io.hrsync.connector;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;

/**
 * Every vendor there is: the single-bean connectors and the vendors each {@link ConnectorFamily}
 * reads from configuration; the enabled ones are what runs provision.
 */
@ApplicationScoped
@Named("vendorRegistry")
public class VendorRegistry {

    private final List<VendorConnector> all;
    private final List<VendorConnector> enabled;

    public VendorRegistry(Instance<VendorConnector> connectors, Instance<ConnectorFamily> families) {
        this.all = java.util.stream.Stream.concat(connectors.stream(),
                families.stream().flatMap(family -> family.connectors().stream()))
                .sorted(Comparator.comparing(VendorConnector::name)).toList();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (VendorConnector connector : all) {
            if (!names.add(connector.name())) {
                throw new IllegalStateException("two connectors are named '" + connector.name()
                        + "': a vendor configured as hrsync.vendors." + connector.name() + ".type must not take a built-in vendor's name");
            }
        }
        this.enabled = all.stream()
                .filter(VendorConnector::enabled)
                .sorted(Comparator.comparing(VendorConnector::name))
                .toList();
    }

    /** Every vendor module there is, enabled or not. */
    public List<VendorConnector> all() {
        return all;
    }

    public List<VendorConnector> enabled() {
        return enabled;
    }

    /** An enabled vendor by name. */
    public java.util.Optional<VendorConnector> enabled(String name) {
        return enabled.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public List<String> enabledNames() {
        return enabled.stream().map(VendorConnector::name).toList();
    }

    /** Endpoints of the enabled vendors: the recipient list of each person. */
    public List<String> endpoints() {
        return enabled.stream().map(VendorConnector::endpoint).toList();
    }
}
