package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the router allows one connection, and how long it waits for it. Every limit is on by
 * default; docs/security.md lists them with the close codes they lead to.
 *
 * @param maxPayloadChars the largest {@code offer}/{@code answer}/{@code candidate} value; a
 *                        larger one is refused with {@code payload_too_large}. Default 32,768.
 * @param maxInvalidInARow after this many invalid messages in a row (unreadable, malformed,
 *                         unknown type, payload too large) the connection is closed with 1008.
 *                         Default 20.
 * @param messagesPerSecond the steady rate of messages a connection may send (a token bucket).
 *                          Default 50.
 * @param messageBurst how many messages may come at once above that rate (the bucket's size).
 *                     Default 200.
 * @param maxRateLimitedInARow after this many messages in a row refused with {@code rate_limited}
 *                             the connection is closed with 1008. Default 100.
 * @param loginTimeout a connection not logged in by then is closed with {@value #TIMEOUT_CODE}.
 *                     Default 10 s.
 * @param pingInterval how often the server pings each connection. Default 30 s.
 * @param pongTimeout how long a ping may go unanswered (with a pong or any message) before the
 *                    connection is closed with {@value #TIMEOUT_CODE}. Default 10 s; less than
 *                    {@code pingInterval}.
 */
public record ConnectionLimits(int maxPayloadChars, int maxInvalidInARow, int messagesPerSecond, int messageBurst,
        int maxRateLimitedInARow, Duration loginTimeout, Duration pingInterval, Duration pongTimeout) {

    /** The close code for a connection that did not log in, or did not answer a ping, in time. */
    public static final int TIMEOUT_CODE = 4408;
    /** The close code for a connection that broke a limit (invalid messages, flooding): 1008. */
    public static final int POLICY_CODE = 1008;

    /** The defaults. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(32 * 1024, 20, 50, 200, 100,
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));

    public ConnectionLimits {
        positive(maxPayloadChars, "maxPayloadChars");
        positive(maxInvalidInARow, "maxInvalidInARow");
        positive(messagesPerSecond, "messagesPerSecond");
        positive(messageBurst, "messageBurst");
        positive(maxRateLimitedInARow, "maxRateLimitedInARow");
        positive(loginTimeout, "loginTimeout");
        positive(pingInterval, "pingInterval");
        positive(pongTimeout, "pongTimeout");
        if (pongTimeout.compareTo(pingInterval) >= 0) {
            throw new IllegalArgumentException("pongTimeout (" + pongTimeout + ") must be less than pingInterval ("
                    + pingInterval + ")");
        }
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void positive(Duration value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
