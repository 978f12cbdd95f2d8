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
 * <p>Implementations are thread-safe.
 */
public interface NameRegistry {

    /**
     * Claims {@code name} for {@code holder}. Of concurrent claims for one free name exactly one
     * completes with {@code true}.
     *
     * @return completes with {@code true} if {@code holder} now holds the name, {@code false} if
     *         someone else does; completes exceptionally only if the registry itself failed
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
