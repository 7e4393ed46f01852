package io.latchkey.quota.spi;

/**
 * What became of one message-log record. {@link Status#LOGGED} means committed to the database. {@link Status#REFUSED}
 * means the database refused this record's values (the record is not logged, and sending it again will not help).
 * {@link Status#UNAVAILABLE} means the log could not take or confirm the record now (memory bound reached, database
 * unavailable, or no confirmation within the wait bound): the caller should retry after {@code retryAfterSeconds}.
 *
 * @param cause for metrics: {@code full}, {@code database}, {@code timeout} or {@code closed} when unavailable;
 *              {@code record} when refused; null when logged
 */
public record MessageLogResult(Status status, String detail, String cause, int retryAfterSeconds) {

    public enum Status { LOGGED, REFUSED, UNAVAILABLE }

    public static final MessageLogResult LOGGED = new MessageLogResult(Status.LOGGED, null, null, 0);

    public static MessageLogResult refused(String detail) {
        return new MessageLogResult(Status.REFUSED, detail, "record", 0);
    }

    public static MessageLogResult unavailable(String cause, String detail, int retryAfterSeconds) {
        return new MessageLogResult(Status.UNAVAILABLE, detail, cause, retryAfterSeconds);
    }
}
