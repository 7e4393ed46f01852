package io.latchkey.quota.messagelog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import io.latchkey.quota.spi.MessageLogResult;

/**
 * Group commit: a request's record is answered only once the transaction that carries it has committed. A few writer
 * threads each turn whatever is waiting into one transaction. When a writer is idle a record is written at once;
 * while all of them write, newcomers gather into the next batch, so under load a transaction carries many records.
 * More than one writer keeps the database busy while a transaction waits for its commit to reach the disk (the
 * durable commit, not the insert, is what a single writer mostly waits for).
 *
 * <p>Memory is bounded in bytes: records waiting or being written may reserve at most {@code maxBytes} (a record is
 * always let in when nothing else is held, so one record larger than the bound still gets through); past that,
 * {@link #append} answers "unavailable" at once and keeps nothing. A caller waits at most {@code waitMillis}.
 *
 * <p>A failed batch is written again record by record, each in its own transaction, so only the record the database
 * refuses fails. A failure is the record's when the writer says so, or when the database still answers afterwards;
 * otherwise the database is unavailable: every record not yet written is answered "unavailable" and dropped from
 * memory (its caller was not told it was logged and can retry), so an outage neither blocks the log nor is reported
 * as a bad record.
 */
public final class GroupCommitLog<T> {

    /** Where records go: the database, or a fake in unit tests. */
    public interface Writer<T> {

        /** Writes all {@code records} in one transaction, or none (then throws). */
        void writeAll(List<T> records);

        /** Writes one record in its own transaction, or throws. */
        void writeOne(T record);

        /** Whose fault {@code failure} is, as far as the failure itself tells. */
        Fault classify(RuntimeException failure);

        /** Why the database refused a record, in words for its caller ("a value is too long for its column"). */
        String reason(RuntimeException failure);

        /** Whether the database answers now: tells a record's fault from an outage when the failure does not. */
        boolean reachable();
    }

    public enum Fault { RECORD, DATABASE, UNKNOWN }

    static final int RETRY_WHEN_FULL_SECONDS = 1;
    static final int RETRY_WHEN_DOWN_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(GroupCommitLog.class);

    private final Writer<T> writer;
    private final long maxBytes;
    private final int maxBatch;
    private final long waitMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Entry<T>> pending = new ArrayDeque<>();
    private long heldBytes;
    private int held;
    private boolean closed;
    private final List<Thread> threads = new ArrayList<>();

    public GroupCommitLog(Writer<T> writer, long maxBytes, int maxBatch, long waitMillis) {
        this.writer = writer;
        this.maxBytes = maxBytes;
        this.maxBatch = maxBatch;
        this.waitMillis = waitMillis;
    }

