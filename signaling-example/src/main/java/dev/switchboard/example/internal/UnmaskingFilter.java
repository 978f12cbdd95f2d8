package dev.switchboard.example.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;

/**
 * A Grizzly filter just above the transport that hands Tyrus the client's WebSocket frames
 * already unmasked (see {@link ClientFrameUnmasker} for why). It leaves HTTP alone: a connection
 * switches to frames when the {@code 101} response of its upgrade goes out, and only if the read
 * that carried the upgrade request ended exactly at the request's end. A client that sent frames
 * before the handshake completed (RFC 6455 forbids it) would have its first frame in that read;
 * such a connection stays as it is and Tyrus unmasks it the slow way. A frame that is not masked
 * closes the connection with 1002, after the frames before it have been handled. Not part of the
 * API.
 */
final class UnmaskingFilter extends BaseFilter {

    private static final Attribute<State> STATE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(UnmaskingFilter.class.getName() + ".state");
    private static final byte[] SWITCHING = "HTTP/1.1 101 ".getBytes(StandardCharsets.US_ASCII);
    private static final int PROTOCOL_ERROR = 1002;

    /** Per connection: HTTP until the upgrade, then frames (or, rarely, left alone). */
    private static final class State {
        /** Non-null once the connection carries frames that this filter unmasks. */
        ClientFrameUnmasker unmasker;
        /** True once the connection carries frames this filter leaves alone. */
        boolean passThrough;
        /** How far into a CRLF CRLF the HTTP bytes read so far end (0 to 3). */
        int terminatorMatched;
        /** Whether the last HTTP read ended exactly at the end of a request head. */
        boolean lastReadEndedAtHead;
    }

    /** Whether the connection's WebSocket upgrade response has gone out: it now carries frames. */
    static boolean upgraded(Connection<?> connection) {
        State state = STATE.get(connection);
        return state != null && (state.unmasker != null || state.passThrough);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        State state = STATE.get(connection);
        if (state == null) {
            state = new State();
            STATE.set(connection, state);
        }
        Buffer in = ctx.getMessage();
        if (state.passThrough) {
            return ctx.getInvokeAction();
        }
        if (state.unmasker == null) {
            scanHttp(state, in);
            return ctx.getInvokeAction();
        }
        ClientFrameUnmasker unmasker = state.unmasker;
        int length = in.remaining();
        byte[] source;
        int offset;
        if (in.hasArray()) {
            source = in.array();
            offset = in.arrayOffset() + in.position();
        } else {
            source = new byte[length];
            in.get(source);
            offset = 0;
        }
        byte[] out = new byte[ClientFrameUnmasker.maxOutput(length)];
        int written = unmasker.transform(source, offset, length, out);
        in.tryDispose();
        String violation = unmasker.violation();
        if (violation != null) {
            if (written == 0) {
                closeForProtocolError(connection, violation);
                return ctx.getStopAction();
            }
            // first let Tyrus handle the frames before the bad one
            ctx.addCompletionListener(done -> closeForProtocolError(connection, violation));
        }
        if (written == 0) {
            return ctx.getStopAction(); // only part of a header so far
        }
        ctx.setMessage(Buffers.wrap(ctx.getMemoryManager(), out, 0, written));
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        State state = STATE.get(ctx.getConnection());
        if (state != null && state.unmasker == null && !state.passThrough
                && ctx.getMessage() instanceof Buffer out && startsWith(out, SWITCHING)) {
            if (state.lastReadEndedAtHead) {
                state.unmasker = new ClientFrameUnmasker();
            } else {
                state.passThrough = true;
            }
        }
        return ctx.getInvokeAction();
    }

    /** Tracks whether this read ends exactly where the first request head in it ends. */
    private static void scanHttp(State state, Buffer in) {
        int matched = state.terminatorMatched;
        int heads = 0;
        boolean endsAtHead = false;
        for (int i = in.position(); i < in.limit(); i++) {
            byte b = in.get(i);
            boolean expected = b == ((matched & 1) == 0 ? '\r' : '\n');
            matched = expected ? matched + 1 : b == '\r' ? 1 : 0;
            endsAtHead = false;
            if (matched == 4) {
                heads++;
                matched = 0;
                endsAtHead = true;
            }
        }
        state.terminatorMatched = matched;
        state.lastReadEndedAtHead = endsAtHead && heads == 1;
    }

    private static boolean startsWith(Buffer buffer, byte[] prefix) {
        if (buffer.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer.get(buffer.position() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static void closeForProtocolError(Connection<?> connection, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + text.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (2 + text.length);
        frame[2] = (byte) (PROTOCOL_ERROR >>> 8);
        frame[3] = (byte) PROTOCOL_ERROR;
        System.arraycopy(text, 0, frame, 4, text.length);
        ((Connection<Object>) connection).write(Buffers.wrap(connection.getMemoryManager(), frame));
        connection.closeSilently();
    }
}
