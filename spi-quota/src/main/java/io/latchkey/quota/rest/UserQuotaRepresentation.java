package io.latchkey.quota.rest;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.quota.spi.QuotaProvider;

/** A user's plan and quotas. */
public record UserQuotaRepresentation(
        @JsonProperty("username") String username,
        @JsonProperty("subscription_plan") String plan,
        @JsonProperty("quotas") List<QuotaStatusRepresentation> quotas) {

    static UserQuotaRepresentation of(KeycloakSession session, RealmModel realm, UserModel user) {
        QuotaProvider quotas = session.getProvider(QuotaProvider.class);
        return new UserQuotaRepresentation(user.getUsername(), quotas.plan(realm, user).name(),
                quotas.statuses(realm, user).stream().map(QuotaStatusRepresentation::of).toList());
    }
}
