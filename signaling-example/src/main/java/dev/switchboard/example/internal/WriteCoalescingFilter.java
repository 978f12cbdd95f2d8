package dev.switchboard.example.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;

/**
 * A Grizzly filter just above the transport that turns the WebSocket frames written to one
 * connection while a read is handled into one socket write, at the end of that read.
 *
 * <p>Why: one read from a client typically carries many messages (a burst of ICE candidates),
 * each relayed to the same peer. Written one by one, each costs a system call and a TCP segment,
 * and on loopback the kernel's work for both ends is most of the server's core. Coalesced, the
 * peer gets the same frames in the same order in fewer segments.
 *
 * <p>Order: the frames held for a connection are kept in the order they were written, whichever
 * thread wrote them (a connection's send queue may be drained by another connection's thread), and
 * a frame written while others are held joins them. Backpressure: a held frame is reported
 * written at once, so the sender's queue moves on, but only while no earlier coalesced write to
 * that connection is still waiting for the socket; while one is, frames complete only when
 * written, as without this filter, so a client that stops reading is still caught by the stalled
 * send. Frames are held only on a thread that is handling a read, which ends with the flush, or
 * that runs inside {@link #beginBatch}/{@link #endBatch} (the Redis client's reads, for messages
 * from other nodes of a cluster); any other thread (timers) writes what is held at once. A close frame first writes what is held,
 * since the connection closes right after it. Only upgraded connections are touched. Not part of
 * the API.
 */
public final class WriteCoalescingFilter extends BaseFilter {

    private static final Attribute<Held> HELD =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WriteCoalescingFilter.class.getName() + ".held");

    /** Per upgraded connection: the frames held, in order, and their completions. Guarded by itself. */
    private static final class Held {
        List<Buffer> frames;
        List<CompletionHandler<WriteResult<?, ?>>> deferred;
        /** Coalesced writes handed to the transport and not yet completed. */
        int writesInFlight;

        boolean isEmpty() {
            return frames == null || frames.isEmpty();
        }
    }

    /** What one thread is doing: handling a read, and which connections it held frames for. */
    private static final class Batch {
        boolean active;
        /** True while this thread hands a coalesced write to the transport. */
        boolean writing;
        final List<Connection<?>> touched = new ArrayList<>();
        /** Completions that came back while {@link #writing}: run once no lock is held. */
        final List<Runnable> afterUnlock = new ArrayList<>();
    }

    private static final ThreadLocal<Batch> BATCH = ThreadLocal.withInitial(Batch::new);

    /**
     * From now until {@link #endBatch} on this thread, frames written to upgraded connections are
     * held and written together, as during a read of a client. Calls do not nest: the first
     * {@link #endBatch} writes everything held.
     */
    public static void beginBatch() {
        BATCH.get().active = true;
    }

    /** Writes what this thread held since {@link #beginBatch}, one write per connection. */
    public static void endBatch() {
        Batch batch = BATCH.get();
        if (batch.active) {
            flush(batch);
        }
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        // reads of a connection happen on one thread, and a connection's first read after its
        // upgrade comes before anyone can address it (it has to log in first)
        if (HELD.get(connection) == null && UnmaskingFilter.upgraded(connection)) {
            HELD.set(connection, new Held());
        }
        Batch batch = BATCH.get();
        if (!batch.active) {
            batch.active = true;
            ctx.addCompletionListener(done -> flush(batch));
        }
        return ctx.getInvokeAction();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Batch batch = BATCH.get();
        Connection<?> connection = ctx.getConnection();
        Held held = HELD.get(connection);
        if (held == null || batch.writing || !(ctx.getMessage() instanceof Buffer frame) || !frame.hasRemaining()) {
            return ctx.getInvokeAction();
        }
        boolean close = (frame.get(frame.position()) & 0x0f) == 0x8;
        CompletionHandler<WriteResult<?, ?>> completion = ctx.getTransportContext().getCompletionHandler();
        boolean completeNow = false;
        boolean passOn;
        synchronized (held) {
            if (close) {
                if (!held.isEmpty()) {
                    write(batch, connection, held); // what is held goes first; the connection closes next
                }
                passOn = true;
            } else if (held.isEmpty() && (!batch.active || held.writesInFlight > 0)) {
                passOn = true; // as without this filter: completes when written
            } else {
                passOn = false;
                if (held.frames == null) {
                    held.frames = new ArrayList<>(4);
                }
                held.frames.add(frame);
                if (batch.active && held.writesInFlight == 0) {
                    completeNow = completion != null;
                } else if (completion != null) {
                    if (held.deferred == null) {
                        held.deferred = new ArrayList<>(2);
                    }
                    held.deferred.add(completion);
                }
                if (batch.active) {
                    batch.touched.add(connection);
                } else {
                    write(batch, connection, held); // not in a read: nothing would flush it later
                }
            }
        }
        runAfterUnlock(batch);
        if (completeNow) {
            completion.completed(WriteResult.create((Connection) connection, frame, null, frame.remaining()));
        }
        return passOn ? ctx.getInvokeAction() : ctx.getStopAction();
    }

    /** At the end of a read: writes what this thread held, one write per connection. */
    private static void flush(Batch batch) {
        try {
            for (int i = 0; i < batch.touched.size(); i++) {
                Connection<?> connection = batch.touched.get(i);
                Held held = HELD.get(connection);
                synchronized (held) {
                    if (!held.isEmpty()) {
                        write(batch, connection, held);
                    }
                }
                runAfterUnlock(batch);
            }
        } finally {
            batch.touched.clear();
            batch.active = false;
        }
    }

    /** Hands the held frames to the transport as one write. Called holding {@code held}'s lock. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void write(Batch batch, Connection<?> connection, Held held) {
        List<Buffer> frames = held.frames;
        List<CompletionHandler<WriteResult<?, ?>>> deferred = held.deferred == null ? List.of() : held.deferred;
        held.deferred = null;
        held.writesInFlight++;
        Buffer all = frames.get(0);
        for (int i = 1; i < frames.size(); i++) {
            all = Buffers.appendBuffers(connection.getMemoryManager(), all, frames.get(i));
        }
        frames.clear(); // the list is reused; the frames now live in {@code all}
        batch.writing = true;
        try {
            ((Connection) connection).write(all, new CompletionHandler<WriteResult>() {
                @Override
                public void cancelled() {
                    done(handler -> handler.cancelled());
                }

                @Override
                public void failed(Throwable error) {
                    done(handler -> handler.failed(error));
                }

                @Override
                public void completed(WriteResult result) {
                    done(handler -> handler.completed(result));
                }

                @Override
                public void updated(WriteResult result) {
                }

                private void done(java.util.function.Consumer<CompletionHandler<WriteResult<?, ?>>> report) {
                    Runnable finish = () -> {
                        synchronized (held) {
                            held.writesInFlight--;
                        }
                        deferred.forEach(report);
                    };
                    Batch current = BATCH.get();
                    if (current.writing) {
                        current.afterUnlock.add(finish); // completed inside write(): we hold the lock
                    } else {
                        finish.run();
                    }
                }
            });
        } finally {
            batch.writing = false;
        }
    }

    private static void runAfterUnlock(Batch batch) {
        while (!batch.afterUnlock.isEmpty()) {
            batch.afterUnlock.remove(0).run(); // in order; a completion may add more
        }
    }
}
