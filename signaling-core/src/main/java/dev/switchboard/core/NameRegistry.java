package dev.switchboard.core;

import java.util.concurrent.CompletionStage;

/**
 * Who holds which name: the seam a cluster backend replaces. {@link InMemoryNameRegistry} is the
 * single-node default.
 *
 * <p>Claims may take a round trip (a cluster must agree that a name is free), so
 * {@link #claim} is asynchronous. {@link #find} is on the relay path of every message and must
 * answer at once, from memory; a cluster backend answers it from a directory it keeps replicated
 * locally. No method may block, and none is ever called while the router holds a lock.
 *
 * <p>A cluster backend's part in delivery: {@link #find} returns, for a name held on another
 * node, a {@link Recipient} handle whose {@link Recipient#deliver deliver} forwards the message
 * (with its sender's identity and {@link Recipient.Kind}) to that node, and returns at once.
 * There the backend calls the holder's own {@code deliver} with a handle for the sender, so the
 * holder knows whom it is in a call with. When a forwarded message turns out to be undeliverable
 * the backend calls {@link Recipient#undeliverable} on the sender; when it loses a local holder's
 * name to another node it calls {@link Recipient#nameLost} on the holder. Messages from one sender
 * to one recipient must arrive in the order they were sent.
 *
 * <p>Implementations are thread-safe.
 */
public interface NameRegistry {

    /**
     * The failure a {@link #claim} completes with when the registry cannot decide for now (a
     * cluster backend that cannot reach its store). The router answers the login with the error
     * code {@code unavailable} and the message of this exception, which must not carry secrets.
     */
    class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Claims {@code name} for {@code holder}. Of concurrent claims for one free name exactly one
     * completes with {@code true}.
     *
     * @return completes with {@code true} if {@code holder} now holds the name, {@code false} if
     *         someone else does; completes exceptionally only if the registry itself failed, with
     *         an {@link UnavailableException} if it could not reach what it needs
     */
    CompletionStage<Boolean> claim(String name, Recipient holder);

    /** The current holder of {@code name}, or {@code null} if nobody holds it. */
    Recipient find(String name);

    /**
     * Releases {@code name} if, and only if, {@code holder} still holds it: a late release by an
     * old connection never removes a newer holder of the same name.
     */
    void release(String name, Recipient holder);
}
