package dev.switchboard.jakarta.internal;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.Session;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.time.Duration;

/**
 * A {@link Session} over a JSR-356 session that serializes writes through a bounded queue.
 *
 * <p>Some containers fail concurrent writes on one session (Tomcat: {@code TEXT_FULL_WRITING}),
 * and the router sends to one session from many threads. So {@link #send} only enqueues; one
 * asynchronous send is in flight at a time and its completion starts the next. No lock is held
 * while the container is called.
 *
 * <p>The queue is bounded by the total length of the queued texts ({@code maxQueuedChars}, which
 * equals bytes for the ASCII JSON of signaling). A send that would pass the bound closes the
 * session with {@link #QUEUE_FULL_CODE} instead of letting a client that stopped reading grow the
 * server's memory. A send that stays in flight longer than {@code maxStall} (a client that stopped
 * reading, so TCP backpressure holds the write) closes it the same way at the next send. Not part
 * of the API.
 */
public final class QueuedSession implements Session {

    /** The close code for a client whose outbound queue overflowed: 1008, policy violation. */
    public static final int QUEUE_FULL_CODE = CloseReason.CloseCodes.VIOLATED_POLICY.getCode();
    /** The close reason sent with {@link #QUEUE_FULL_CODE}. */
    public static final String QUEUE_FULL_REASON = "Outbound queue full: client is not reading";
    /** The close reason when one send has been waiting longer than the age bound (also 1008). */
    public static final String QUEUE_STALLED_REASON = "Outbound queue stalled: client is not reading";

    private static final Logger LOG = System.getLogger(QueuedSession.class.getName());

    private final String id;
    private final Outbound outbound;
    private final long maxQueuedChars;
    private final Consumer<QueuedSession> abandoned;
    private final long maxStallNanos;
    private final LongSupplier nanoTime;
    /** When the send now in flight started (nanoTime), or 0 when none is. */
    private volatile long inFlightSince;
    private volatile java.net.InetSocketAddress remoteAddress;
    private volatile java.util.Map<String, java.util.List<String>> queryParameters = java.util.Map.of();

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    /** True while one thread owns the pump (a send is in flight or being started). */
    private final AtomicBoolean pumping = new AtomicBoolean();
    /** Hand-over between the pump loop and a completion that may run inside sendText. */
    private final AtomicBoolean awaitingCompletion = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param abandoned called once when this session closes itself because its client stopped
     *                  reading or a send failed: such a client will not complete the closing
     *                  handshake, so its owner should treat it as gone at once rather than wait for
     *                  the container to report the close
     */
    public QueuedSession(String id, Outbound outbound, long maxQueuedChars, Consumer<QueuedSession> abandoned) {
        this(id, outbound, maxQueuedChars, Duration.ofDays(365), System::nanoTime, abandoned);
    }

    /**
     * @param maxStall how long one send may stay in flight (the client not reading) before the
     *                 next send closes the session with 1008
     * @param nanoTime the time source for {@code maxStall}
     */
    public QueuedSession(String id, Outbound outbound, long maxQueuedChars, Duration maxStall, LongSupplier nanoTime,
            Consumer<QueuedSession> abandoned) {
        this.maxStallNanos = maxStall.toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.id = requireNonNull(id, "id is null");
        this.outbound = requireNonNull(outbound, "outbound is null");
        this.abandoned = requireNonNull(abandoned, "abandoned is null");
        if (maxQueuedChars < 1) {
            throw new IllegalArgumentException("maxQueuedChars must be positive, was " + maxQueuedChars);
        }
        this.maxQueuedChars = maxQueuedChars;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean send(String text) {
        if (closed.get()) {
            return false;
        }
        long since = inFlightSince;
        if (since != 0 && nanoTime.getAsLong() - since > maxStallNanos) {
            LOG.log(Level.DEBUG, "session {0}: a send has been stalled too long, closing", id);
            abandon(QUEUE_FULL_CODE, QUEUE_STALLED_REASON);
            return false;
        }
        int size = text.length();
        if (queuedChars.addAndGet(size) > maxQueuedChars) {
            queuedChars.addAndGet(-size);
            LOG.log(Level.DEBUG, "session {0}: outbound queue full, closing", id);
            abandon(QUEUE_FULL_CODE, QUEUE_FULL_REASON);
            return false;
        }
        queue.add(text);
        if (pumping.compareAndSet(false, true)) {
            pump();
        }
        return true;
    }

    /** Sends queued texts one at a time until the queue is empty or a send is still in flight. */
    private void pump() {
        while (true) {
            String next = queue.poll();
            if (next == null) {
                pumping.set(false);
                // a send() that enqueued after our poll saw pumping == true and left it to us
                if (queue.isEmpty() || !pumping.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (closed.get()) {
                queuedChars.addAndGet(-next.length());
                continue;
            }
            awaitingCompletion.set(true);
            inFlightSince = Math.max(1, nanoTime.getAsLong());
            int size = next.length();
            try {
                outbound.sendText(next, result -> completed(result, size));
            } catch (RuntimeException e) {
                // the container refused synchronously (session closing): treat as a failed send
                completed(new SendResult(e), size);
            }
            if (awaitingCompletion.compareAndSet(true, false)) {
                return; // still in flight: its completion continues the pump
            }
            // completed before sendText returned: keep going on this thread, no recursion
        }
    }

    private void completed(SendResult result, int size) {
        inFlightSince = 0;
        queuedChars.addAndGet(-size);
        if (!result.isOK()) {
            LOG.log(Level.DEBUG, "session {0}: send failed, closing", id);
            abandon(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "Send failed");
        }
        if (awaitingCompletion.compareAndSet(true, false)) {
            return; // the pump loop is still inside sendText and will continue
        }
        pump();
    }

    @Override
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            outbound.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        }
    }

    private void abandon(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            outbound.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            abandoned.accept(this);
        }
    }

    @Override
    public java.util.Optional<java.net.InetSocketAddress> remoteAddress() {
        return java.util.Optional.ofNullable(remoteAddress);
    }

    @Override
    public java.util.Map<String, java.util.List<String>> queryParameters() {
        return queryParameters;
    }

    /** Sets the handshake's query parameters, as the container reported them. */
    public void queryParameters(java.util.Map<String, java.util.List<String>> parameters) {
        java.util.Map<String, java.util.List<String>> copy = new java.util.LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, java.util.List.copyOf(values)));
        this.queryParameters = java.util.Map.copyOf(copy);
    }

    /** Sets the peer's address, as the container reported it. */
    public void remoteAddress(java.net.InetSocketAddress address) {
        this.remoteAddress = address;
    }

    @Override
    public void ping() {
        if (!closed.get()) {
            outbound.ping();
        }
    }

    /** The container reported the session closed: refuse further sends and drop what is queued. */
    public void markClosed() {
        closed.set(true);
        queue.clear();
    }

    /** The total length of the texts accepted and not yet sent. */
    public long queuedChars() {
        return queuedChars.get();
    }
}
