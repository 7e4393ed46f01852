package io.latchkey.registration.profile;

import java.util.Collection;

import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

/**
 * {@code latchkey-plain-username}: a user-profile validator (Keycloak's way to constrain an attribute on every path:
 * registration page, JSON registration, account console, admin API) that refuses usernames {@link PlainUsername}
 * finds misleading. Put it on the {@code username} attribute in <em>Realm settings → User profile</em>; the demo realm
 * has it.
 */
public final class PlainUsernameValidator implements SimpleValidator {

    public static final String ID = "latchkey-plain-username";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context,
            ValidatorConfig config) {
        if (input instanceof String value) {
            check(value, inputHint, context);
        } else if (input instanceof Collection<?> values) {
            for (Object value : values) {
                if (value instanceof String text) {
                    check(text, inputHint, context);
                }
            }
        }
        return context;
    }

    private void check(String value, String inputHint, ValidationContext context) {
        String problem = PlainUsername.problem(value);
        if (problem != null) {
            context.addError(new ValidationError(ID, inputHint, problem));
        }
    }
}
