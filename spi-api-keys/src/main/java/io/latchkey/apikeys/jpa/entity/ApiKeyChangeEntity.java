package io.latchkey.apikeys.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One committed change that cached verifies must see: a key, an owner's keys or a whole realm. Written in the
 * change's own transaction and numbered by {@link ApiKeyChangeCounterEntity}; every node polls the rows after the last
 * number it applied. Rows are kept for an hour, then pruned.
 */
@Entity
@Table(name = "LK_API_KEY_CHANGE")
@NamedQueries({
        @NamedQuery(name = "lkApiKeyChangesBetween", query = "select c from ApiKeyChangeEntity c"
                + " where c.seq > :after and c.seq <= :upTo order by c.seq"),
        @NamedQuery(name = "lkApiKeyChangesPrune", query = "delete from ApiKeyChangeEntity c"
                + " where c.createdAt < :before"),
})
public class ApiKeyChangeEntity {

    @Id
    @Column(name = "SEQ")
    private long seq;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** key, owner or realm. */
    @Column(name = "SCOPE", length = 8, nullable = false)
    private String scope;

    /** The key's or the owner's id; null for a realm. */
    @Column(name = "SUBJECT", length = 36)
    private String subject;

    /** Epoch millis on the writing node: only for pruning, never for ordering. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public long getSeq() {
        return seq;
    }

    public void setSeq(long seq) {
        this.seq = seq;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }
}
