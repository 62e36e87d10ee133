package io.hrsync.connector;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;

/** The enabled vendors, for the route that fans a person out to each of them. */
@ApplicationScoped
@Named("vendorRegistry")
public class VendorRegistry {

    private final List<VendorConnector> all;
    private final List<VendorConnector> enabled;

    public VendorRegistry(Instance<VendorConnector> connectors) {
        this.all = connectors.stream().sorted(Comparator.comparing(VendorConnector::name)).toList();
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
