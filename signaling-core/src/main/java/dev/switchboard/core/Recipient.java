package dev.switchboard.core;

/**
 * Where a name's messages go: a logged-in connection on this node, or (for a cluster backend) a
 * handle that forwards to a connection on another node.
 */
@FunctionalInterface
public interface Recipient {

    /**
     * Hands one encoded message to this recipient and returns at once; never blocks on I/O.
     *
     * @return {@code true} if the message was accepted for delivery, {@code false} if it was not
     *         (closing, or outbound queue full); a {@code false} is reported to the sender
     */
    boolean deliver(String text);
}
