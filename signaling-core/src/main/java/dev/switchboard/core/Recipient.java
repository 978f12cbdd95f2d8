package dev.switchboard.core;

/**
 * One side of a call: a logged-in connection on this node, or (for a cluster backend) a handle
 * that forwards to a connection on another node.
 *
 * <p>Every relayed message carries its sender as a {@code Recipient} and its {@link Kind}, so the
 * receiving side knows who it is now in a call with: a connection that closes tells each of them
 * {@code leave}, wherever they are. Two recipients are the same participant exactly when they are
 * {@link Object#equals equal}; a cluster backend's handle for one login on another node must be
 * equal to every other handle for that login, and to none for a later login under the same name.
 */
public interface Recipient {

    /** What a relayed message does to the call between its sender and its recipient. */
    enum Kind {
        /** An offer: sender and recipient are now in a call. */
        OFFER,
        /** An answer: sender and recipient are now in a call. */
        ANSWER,
        /** A candidate: no change. */
        CANDIDATE,
        /** An explicit {@code leave}: delivered whether or not they were in a call, which ends. */
        LEAVE,
        /** The sender's connection closed: the {@code leave} is delivered only if they were in a call. */
        GONE;

        /** The message's wire type. */
        public String type() {
            return this == GONE ? "leave" : name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether this message starts a call. */
        public boolean pairs() {
            return this == OFFER || this == ANSWER;
        }
    }

    /** The name this recipient logged in with. */
    String name();

    /**
     * Hands one encoded message from {@code sender} to this recipient and returns at once; never
     * blocks on I/O.
     *
     * @return {@code true} if the message was accepted for delivery (or, for {@link Kind#GONE},
     *         needed none), {@code false} if it was not (closing, or outbound queue full); a
     *         {@code false} is reported to the sender
     */
    boolean deliver(Recipient sender, Kind kind, String text);

    /**
     * A message this recipient sent to {@code target}, accepted by {@link #deliver} at the time,
     * turned out to be undeliverable (a cluster backend learns that after the fact: the target's
     * node was gone, or the target had left). The router reports it to the sender as
     * {@code not_delivered}. Called on a local holder only, from any thread.
     */
    default void undeliverable(Kind kind, String target) {
    }

    /**
     * A message this recipient sent to {@code target}, accepted by {@link #deliver} at the time,
     * found nobody online under that name (a cluster backend that looked the name up after the
     * fact). The router reports it to the sender as {@code user_not_found}, as it would have at
     * once on one node. Called on a local holder only, from any thread.
     */
    default void targetOffline(Kind kind, String target) {
    }

    /**
     * The registry no longer holds this recipient's name for it (a cluster backend whose lease on
     * the name was lost, and the name taken elsewhere). The router closes the connection, so that
     * a name never has two holders. Called on a local holder only, from any thread.
     */
    default void nameLost() {
    }
}
