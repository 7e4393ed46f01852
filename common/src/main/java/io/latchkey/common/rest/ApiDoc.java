package io.latchkey.common.rest;

/**
 * Names shared by the OpenAPI annotations of every bundle resource, so an operation documents its errors and its
 * security the same way everywhere. The schemas and security schemes themselves are declared once, on the mount class
 * the document is generated from; resources refer to them by these names.
 *
 * <p>Every error body is one of the shapes {@link ApiErrors} writes: {@link #ERROR} ({@code {"detail": "..."}}) for a
 * request-level error, {@link #FIELD_ERRORS} ({@code {"field": ["message", ...]}}) for validation errors; a 400 may be
 * either ({@link #BAD_REQUEST}: a body that is not one JSON object is a request-level error).
 */
public final class ApiDoc {

    /** Security scheme: an access token of the realm ({@code Authorization: Bearer <JWT>}). */
    public static final String BEARER = "bearer";
    /** Security scheme: an API key of the realm ({@code Authorization: Bearer <prefix>_<secret>}). */
    public static final String API_KEY = "apiKey";
    /** Security scheme: an access token of a realm administrator (Keycloak's admin API). */
    public static final String ADMIN = "adminBearer";

    /** {@code {"detail": "sentence"}}. */
    public static final String ERROR = "Error";
    /** {@code {"field": ["message", ...]}}. */
    public static final String FIELD_ERRORS = "FieldErrors";
    /** A 400: either of the two shapes above. */
    public static final String BAD_REQUEST = "BadRequest";
    /** What Keycloak's admin API answers itself when it refuses a token: {@code {"error": "...", ...}}. */
    public static final String KEYCLOAK_ERROR = "KeycloakError";
    /**
     * An admin endpoint's 403 or 404 that Keycloak or Latchkey may answer: Keycloak's own body when the caller lacks
     * the realm permission Keycloak checks first or the realm does not exist, Latchkey's {@code {"detail"}} when a
     * finer check of Latchkey's refuses or the object does not exist.
     */
    public static final String ADMIN_ERROR = "AdminError";

    public static final String JSON = "application/json";

    private ApiDoc() {
    }
}
