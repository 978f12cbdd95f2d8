package dev.switchboard.core;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One connected client, whatever the transport: the seam between {@link SignalingRouter} and a
 * WebSocket host.
 *
 * <h2>Lifecycle</h2>
 * <ul>
 *   <li><b>Open</b>: the transport has called {@link SignalingRouter#onOpen(Session)}; {@link #send}
 *       queues text for delivery in the order of the calls.</li>
 *   <li><b>Closing</b>: {@link #close} was called or the peer started the closing handshake; queued
 *       text may be dropped and {@code send} returns {@code false}.</li>
 *   <li><b>Closed</b>: the transport has called {@link SignalingRouter#onClose(Session)} (exactly once);
 *       {@code send} returns {@code false}.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe: the router calls {@link #send} for one session from the
 * threads of many other sessions at once.
 */
public interface Session {

    /**
     * An identifier unique among the sessions open on this router at the same time. Never null.
     */
    String id();

    /**
     * Queues one text message for this client and returns at once; never blocks on I/O.
     *
     * <p>Messages accepted by one thread are delivered in the order of the calls.
     *
     * @param text a complete JSON message, not null
     * @return {@code true} if the message was accepted for delivery; {@code false} if the session is
     *         closing or closed, or its outbound queue is full (in which case the implementation closes
     *         the session, see its documentation)
     */
    boolean send(String text);

    /**
     * Starts closing this session with a WebSocket close code and reason. Idempotent; never blocks
     * on I/O. The transport later reports the close through {@link SignalingRouter#onClose(Session)}.
     *
     * @param code a WebSocket close code (RFC 6455 section 7.4)
     * @param reason a short reason, at most 123 UTF-8 bytes, not null
     */
    void close(int code, String reason);

    /**
     * Sends a WebSocket ping, if the transport can; the pong comes back through
     * {@link SignalingRouter#onPong(Session)}. Never blocks. The default does nothing, for
     * transports with their own liveness checks.
     */
    default void ping() {
    }

    /** The peer's address as the transport knows it, if it knows it. */
    default Optional<InetSocketAddress> remoteAddress() {
        return Optional.empty();
    }

    /**
     * The query parameters of the opening handshake ({@code ws://host/signaling?token=...}):
     * browsers cannot set headers on a WebSocket, so credentials travel here or in messages.
     * Empty by default.
     */
    default java.util.Map<String, java.util.List<String>> queryParameters() {
        return java.util.Map.of();
    }

    /** The {@code Origin} header of the opening handshake, if the client sent one. */
    default Optional<String> origin() {
        return Optional.empty();
    }
}
