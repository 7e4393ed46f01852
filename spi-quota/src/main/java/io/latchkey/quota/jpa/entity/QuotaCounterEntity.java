package io.latchkey.quota.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A user's (or an API key's) usage of one quota in its current refill window. */
@Entity
@Table(name = "LK_QUOTA_COUNTER")
@NamedQueries({
        @NamedQuery(name = "lkQuotaBySubject", query = "select c from QuotaCounterEntity c"
                + " where c.realmId = :realmId and c.subjectType = :type and c.subjectId = :subjectId"),
        @NamedQuery(name = "lkQuotaResetRealm", query = "update QuotaCounterEntity c set c.used = 0,"
                + " c.updatedAt = :now where c.realmId = :realmId and c.used <> 0"),
        @NamedQuery(name = "lkQuotaDeleteSubject", query = "delete from QuotaCounterEntity c"
                + " where c.realmId = :realmId and c.subjectType = :type and c.subjectId = :subjectId"),
        @NamedQuery(name = "lkQuotaDeleteRealm", query = "delete from QuotaCounterEntity c where c.realmId = :realmId"),
})
public class QuotaCounterEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** {@code user} or {@code key}. */
    @Column(name = "SUBJECT_TYPE", length = 8, nullable = false)
    private String subjectType;

    @Column(name = "SUBJECT_ID", length = 36, nullable = false)
    private String subjectId;

    @Column(name = "QUOTA_NAME", length = 32, nullable = false)
    private String quotaName;

    /** Units used in the window that starts at {@link #windowStart}. */
    @Column(name = "USED", nullable = false)
    private long used;

    /** Epoch milliseconds; an older window than the current one counts as unused. */
    @Column(name = "WINDOW_START", nullable = false)
    private long windowStart;

    /** An admin's limit for this subject instead of the plan's; null for the plan's. */
    @Column(name = "LIMIT_OVERRIDE")
    private Long limitOverride;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getSubjectType() {
        return subjectType;
    }

    public void setSubjectType(String subjectType) {
        this.subjectType = subjectType;
    }

    public String getSubjectId() {
        return subjectId;
    }

    public void setSubjectId(String subjectId) {
        this.subjectId = subjectId;
    }

    public String getQuotaName() {
        return quotaName;
    }

    public void setQuotaName(String quotaName) {
        this.quotaName = quotaName;
    }

    public long getUsed() {
        return used;
    }

    public void setUsed(long used) {
        this.used = used;
    }

    public long getWindowStart() {
        return windowStart;
    }

    public void setWindowStart(long windowStart) {
        this.windowStart = windowStart;
    }

    public Long getLimitOverride() {
        return limitOverride;
    }

    public void setLimitOverride(Long limitOverride) {
        this.limitOverride = limitOverride;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
