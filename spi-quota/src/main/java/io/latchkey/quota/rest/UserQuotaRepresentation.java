package io.latchkey.quota.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.quota.spi.QuotaProvider;

/**
 * A user's plan and quotas. The plan is the one {@link QuotaProvider#plan} resolves: a user whose
 * {@code subscription_plan} attribute is absent (every new user, however created) or names a plan the realm no longer
 * has reads as the realm's {@code default_plan}.
 */
@Schema(name = "UserQuota", description = "A user's plan and, per quota of that plan, its state now.",
        requiredProperties = {"username", "subscription_plan", "quotas"})
public record UserQuotaRepresentation(
        @Schema(readOnly = true, description = "The user's username; ignored when sent back in an update.")
        @JsonProperty("username") String username,
        @Schema(description = "The user's plan: the one an administrator set, else the realm's default plan.",
                example = "free")
        @JsonProperty("subscription_plan") String plan,
        @Schema(readOnly = true, description = "Every quota of the plan; ignored when sent back in an update.")
        @JsonProperty("quotas") List<QuotaStatusRepresentation> quotas) {

    static UserQuotaRepresentation of(KeycloakSession session, RealmModel realm, UserModel user) {
        QuotaProvider quotas = session.getProvider(QuotaProvider.class);
        return new UserQuotaRepresentation(user.getUsername(), quotas.plan(realm, user).name(),
                quotas.statuses(realm, user).stream().map(QuotaStatusRepresentation::of).toList());
    }
}
