package io.latchkey.apikeys.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The number of the last change written to {@link ApiKeyChangeEntity}: one row, created by the changelog. A change
 * increments it and holds its row lock until the change's transaction ends, so changes are numbered in commit order.
 */
@Entity
@Table(name = "LK_API_KEY_CHANGE_COUNTER")
@NamedQueries({
        @NamedQuery(name = "lkApiKeyChangeCounterAdd", query = "update ApiKeyChangeCounterEntity c"
                + " set c.lastSeq = c.lastSeq + :count where c.id = :id"),
        @NamedQuery(name = "lkApiKeyChangeCounterRead", query = "select c.lastSeq from ApiKeyChangeCounterEntity c"
                + " where c.id = :id"),
})
public class ApiKeyChangeCounterEntity {

    /** The one row's id. */
    public static final String ID = "api-key-changes";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "LAST_SEQ", nullable = false)
    private long lastSeq;

    public String getId() {
        return id;
    }

    public long getLastSeq() {
        return lastSeq;
    }
}
