package io.latchkey.quota.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One logged message exchange (the legacy service's message_logs). */
@Entity
@Table(name = "LK_MESSAGE_LOG")
@NamedQueries({
        @NamedQuery(name = "lkMessageDailyUsage", query = "select m.createdDay, m.userId, m.username, m.apiKeyId,"
                + " count(m) from MessageLogEntity m where m.realmId = :realmId and m.createdDay >= :from"
                + " and m.createdDay <= :to group by m.createdDay, m.userId, m.username, m.apiKeyId"
                + " order by m.createdDay, m.username, m.apiKeyId"),
        @NamedQuery(name = "lkMessageDeleteBefore", query = "delete from MessageLogEntity m"
                + " where m.realmId = :realmId and m.createdAt < :before"),
        @NamedQuery(name = "lkMessageDeleteRealm", query = "delete from MessageLogEntity m where m.realmId = :realmId"),
})
public class MessageLogEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "USERNAME", length = 255, nullable = false)
    private String username;

    /** The key the message came through; null for a user's access token. */
    @Column(name = "API_KEY_ID", length = 36)
    private String apiKeyId;

    @Column(name = "MODEL", length = 100, nullable = false)
    private String model;

    /** The request's messages, as a JSON array. */
    @Column(name = "MESSAGES", length = 262144, nullable = false)
    private String messages;

    @Column(name = "RESEARCH_MODEL", nullable = false)
    private boolean researchModel;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** UTC date (YYYY-MM-DD), for daily statistics. */
    @Column(name = "CREATED_DAY", length = 10, nullable = false)
    private String createdDay;

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

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getApiKeyId() {
        return apiKeyId;
    }

    public void setApiKeyId(String apiKeyId) {
        this.apiKeyId = apiKeyId;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getMessages() {
        return messages;
    }

    public void setMessages(String messages) {
        this.messages = messages;
    }

    public boolean isResearchModel() {
        return researchModel;
    }

    public void setResearchModel(boolean researchModel) {
        this.researchModel = researchModel;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedDay() {
        return createdDay;
    }

    public void setCreatedDay(String createdDay) {
        this.createdDay = createdDay;
    }
}
