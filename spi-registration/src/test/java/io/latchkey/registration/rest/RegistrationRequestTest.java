package io.latchkey.registration.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;

/** The two legacy services' registration shapes, read into Keycloak's attribute names. */
class RegistrationRequestTest {

    @Test
    void oneNameIsSplitIntoFirstAndLastName() {
        RegistrationRequest request = parse("{\"username\": \"johndoe\", \"name\": \"John  van Doe\", \"email\":"
                + " \"j@example.com\", \"password\": \"password123\", \"confirm_password\": \"password123\","
                + " \"type\": \"Personal\"}");

        assertEquals("John", request.firstName());
        assertEquals("van Doe", request.lastName());
        assertEquals(Map.of("username", List.of("johndoe"), "email", List.of("j@example.com"),
                "firstName", List.of("John"), "lastName", List.of("van Doe"), "type", List.of("Personal")),
                request.attributes());
    }

    @Test
    void separateNameFieldsMapToKeycloakNamesAndTheTypeDefaults() {
        RegistrationRequest request = parse("{\"username\": \"s\", \"email\": \"s@example.com\", \"password\": \"p\","
                + " \"first_name\": \"Stream\"}");

        assertEquals("Stream", request.attributes().get("firstName").get(0));
        assertFalse(request.attributes().containsKey("lastName"));
        assertEquals(List.of("Personal"), request.attributes().get("type"));
    }

    @Test
    void aSingleWordNameIsAFirstName() {
        RegistrationRequest request = parse("{\"username\": \"c\", \"email\": \"c@example.com\", \"password\": \"p\","
                + " \"name\": \"Cher\"}");

        assertEquals("Cher", request.firstName());
        assertNull(request.lastName());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        FieldErrors errors = new FieldErrors();
        RegistrationRequest.parse(JsonBody.object("{\"password\": \"a\", \"confirm_password\": \"b\", \"level\": \"pro\","
                + " \"nickname\": \"x\", \"name\": \"A B\", \"last_name\": \"B\"}"), errors);

        List<String> reported = new ArrayList<>();
        errors.forEach((field, message) -> reported.add(field + ": " + message));
        assertEquals(List.of(
                "level: Only administrators can set this field.",
                "nickname: Unknown field.",
                "username: This field is required.",
                "email: This field is required.",
                "confirm_password: Passwords do not match.",
                "name: Give either name or first_name and last_name, not both."), reported);
    }

    @Test
    void thePasswordNeverReachesALog() {
        assertFalse(parse("{\"username\": \"u\", \"email\": \"e@example.com\", \"password\": \"hunter2secret\"}")
                .toString().contains("hunter2secret"));
    }

    @Test
    void theFieldNamesInErrorsAreTheRequests() {
        assertEquals("first_name", RegistrationRequest.field("firstName"));
        assertEquals("last_name", RegistrationRequest.field("lastName"));
        assertEquals("about_me", RegistrationRequest.field("about_me"));
        assertTrue(RegistrationRequest.FIELDS.contains("confirm_password"));
    }

    private static RegistrationRequest parse(String json) {
        FieldErrors errors = new FieldErrors();
        RegistrationRequest request = RegistrationRequest.parse(JsonBody.object(json), errors);
        assertTrue(errors.isEmpty(), "no errors expected");
        return request;
    }
}
