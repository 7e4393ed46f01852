package io.latchkey.apikeys.rest;

import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.apikeys.leak.LeakReport;
import io.latchkey.apikeys.leak.SecretScanningKeys;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.JsonBody;

/**
 * {@code /realms/{realm}/api-keys/leaks}: reports of the realm's keys found in public, from secret scanners. A
 * report is authenticated by its signature alone (the scanner has no account in the realm), checked against the public
 * keys the realm admin lists in the API-key settings; no network call is made to check it.
 *
 * <p>An unknown key identifier and a signature that does not verify are both 401: the request did not prove who sent
 * it, which is what 401 means; 403 would say a known sender was refused. A realm that lists no keys answers 403: it
 * takes no reports from anyone, whatever the signature.
 */
public final class LeakReportsResource {

    static final String KEY_IDENTIFIER = "Github-Public-Key-Identifier";
    static final String SIGNATURE = "Github-Public-Key-Signature";
    static final String NOT_CONFIGURED = "This realm takes no leak reports: its API-key settings list no"
            + " secret-scanning public keys.";
    static final String UNKNOWN_KEY = "The Github-Public-Key-Identifier names no public key this realm lists.";
    static final String BAD_SIGNATURE = "The Github-Public-Key-Signature does not verify over the request body.";

    private final KeycloakSession session;
    private final RealmModel realm;

    LeakReportsResource(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    @POST
    @Path("github")
    @Produces(MediaType.APPLICATION_JSON)
    // No credential of the realm: the signature headers, declared below as parameters, authenticate the report.
    @SecurityRequirements
    @Operation(summary = "GitHub secret scanning reports keys of the realm found in public; they are revoked",
            description = "GitHub's secret-scanning partner format: a JSON array of {token, type, url, source},"
                    + " signed with ECDSA P-256 / SHA-256 over the exact body by one of the public keys listed in the"
                    + " realm's API-key settings (secret_scanning_public_keys). Each token that is a key of the realm"
                    + " is revoked with reason 'leaked'; its owner is emailed and a REMOVE_CREDENTIAL event with the"
                    + " URL is recorded, once per key: a key revoked already is left as it is, so a report sent again"
                    + " changes nothing. The answer labels every token, in the order reported, by its SHA-256 hash"
                    + " (never the token). Bodies of up to 1 MiB are read: 1 000 tokens with their URLs fit.")
    @Parameter(name = KEY_IDENTIFIER, in = ParameterIn.HEADER,
            required = true, description = "Which of the listed public keys signed the body.", schema = @Schema(
                    type = SchemaType.STRING))
    @Parameter(name = SIGNATURE, in = ParameterIn.HEADER,
            required = true, description = "Base64 of the DER-encoded ECDSA signature (SHA-256) over the body's"
                    + " bytes.", schema = @Schema(type = SchemaType.STRING))
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            type = SchemaType.ARRAY, implementation = ReportedToken.class)))
    @APIResponse(responseCode = "200", description = "Every reported token, labelled.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Feedback.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON array of {token, type, url, source} strings;"
            + " nothing was revoked.", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
                    ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "401", description = "An unknown key identifier, or a signature that does not"
            + " verify over the body (or either header missing); nothing was revoked.", content = @Content(
                    mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = NOT_CONFIGURED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = ApiKeysResource.BODY_TOO_LARGE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = ApiKeysResource.NOT_JSON, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = ApiKeysResource.PEPPER_UNAVAILABLE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public List<Feedback> github(@HeaderParam(KEY_IDENTIFIER) String keyIdentifier,
            @HeaderParam(SIGNATURE) String signature, InputStream body) {
        byte[] raw = JsonBody.bytes(body);
        SecretScanningKeys keys = LeakedKeys.scanningKeys(realm);
        if (keys.isEmpty()) {
            throw ApiErrors.error(Response.Status.FORBIDDEN, NOT_CONFIGURED);
        }
        switch (keys.check(keyIdentifier, signature, raw)) {
            case UNKNOWN_KEY -> throw ApiErrors.error(Response.Status.UNAUTHORIZED, UNKNOWN_KEY);
            case BAD_SIGNATURE -> throw ApiErrors.error(Response.Status.UNAUTHORIZED, BAD_SIGNATURE);
            case VALID -> {
                // Authentic: read it.
            }
        }
        LeakReport report;
        try {
            report = LeakReport.parse(JsonBody.array(session, raw));
        } catch (IllegalArgumentException e) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        return LeakedKeys.revoke(session, realm, report.found(), LeakedKeys.REPORTER_GITHUB).stream()
                .map(outcome -> new Feedback(outcome.found().tokenHash(), outcome.found().type(), outcome.label()))
                .toList();
    }

    /** One entry of a report, for the OpenAPI document; {@link LeakReport#parse} reads it. */
    @Schema(name = "LeakReportEntry", description = "A string a secret scanner found in public.")
    record ReportedToken(
            @Schema(required = true, minLength = 1, description = "What was found.") String token,
            @Schema(required = true, minLength = 1, maxLength = LeakReport.MAX_WORD, description = "The scanner's"
                    + " name for the pattern that matched.") String type,
            @Schema(required = true, minLength = 1, maxLength = LeakReport.MAX_URL, description = "Where it was"
                    + " found.") String url,
            @Schema(required = true, minLength = 1, maxLength = LeakReport.MAX_WORD, description = "What kind of"
                    + " place that is (GitHub: content, commit, issue_comment, ...).") String source) {
    }

    /**
     * GitHub's partner feedback for one reported token. The token is named by its SHA-256 hash, never repeated: a
     * string that is not the realm's may be someone else's secret, and a response is no place for one.
     */
    @Schema(name = "LeakReportFeedback", description = "What the realm made of one reported token.")
    public record Feedback(
            @JsonProperty("token_hash") @Schema(required = true, description = "SHA-256 of the token, lower-case"
                    + " hex.") String tokenHash,
            @JsonProperty("token_type") @Schema(required = true, description = "The type as reported.")
            String tokenType,
            @JsonProperty("label") @Schema(required = true, enumeration = {"true_positive", "false_positive"},
                    description = "true_positive: a key of this realm (now revoked); false_positive: not one.")
            String label) {
    }
}
