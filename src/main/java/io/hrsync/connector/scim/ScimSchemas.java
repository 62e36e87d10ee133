package io.hrsync.connector.scim;

/** The SCIM 2.0 schema URNs hrsync reads and writes (RFC 7643 §8.7, RFC 7644 §3.5.2, §3.12). */
public final class ScimSchemas {

    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String MEDIA_TYPE = "application/scim+json";

    private ScimSchemas() {
    }
}
