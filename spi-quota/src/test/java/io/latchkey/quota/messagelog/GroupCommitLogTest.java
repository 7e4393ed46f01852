package io.latchkey.quota.messagelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.latchkey.quota.spi.MessageLogResult;
import io.latchkey.quota.spi.MessageLogResult.Status;

/** The group-commit log's logic with a fake database: batching, the byte bound, the wait bound, poison, outages. */
class GroupCommitLogTest {

    private final FakeDatabase db = new FakeDatabase();
    /** A thread per waiting caller, as request threads are (the common pool may have a single thread here). */
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private GroupCommitLog<String> log;

    @AfterEach
    void tearDown() {
        db.release();
        if (log != null) {
            log.close(2000);
        }
        callers.shutdownNow();
    }

    private GroupCommitLog<String> start(long maxBytes, int maxBatch, long waitMillis) {
        return start(maxBytes, maxBatch, waitMillis, 1);
    }

    private GroupCommitLog<String> start(long maxBytes, int maxBatch, long waitMillis, int writers) {
        log = new GroupCommitLog<>(db, maxBytes, maxBatch, waitMillis);
        log.start("test-message-log", writers);
        return log;
    }

    /** Holds the database and lets one record reach it: the writer is then busy with that batch. */
    private CompletableFuture<MessageLogResult> holdWriterOn(String record, int bytes) throws Exception {
        db.hold();
        CompletableFuture<MessageLogResult> inFlight = appendAsync(record, bytes);
        waitUntil(() -> db.writing.get() == 1);
        return inFlight;
    }

    private CompletableFuture<MessageLogResult> appendAsync(String record, long bytes) {
        return CompletableFuture.supplyAsync(() -> log.append(record, bytes), callers);
    }

    @Test
    void anIdleLogCommitsARecordBeforeAnswering() {
        start(1000, 100, 2000);

        assertEquals(Status.LOGGED, log.append("a", 10).status());

        assertEquals(List.of("a"), db.committed);
        assertEquals(List.of(1), db.batchSizes);
        assertEquals(0, log.heldBytes());
    }

