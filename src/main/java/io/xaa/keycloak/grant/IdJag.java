package io.xaa.keycloak.grant;

/** Wire constants of draft-ietf-oauth-identity-assertion-authz-grant-04. */
public final class IdJag {

    public static final String TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id-jag";
    public static final String JOSE_TYPE = "oauth-id-jag+jwt";
    public static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    public static final String REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";
    /** RFC 8693 §2.2.1: the issued token is not an OAuth access token. */
    public static final String TOKEN_TYPE_NOT_APPLICABLE = "N_A";

    private IdJag() {
    }
}
