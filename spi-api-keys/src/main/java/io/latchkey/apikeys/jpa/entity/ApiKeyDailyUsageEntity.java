package io.latchkey.apikeys.jpa.entity;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * How often one key was presented on one UTC day with one outcome ({@code VALID}, or the code of the refusal), and
 * the quota units its valid verifies deducted. Only the usage flush writes it, adding to the row, so a busy key costs
 * one statement per flush and outcome, not one per verify.
 */
@Entity
@Table(name = "LK_API_KEY_DAILY_USAGE")
@IdClass(ApiKeyDailyUsageEntity.Key.class)
@NamedQueries({
        @NamedQuery(name = "lkApiKeyDailyAdd", query = "update ApiKeyDailyUsageEntity u"
                + " set u.uses = u.uses + :uses, u.quotaUnits = u.quotaUnits + :units"
                + " where u.apiKeyId = :id and u.day = :day and u.outcome = :outcome"),
        @NamedQuery(name = "lkApiKeyDailyOfKey", query = "select u.day, u.outcome, sum(u.uses), sum(u.quotaUnits)"
                + " from ApiKeyDailyUsageEntity u where u.apiKeyId = :id and u.day >= :from and u.day <= :to"
                + " group by u.day, u.outcome"),
        @NamedQuery(name = "lkApiKeyDailyOfOwner", query = "select u.day, u.outcome, sum(u.uses), sum(u.quotaUnits)"
                + " from ApiKeyDailyUsageEntity u, ApiKeyEntity k where k.id = u.apiKeyId and k.realmId = :realmId"
                + " and k.ownerId = :ownerId and u.day >= :from and u.day <= :to group by u.day, u.outcome"),
        @NamedQuery(name = "lkApiKeyDailyDeleteByRealm", query = "delete from ApiKeyDailyUsageEntity u"
                + " where u.apiKeyId in (select k.id from ApiKeyEntity k where k.realmId = :realmId)"),
        @NamedQuery(name = "lkApiKeyDailyDeleteByOwner", query = "delete from ApiKeyDailyUsageEntity u"
                + " where u.apiKeyId in (select k.id from ApiKeyEntity k where k.realmId = :realmId"
                + " and k.ownerId = :ownerId)"),
        @NamedQuery(name = "lkApiKeyDailyPrune", query = "delete from ApiKeyDailyUsageEntity u"
                + " where u.day < :before"),
})
public class ApiKeyDailyUsageEntity {

    @Id
    @Column(name = "API_KEY_ID", length = 36)
    private String apiKeyId;

    @Id
    @Column(name = "USAGE_DAY")
    private LocalDate day;

    /** {@code VALID}, or the code a refused presentation answered (e.g. {@code DISABLED}, {@code USAGE_EXCEEDED}). */
    @Id
    @Column(name = "OUTCOME", length = 32)
    private String outcome;

    @Column(name = "USES", nullable = false)
    private long uses;

    @Column(name = "QUOTA_UNITS", nullable = false)
    private long quotaUnits;

    public ApiKeyDailyUsageEntity() {
    }

    public ApiKeyDailyUsageEntity(String apiKeyId, LocalDate day, String outcome, long uses, long quotaUnits) {
        this.apiKeyId = apiKeyId;
        this.day = day;
        this.outcome = outcome;
        this.uses = uses;
        this.quotaUnits = quotaUnits;
    }

    public String getApiKeyId() {
        return apiKeyId;
    }

    public LocalDate getDay() {
        return day;
    }

    public String getOutcome() {
        return outcome;
    }

    public long getUses() {
        return uses;
    }

    public long getQuotaUnits() {
        return quotaUnits;
    }

    /** The composite primary key. */
    public static final class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String apiKeyId;
        private LocalDate day;
        private String outcome;

        public Key() {
        }

        public Key(String apiKeyId, LocalDate day, String outcome) {
            this.apiKeyId = apiKeyId;
            this.day = day;
            this.outcome = outcome;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(apiKeyId, key.apiKeyId) && Objects.equals(day, key.day)
                    && Objects.equals(outcome, key.outcome);
        }

        @Override
        public int hashCode() {
            return Objects.hash(apiKeyId, day, outcome);
        }
    }
}
