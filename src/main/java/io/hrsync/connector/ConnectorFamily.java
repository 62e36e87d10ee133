package io.hrsync.connector;

import java.util.List;

/**
 * A connector whose vendors come from configuration rather than one bean each: a generic protocol
 * (SCIM 2.0, say) that an operator points at several apps, each its own named vendor
 * ({@code hrsync.vendors.<name>.type=<kind>}). The registry lists a family's vendors beside the
 * single-bean ones, so shared code treats both alike and never names either.
 */
public interface ConnectorFamily {

    /** One connector per configured vendor of this family, enabled or not. */
    List<VendorConnector> connectors();

    /** The references (groups, ...) the family's vendors check in the rules preflight. */
    default List<VendorReferences> references() {
        return List.of();
    }
}