    /** Starts {@code writers} writer threads, named {@code threadName-1}, {@code threadName-2}... */
    public void start(String threadName, int writers) {
        if (writers < 1) {
            throw new IllegalArgumentException("at least one writer");
        }
        for (int i = 1; i <= writers; i++) {
            Thread thread = new Thread(this::run, threadName + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Hands {@code record} (about {@code bytes} of memory) to the writer and waits, at most the wait bound, for the
     * transaction that carries it.
     */
    public MessageLogResult append(T record, long bytes) {
        Entry<T> entry = new Entry<>(record, bytes);
        lock.lock();
        try {
            if (closed) {
                return MessageLogResult.unavailable("closed", "The server is shutting down; the message was not"
                        + " logged. Send it again later.", RETRY_WHEN_DOWN_SECONDS);
            }
            if (held > 0 && heldBytes + bytes > maxBytes) {
                return MessageLogResult.unavailable("full", "The message log is busy (its memory bound is reached);"
                        + " the message was not logged. Send it again later.", RETRY_WHEN_FULL_SECONDS);
            }
            heldBytes += bytes;
            held++;
            pending.add(entry);
            arrived.signal();
        } finally {
            lock.unlock();
        }
        return await(entry);
    }

    private MessageLogResult await(Entry<T> entry) {
        boolean interrupted = false;
        try {
            return entry.result.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Fall through: decide below whether it may still be written.
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException e) {
            return databaseUnavailable();
        }
        lock.lock();
        try {
            if (pending.remove(entry)) {
                release(entry);
                return MessageLogResult.unavailable("timeout", "The message log could not write the message in time;"
                        + " it was not logged. Send it again later.", RETRY_WHEN_DOWN_SECONDS);
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        MessageLogResult done = entry.result.getNow(null);
        return done != null ? done : MessageLogResult.unavailable("timeout", "The message log could not confirm the"
                + " message in time; it may or may not have been logged. Send it again later.",
                RETRY_WHEN_DOWN_SECONDS);
    }

    /** Records waiting or being written. */
    public int held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes reserved by records waiting or being written. */
    public long heldBytes() {
        lock.lock();
        try {
            return heldBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no new records, lets the writers finish what they hold (waiting callers get their answers) and waits for
     * them, at most {@code millis} in all.
     */
    public void close(long millis) {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        while (true) {
            List<Entry<T>> batch = next();
            if (batch == null) {
                return;
            }
            try {
                write(batch);
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Message log writer failed on %d records", batch.size());
                batch.forEach(entry -> settle(entry, databaseUnavailable()));
            }
        }
    }

    /** The next batch: whatever is waiting (at most {@code maxBatch}), after waiting for one; null once closed and empty. */
    private List<Entry<T>> next() {
        lock.lock();
        try {
            while (pending.isEmpty()) {
                if (closed) {
                    return null;
                }
                arrived.awaitUninterruptibly();
            }
            List<Entry<T>> batch = new ArrayList<>(Math.min(pending.size(), maxBatch));
            while (!pending.isEmpty() && batch.size() < maxBatch) {
                batch.add(pending.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    void write(List<Entry<T>> batch) {
        RuntimeException failure;
        try {
            writer.writeAll(batch.stream().map(entry -> entry.record).toList());
            batch.forEach(entry -> settle(entry, MessageLogResult.LOGGED));
            return;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (!recordsFault(failure)) {
            LOG.warnf("Message log: the database is unavailable (%s); %d records answered 503", failure.getMessage(),
                    batch.size());
            batch.forEach(entry -> settle(entry, databaseUnavailable()));
            return;
        }
        if (batch.size() == 1) {
            refuse(batch.get(0), failure);
            return;
        }
        LOG.debugf("Message log: a batch of %d failed (%s); writing its records one by one", batch.size(),
                failure.getMessage());
        for (int i = 0; i < batch.size(); i++) {
            Entry<T> entry = batch.get(i);
            try {
                writer.writeOne(entry.record);
                settle(entry, MessageLogResult.LOGGED);
            } catch (RuntimeException e) {
                if (!recordsFault(e)) {
                    LOG.warnf("Message log: the database is unavailable (%s); %d records answered 503",
                            e.getMessage(), batch.size() - i);
                    batch.subList(i, batch.size()).forEach(rest -> settle(rest, databaseUnavailable()));
                    return;
                }
                refuse(entry, e);
            }
        }
    }

    private boolean recordsFault(RuntimeException failure) {
        Fault fault = writer.classify(failure);
        if (fault == Fault.UNKNOWN) {
            fault = writer.reachable() ? Fault.RECORD : Fault.DATABASE;
        }
        return fault == Fault.RECORD;
    }

    private void refuse(Entry<T> entry, RuntimeException failure) {
        LOG.warnf("Message log: the database refused a record (%s)", failure.getMessage());
        settle(entry, MessageLogResult.refused("The message log refused this message: "
                + writer.reason(failure) + ". It was not logged."));
    }

    private static MessageLogResult databaseUnavailable() {
        return MessageLogResult.unavailable("database", "The message log's database is unavailable; the message was"
                + " not logged. Send it again later.", RETRY_WHEN_DOWN_SECONDS);
    }

    /** Frees the record's share of the bound, then answers its caller. */
    private void settle(Entry<T> entry, MessageLogResult result) {
        lock.lock();
        try {
            release(entry);
        } finally {
            lock.unlock();
        }
        entry.result.complete(result);
    }

    /** Called with the lock held; counts an entry once (written, refused, failed or withdrawn). */
    private void release(Entry<T> entry) {
        if (!entry.released) {
            entry.released = true;
            heldBytes -= entry.bytes;
            held--;
        }
    }

    static final class Entry<T> {
        final T record;
        final long bytes;
        final CompletableFuture<MessageLogResult> result = new CompletableFuture<>();
        boolean released;

        Entry(T record, long bytes) {
            this.record = record;
            this.bytes = bytes;
        }
    }
}
