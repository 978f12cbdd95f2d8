package dev.switchboard.jakarta.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;

/**
 * The two things {@link QueuedSession} needs from a container's session: an asynchronous text
 * send and a close. Not part of the API.
 */
public interface Outbound {

    /** Starts sending {@code text}; {@code done} is called exactly once, on any thread, possibly
     *  before this method returns. */
    void sendText(String text, SendHandler done);

    /** Starts the closing handshake. */
    void close(CloseReason reason);

    /** Sends an empty ping frame; a failure is ignored (the pong that does not come tells). */
    void ping();

    /** Adapts a JSR-356 session. */
    static Outbound of(jakarta.websocket.Session session) {
        return new Outbound() {
            @Override
            public void sendText(String text, SendHandler done) {
                session.getAsyncRemote().sendText(text, done);
            }

            @Override
            public void ping() {
                try {
                    session.getAsyncRemote().sendPing(java.nio.ByteBuffer.allocate(0));
                } catch (java.io.IOException | RuntimeException e) {
                    // closing, or the socket is gone: the missing pong closes the session
                }
            }

            @Override
            public void close(CloseReason reason) {
                try {
                    session.close(reason);
                } catch (java.io.IOException | IllegalStateException e) {
                    // already closing or the socket is gone: the container reports onClose either way
                }
            }
        };
    }
}