    @Test
    void recordsArrivingDuringAWriteShareTheNextTransaction() throws Exception {
        start(1_000_000, 100, 5000);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 10);
        List<CompletableFuture<MessageLogResult>> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            next.add(appendAsync("next-" + i, 10));
        }
        waitUntil(() -> log.held() == 6);
        assertTrue(db.committed.isEmpty(), "nothing is answered before its commit");

        db.release();

        assertEquals(Status.LOGGED, first.get(2, TimeUnit.SECONDS).status());
        for (CompletableFuture<MessageLogResult> result : next) {
            assertEquals(Status.LOGGED, result.get(2, TimeUnit.SECONDS).status());
        }
        assertEquals(List.of(1, 5), db.batchSizes);
        assertEquals(6, db.committed.size());
    }

    @Test
    void aTransactionCarriesAtMostTheBatchSize() throws Exception {
        start(1_000_000, 2, 5000);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 10);
        List<CompletableFuture<MessageLogResult>> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            next.add(appendAsync("next-" + i, 10));
        }
        waitUntil(() -> log.held() == 6);
        db.release();
        first.get(2, TimeUnit.SECONDS);
        for (CompletableFuture<MessageLogResult> result : next) {
            assertEquals(Status.LOGGED, result.get(2, TimeUnit.SECONDS).status());
        }
        assertEquals(List.of(1, 2, 2, 1), db.batchSizes);
    }

    @Test
    void aRecordTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsCommitted() throws Exception {
        start(1_000_000, 100, 5000);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 10);
        List<CompletableFuture<MessageLogResult>> good = new ArrayList<>();
        good.add(appendAsync("good-1", 10));
        waitUntil(() -> log.held() == 2);
        CompletableFuture<MessageLogResult> poison = appendAsync("poison", 10);
        waitUntil(() -> log.held() == 3);
        good.add(appendAsync("good-2", 10));
        waitUntil(() -> log.held() == 4);
        db.release();

        assertEquals(Status.LOGGED, first.get(2, TimeUnit.SECONDS).status());
        MessageLogResult refused = poison.get(2, TimeUnit.SECONDS);
        assertEquals(Status.REFUSED, refused.status());
        assertTrue(refused.detail().contains("a value is too long"), refused.detail());
        for (CompletableFuture<MessageLogResult> result : good) {
            assertEquals(Status.LOGGED, result.get(2, TimeUnit.SECONDS).status());
        }
        assertEquals(List.of("first", "good-1", "good-2"), db.committed);
        assertEquals(Status.LOGGED, log.append("after", 10).status(), "a bad record does not block the log");
        assertEquals(0, log.heldBytes());
    }

    @Test
    void anOutageIsAnsweredUnavailableNotRefusedAndTheLogResumesAfterIt() {
        start(1000, 100, 2000);
        db.down = true;

        MessageLogResult result = log.append("a", 10);

        assertEquals(Status.UNAVAILABLE, result.status());
        assertEquals("database", result.cause());
        assertTrue(result.retryAfterSeconds() > 0);
        assertTrue(db.committed.isEmpty());
        db.down = false;
        assertEquals(Status.LOGGED, log.append("b", 10).status());
        assertEquals(List.of("b"), db.committed);
    }

    @Test
    void anOutageDuringTheOneByOnePassAnswersTheRestUnavailable() throws Exception {
        start(1_000_000, 100, 5000);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 10);
        CompletableFuture<MessageLogResult> poison = appendAsync("poison", 10);
        waitUntil(() -> log.held() == 2);
        CompletableFuture<MessageLogResult> good = appendAsync("good", 10);
        waitUntil(() -> log.held() == 3);
        db.downAfterPoison = true;
        db.release();

        first.get(2, TimeUnit.SECONDS);
        assertEquals(Status.REFUSED, poison.get(2, TimeUnit.SECONDS).status());
        assertEquals(Status.UNAVAILABLE, good.get(2, TimeUnit.SECONDS).status());
    }

    @Test
    void anUnexplainedFailureIsTheRecordsOnlyWhileTheDatabaseAnswers() {
        start(1000, 100, 2000);
        db.unexplained = true;

        db.reachable = false;
        assertEquals(Status.UNAVAILABLE, log.append("a", 10).status());
        db.reachable = true;
        assertEquals(Status.REFUSED, log.append("b", 10).status());
    }

    @Test
    void pastTheByteBoundACallerIsTurnedAwayAtOnceAndNothingIsKept() throws Exception {
        start(100, 100, 5000);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 60);
        long started = System.nanoTime();

        MessageLogResult full = log.append("second", 60);

        assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "no waiting for a full log");
        assertEquals(Status.UNAVAILABLE, full.status());
        assertEquals("full", full.cause());
        assertEquals(GroupCommitLog.RETRY_WHEN_FULL_SECONDS, full.retryAfterSeconds());
        assertEquals(60, log.heldBytes());
        CompletableFuture<MessageLogResult> fits = appendAsync("fits", 40);
        waitUntil(() -> log.heldBytes() == 100);
        db.release();
        assertEquals(Status.LOGGED, first.get(2, TimeUnit.SECONDS).status());
        assertEquals(Status.LOGGED, fits.get(2, TimeUnit.SECONDS).status());
        waitUntil(() -> log.heldBytes() == 0);
        assertTrue(!db.committed.contains("second"));
    }

    @Test
    void aRecordLargerThanTheBoundGetsThroughWhenNothingElseIsHeld() {
        start(100, 100, 2000);

        assertEquals(Status.LOGGED, log.append("large", 1000).status());
    }

    @Test
    void aCallerWaitsAtMostTheWaitBound() throws Exception {
        start(1_000_000, 100, 300);
        CompletableFuture<MessageLogResult> inFlight = holdWriterOn("in-flight", 10);
        long started = System.nanoTime();

        MessageLogResult waiting = log.append("waiting", 10);

        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos());
        assertEquals(Status.UNAVAILABLE, waiting.status());
        assertTrue(waiting.detail().contains("it was not logged"), waiting.detail());
        MessageLogResult unconfirmed = inFlight.get(2, TimeUnit.SECONDS);
        assertEquals(Status.UNAVAILABLE, unconfirmed.status());
        assertTrue(unconfirmed.detail().contains("may or may not"), unconfirmed.detail());
        assertEquals(1, log.held(), "the withdrawn record is no longer held");
        db.release();
        waitUntil(() -> log.held() == 0);
        assertEquals(List.of("in-flight"), db.committed, "a withdrawn record is never written");
    }

    @Test
    void closingAnswersTheWaitingAndTurnsNewRecordsAway() throws Exception {
        start(1_000_000, 100, 5000);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 10);
        CompletableFuture<MessageLogResult> second = appendAsync("second", 10);
        waitUntil(() -> log.held() == 2);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> log.close(5000));
        Thread.sleep(200);
        assertEquals("closed", log.append("late", 10).cause());

        db.release();
        closed.get(5, TimeUnit.SECONDS);

        assertEquals(Status.LOGGED, first.get().status());
        assertEquals(Status.LOGGED, second.get().status());
        assertEquals(List.of("first", "second"), db.committed);
    }

    @Test
    void aSecondWriterCommitsWhileTheFirstWaitsForItsCommit() throws Exception {
        start(1_000_000, 100, 5000, 2);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 10);

        CompletableFuture<MessageLogResult> second = appendAsync("second", 10);
        waitUntil(() -> db.writing.get() == 2);
        List<CompletableFuture<MessageLogResult>> next = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            next.add(appendAsync("next-" + i, 10));
        }
        waitUntil(() -> log.held() == 5);
        assertEquals(2, db.writing.get(), "two writers at most, each with its own transaction");
        assertTrue(db.committed.isEmpty(), "nothing is answered before its commit");

        db.release();

        assertEquals(Status.LOGGED, first.get(2, TimeUnit.SECONDS).status());
        assertEquals(Status.LOGGED, second.get(2, TimeUnit.SECONDS).status());
        for (CompletableFuture<MessageLogResult> result : next) {
            assertEquals(Status.LOGGED, result.get(2, TimeUnit.SECONDS).status());
        }
        List<Integer> sizes = new ArrayList<>(db.batchSizes);
        Collections.sort(sizes);
        assertEquals(List.of(1, 1, 3), sizes, "the records that waited share one transaction");
        assertEquals(0, log.heldBytes());
    }

    @Test
    void theByteBoundCountsWhatEveryWriterHolds() throws Exception {
        start(100, 100, 5000, 2);
        CompletableFuture<MessageLogResult> first = holdWriterOn("first", 60);
        CompletableFuture<MessageLogResult> second = appendAsync("second", 30);
        waitUntil(() -> db.writing.get() == 2);

        MessageLogResult over = log.append("over", 20);

        assertEquals(Status.UNAVAILABLE, over.status());
        assertEquals("full", over.cause());
        db.release();
        assertEquals(Status.LOGGED, first.get(2, TimeUnit.SECONDS).status());
        assertEquals(Status.LOGGED, second.get(2, TimeUnit.SECONDS).status());
        assertEquals(List.of("first", "second"), db.committed.stream().sorted().toList());
    }

    @Test
    void closingWaitsForEveryWriter() throws Exception {
        start(1_000_000, 100, 5000, 3);
        db.hold();
        List<CompletableFuture<MessageLogResult>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(appendAsync("in-flight-" + i, 10));
            int writing = i + 1;
            waitUntil(() -> db.writing.get() == writing);
        }
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> log.close(5000));
        Thread.sleep(200);
        assertTrue(!closed.isDone(), "close waits for the writers still writing");

        db.release();
        closed.get(5, TimeUnit.SECONDS);

        for (CompletableFuture<MessageLogResult> result : inFlight) {
            assertEquals(Status.LOGGED, result.get().status());
        }
        assertEquals(3, db.committed.size());
    }

    @Test
    void aLogNeedsAtLeastOneWriter() {
        GroupCommitLog<String> none = new GroupCommitLog<>(db, 100, 100, 100);
        assertThrows(IllegalArgumentException.class, () -> none.start("none", 0));
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Commits records to a list; refuses "poison" (as a too-long value would be); can be down, hold its writes until
     * released, or fail without saying why.
     */
    private static final class FakeDatabase implements GroupCommitLog.Writer<String> {
        final List<String> committed = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger writing = new AtomicInteger();
        volatile boolean down;
        volatile boolean downAfterPoison;
        volatile boolean unexplained;
        volatile boolean reachable = true;

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public void writeAll(List<String> records) {
            writing.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (down) {
                throw new Failure(GroupCommitLog.Fault.DATABASE);
            }
            if (unexplained) {
                throw new Failure(GroupCommitLog.Fault.UNKNOWN);
            }
            if (records.contains("poison")) {
                if (records.size() == 1 && downAfterPoison) {
                    down = true;
                }
                throw new Failure(GroupCommitLog.Fault.RECORD);
            }
            batchSizes.add(records.size());
            committed.addAll(records);
        }

        @Override
        public void writeOne(String record) {
            writeAll(List.of(record));
        }

        @Override
        public GroupCommitLog.Fault classify(RuntimeException failure) {
            return ((Failure) failure).fault;
        }

        @Override
        public String reason(RuntimeException failure) {
            return "a value is too long for its column";
        }

        @Override
        public boolean reachable() {
            return reachable && !down;
        }
    }

    private static final class Failure extends RuntimeException {
        final GroupCommitLog.Fault fault;

        Failure(GroupCommitLog.Fault fault) {
            super(fault.name());
            this.fault = fault;
        }
    }
}
