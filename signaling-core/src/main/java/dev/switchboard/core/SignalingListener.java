package dev.switchboard.core;

import java.time.Duration;

/**
 * Events for metrics and audit. Every method has an empty default. Called synchronously on the
 * thread of the connection concerned, never while the router holds a lock; keep them fast. An
 * exception from a listener is logged and otherwise ignored.
 *
 * <p>Events never carry SDP or candidate payloads (they hold IP addresses).
 */
public interface SignalingListener {

    /** A connection logged in as {@code name}. */
    default void onLogin(Session session, String name) {
    }

    /** The connection logged in as {@code name} closed after being online for {@code online}. */
    default void onLogout(String name, Duration online) {
    }

    /** A message of {@code type} from {@code from} was accepted for delivery to {@code to}. */
    default void onRelay(String type, String from, String to) {
    }

    /**
     * A request was rejected with {@code code}.
     *
     * @param requestType the request's {@code type}, or null when it could not be read
     */
    default void onRejected(Session session, ErrorCode code, String requestType) {
    }
}
