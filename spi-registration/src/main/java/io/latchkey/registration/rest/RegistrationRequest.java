package io.latchkey.registration.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.common.rest.FieldErrors;

/**
 * A registration as the apps of the legacy services send it: {@code username}, {@code email}, {@code password},
 * optional {@code confirm_password}, and the name either as one {@code name} or as {@code first_name}/{@code last_name}
 * (the two legacy services disagreed, and apps of both must keep working), plus the profile fields {@code type},
 * {@code about_me}, {@code hobbies}. Only the shape is checked here; what a value may be is the realm's user
 * profile's and password policy's to say.
 */
record RegistrationRequest(String username, String email, String password, String firstName, String lastName,
        Map<String, String> profileAttributes) {

    static final List<String> FIELDS = List.of("username", "email", "password", "confirm_password", "name",
            "first_name", "last_name", "type", "about_me", "hobbies");
    /** Attributes only administrators set: named so the caller learns why, not just "unknown". */
    static final List<String> ADMIN_ONLY = List.of("subscription_plan", "level", "additional_notes");
    static final String DEFAULT_TYPE = "Personal";
    static final String REQUIRED = "This field is required.";
    /** Long enough for any real input; Keycloak's own limits are checked by the user profile. */
    private static final int MAX_LENGTH = 2000;
    /** bcrypt and most policies stop at 72-128; longer is a mistake or an attack on the hasher. */
    static final int MAX_PASSWORD_LENGTH = 256;

    static RegistrationRequest parse(ObjectNode body, FieldErrors errors) {
        body.fieldNames().forEachRemaining(name -> {
            if (ADMIN_ONLY.contains(name)) {
                errors.add(name, "Only administrators can set this field.");
            } else if (!FIELDS.contains(name)) {
                errors.add(name, "Unknown field.");
            }
        });
        String username = errors.string(body, "username", true, REQUIRED, MAX_LENGTH);
        String email = errors.string(body, "email", true, REQUIRED, MAX_LENGTH);
        String password = errors.string(body, "password", true, REQUIRED, MAX_PASSWORD_LENGTH);
        String confirm = errors.string(body, "confirm_password", false, REQUIRED, MAX_PASSWORD_LENGTH);
        if (password != null && confirm != null && !password.equals(confirm)) {
            errors.add("confirm_password", "Passwords do not match.");
        }
        String name = errors.string(body, "name", false, REQUIRED, MAX_LENGTH);
        String firstName = errors.string(body, "first_name", false, REQUIRED, MAX_LENGTH);
        String lastName = errors.string(body, "last_name", false, REQUIRED, MAX_LENGTH);
        if (name != null && (firstName != null || lastName != null)) {
            errors.add("name", "Give either name or first_name and last_name, not both.");
        } else if (name != null && !name.isBlank()) {
            String[] parts = name.trim().split("\\s+", 2);
            firstName = parts[0];
            lastName = parts.length > 1 ? parts[1] : null;
        }
        Map<String, String> profile = new LinkedHashMap<>();
        String type = errors.string(body, "type", false, REQUIRED, MAX_LENGTH);
        profile.put("type", type == null ? DEFAULT_TYPE : type);
        for (String field : List.of("about_me", "hobbies")) {
            String value = errors.string(body, field, false, REQUIRED, MAX_LENGTH);
            if (value != null && !value.isEmpty()) {
                profile.put(field, value);
            }
        }
        return new RegistrationRequest(username, email, password, firstName, lastName, profile);
    }

    /** The user-profile attributes to validate and create, under Keycloak's names. */
    Map<String, List<String>> attributes() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("username", List.of(username));
        attributes.put("email", List.of(email));
        if (firstName != null) {
            attributes.put("firstName", List.of(firstName));
        }
        if (lastName != null) {
            attributes.put("lastName", List.of(lastName));
        }
        profileAttributes.forEach((name, value) -> attributes.put(name, List.of(value)));
        return attributes;
    }

    /** The request's field for a Keycloak attribute, so errors name what the caller sent. */
    static String field(String attribute) {
        return switch (attribute) {
            case "firstName" -> "first_name";
            case "lastName" -> "last_name";
            default -> attribute;
        };
    }

    @Override
    public String toString() {
        return "RegistrationRequest[username=" + username + ", email=" + email + ", password=***]";
    }
}
