package dev.switchboard.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write queue's contract, against a container stand-in that lets each test decide when a
 * send completes. Real sockets are covered by the standalone server's tests.
 */
class QueuedSessionTest {

    /** Records sends; completes them when told, inline, or on another thread. */
    static final class FakeOutbound implements Outbound {
        final List<String> written = new ArrayList<>();
        final ConcurrentLinkedQueue<SendHandler> pending = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile CloseReason closedWith;
        volatile String mode = "hold"; // hold | inline | async
        final ExecutorService completer = Executors.newSingleThreadExecutor();

        @Override
        public void sendText(String text, SendHandler done) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            synchronized (written) {
                written.add(text);
            }
            SendHandler tracked = result -> {
                inFlight.decrementAndGet();
                done.onResult(result);
            };
            switch (mode) {
                case "inline" -> tracked.onResult(new SendResult());
                case "async" -> {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        tracked.onResult(new SendResult());
                    } else {
                        completer.execute(() -> tracked.onResult(new SendResult()));
                    }
                }
                default -> pending.add(tracked);
            }
        }

        @Override
        public void close(CloseReason reason) {
            closedWith = reason;
        }

        volatile int pings;

        @Override
        public void ping() {
            pings++;
        }

        void completeOne(SendResult result) {
            pending.remove().onResult(result);
        }

        List<String> written() {
            synchronized (written) {
                return List.copyOf(written);
            }
        }
    }

    private final FakeOutbound out = new FakeOutbound();
    private final List<QueuedSession> abandoned = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        out.completer.shutdownNow();
    }

    @Test
    void oneSendIsInFlightAtATimeAndTheRestFollowInOrder() {
        QueuedSession session = new QueuedSession("s", out, 1000, abandoned::add);
        assertThat(session.send("a")).isTrue();
        assertThat(session.send("b")).isTrue();
        assertThat(session.send("c")).isTrue();
        assertThat(out.written()).containsExactly("a");
        out.completeOne(new SendResult());
        assertThat(out.written()).containsExactly("a", "b");
        out.completeOne(new SendResult());
        out.completeOne(new SendResult());
        assertThat(out.written()).containsExactly("a", "b", "c");
        assertThat(session.queuedChars()).isZero();
    }

    @Test
    void completionsInsideSendTextDoNotRecurse() {
        QueuedSession session = new QueuedSession("s", out, Long.MAX_VALUE, abandoned::add);
        session.send("first"); // holds the pump while 200,000 more queue up behind it
        for (int i = 0; i < 200_000; i++) {
            session.send("m" + i);
        }
        out.mode = "inline";
        out.completeOne(new SendResult()); // the rest now complete inline: a recursive pump would overflow the stack
        assertThat(out.written()).hasSize(200_001).endsWith("m199999");
        assertThat(session.queuedChars()).isZero();
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1008WhenTheQueuePassesItsBound() {
        QueuedSession session = new QueuedSession("s", out, 10, abandoned::add);
        assertThat(session.send("12345")).isTrue(); // in flight, never completes
        assertThat(session.send("12345")).isTrue(); // exactly at the bound
        assertThat(session.send("x")).isFalse();
        assertThat(out.closedWith.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(out.closedWith.getReasonPhrase()).isEqualTo(QueuedSession.QUEUE_FULL_REASON);
        assertThat(abandoned).containsExactly(session);
        assertThat(session.send("x")).isFalse();
        assertThat(out.written()).containsExactly("12345");
    }

    @Test
    void aSendStalledLongerThanTheBoundClosesTheSessionAtTheNextSend() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
        QueuedSession session = new QueuedSession("s", out, 1_000_000, java.time.Duration.ofSeconds(30), now::get, abandoned::add);
        assertThat(session.send("a")).isTrue(); // in flight, never completes: the client stopped reading
        now.addAndGet(java.time.Duration.ofSeconds(30).toNanos());
        assertThat(session.send("b")).isTrue(); // exactly at the bound
        now.addAndGet(1);
        assertThat(session.send("c")).isFalse();
        assertThat(out.closedWith.getCloseCode().getCode()).isEqualTo(1008);
        assertThat(out.closedWith.getReasonPhrase()).isEqualTo(QueuedSession.QUEUE_STALLED_REASON);
        assertThat(abandoned).containsExactly(session);
    }

    @Test
    void aCompletedSendResetsTheStallClock() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
        QueuedSession session = new QueuedSession("s", out, 1_000_000, java.time.Duration.ofSeconds(30), now::get, abandoned::add);
        session.send("a");
        now.addAndGet(java.time.Duration.ofSeconds(29).toNanos());
        out.completeOne(new SendResult()); // nothing else queued: nothing in flight now
        now.addAndGet(java.time.Duration.ofSeconds(60).toNanos());
        assertThat(session.send("b")).isTrue();
        assertThat(abandoned).isEmpty();
    }

    @Test
    void aFailedSendClosesTheSessionAndLaterSendsAreRefused() {
        QueuedSession session = new QueuedSession("s", out, 100, abandoned::add);
        session.send("a");
        session.send("b");
        out.completeOne(new SendResult(new java.io.IOException("broken pipe")));
        assertThat(out.closedWith.getCloseCode().getCode()).isEqualTo(1011);
        assertThat(abandoned).containsExactly(session);
        assertThat(session.send("c")).isFalse();
        assertThat(out.written()).containsExactly("a");
    }

    @Test
    void afterTheContainerReportsCloseSendsAreRefused() {
        QueuedSession session = new QueuedSession("s", out, 100, abandoned::add);
        session.markClosed();
        assertThat(session.send("a")).isFalse();
        assertThat(out.written()).isEmpty();
    }

    @Test
    void pingsGoOutUntilTheSessionCloses() {
        QueuedSession session = new QueuedSession("s", out, 100, abandoned::add);
        session.ping();
        assertThat(out.pings).isEqualTo(1);
        session.markClosed();
        session.ping();
        assertThat(out.pings).isEqualTo(1);
    }

    @Test
    void closeIsIdempotent() {
        QueuedSession session = new QueuedSession("s", out, 100, abandoned::add);
        session.close(1001, "going away");
        out.closedWith = null;
        session.close(1001, "going away");
        assertThat(out.closedWith).isNull();
        assertThat(abandoned).as("a close asked for by the router is not an abandonment").isEmpty();
    }

    @Test
    void concurrentSendersNeverOverlapWritesAndEachSendersOrderIsKept() throws Exception {
        out.mode = "async";
        QueuedSession session = new QueuedSession("s", out, Long.MAX_VALUE, abandoned::add);
        int senders = 8;
        int perSender = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        for (int s = 0; s < senders; s++) {
            int sender = s;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perSender; i++) {
                    session.send(sender + ":" + i);
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.written().size() < senders * perSender && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        List<String> written = out.written();
        assertThat(written).hasSize(senders * perSender);
        assertThat(out.maxInFlight.get()).isEqualTo(1);
        int[] nextExpected = new int[senders];
        for (String text : written) {
            int colon = text.indexOf(':');
            int sender = Integer.parseInt(text.substring(0, colon));
            assertThat(Integer.parseInt(text.substring(colon + 1))).isEqualTo(nextExpected[sender]++);
        }
    }
}
