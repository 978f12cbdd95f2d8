package dev.switchboard.jakarta;

/**
 * Per-connection limits applied by the Jakarta adapter.
 *
 * @param maxTextMessageChars the largest text message accepted from a client; a larger one closes
 *                            the connection with 1009 (message too big). Default 65,536.
 * @param maxOutboundQueueChars the most text queued for one client and not yet written to its
 *                              socket; a client that stops reading is closed with 1008 when it is
 *                              passed. Characters equal bytes for signaling's ASCII JSON.
 *                              Default 1,048,576.
 * @param allowedOrigins the {@code Origin} values a handshake may carry, such as
 *                       {@code https://app.example.com}; any other (or none) is refused with
 *                       HTTP 403 before the upgrade. Empty (the default) allows every origin.
 * @param maxSendStall how long one write to a client may stay unfinished (it stopped reading)
 *                     before the next message for it closes it with 1008. Default 30 s.
 */
public record EndpointOptions(int maxTextMessageChars, long maxOutboundQueueChars, java.util.Set<String> allowedOrigins,
        java.time.Duration maxSendStall) {

    /** The default stall bound (declared before {@link #DEFAULTS}, which uses it). */
    public static final java.time.Duration DEFAULT_MAX_SEND_STALL = java.time.Duration.ofSeconds(30);

    /** The defaults. */
    public static final EndpointOptions DEFAULTS = new EndpointOptions(64 * 1024, 1024 * 1024);

    /** Options that allow every origin, with the default stall bound. */
    public EndpointOptions(int maxTextMessageChars, long maxOutboundQueueChars) {
        this(maxTextMessageChars, maxOutboundQueueChars, java.util.Set.of(), DEFAULT_MAX_SEND_STALL);
    }

    /** These options with {@code origins} as the allow-list. */
    public EndpointOptions withAllowedOrigins(java.util.Set<String> origins) {
        return new EndpointOptions(maxTextMessageChars, maxOutboundQueueChars, origins, maxSendStall);
    }

    /** These options with {@code stall} as the stall bound. */
    public EndpointOptions withMaxSendStall(java.time.Duration stall) {
        return new EndpointOptions(maxTextMessageChars, maxOutboundQueueChars, allowedOrigins, stall);
    }

    public EndpointOptions {
        allowedOrigins = java.util.Set.copyOf(java.util.Objects.requireNonNull(allowedOrigins, "allowedOrigins is null"));
        java.util.Objects.requireNonNull(maxSendStall, "maxSendStall is null");
        if (maxSendStall.isNegative() || maxSendStall.isZero()) {
            throw new IllegalArgumentException("maxSendStall must be positive, was " + maxSendStall);
        }
        if (maxTextMessageChars < 1024) {
            throw new IllegalArgumentException("maxTextMessageChars must be at least 1024, was " + maxTextMessageChars);
        }
        if (maxOutboundQueueChars < maxTextMessageChars) {
            throw new IllegalArgumentException("maxOutboundQueueChars (" + maxOutboundQueueChars
                    + ") must be at least maxTextMessageChars (" + maxTextMessageChars + ")");
        }
    }
}
