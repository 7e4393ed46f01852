package io.latchkey.common.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The error shapes of the legacy services: {@code {"detail": "..."}} for a request-level error and
 * {@code {"field": ["message", ...]}} for validation errors, so clients written against them keep working.
 * A thrown {@link WebApplicationException} carries its response, so resources simply {@code throw}.
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static WebApplicationException error(Response.Status status, String detail) {
        return new WebApplicationException(json(status, Map.of("detail", detail)).build());
    }

    /** 401 with a challenge, as RFC 6750 asks of a bearer-protected resource. */
    public static WebApplicationException unauthorized(String realm, String detail) {
        return new WebApplicationException(json(Response.Status.UNAUTHORIZED, Map.of("detail", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"")
                .build());
    }

    public static WebApplicationException validation(Map<String, List<String>> fieldErrors) {
        return new WebApplicationException(json(Response.Status.BAD_REQUEST, fieldErrors).build());
    }

    private static Response.ResponseBuilder json(Response.Status status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
