package dev.switchboard.core;

/**
 * A {@link NameRegistry} shared by several nodes (see signaling-redis): it holds connections to
 * other machines, so it has a health and must be closed, after the router that uses it has shut
 * down.
 */
public interface ClusterRegistry extends NameRegistry, AutoCloseable {

    /** Whether the link to the cluster works: logins can be decided and this node's names are its own. */
    boolean healthy();

    /** Leaves the cluster and disconnects; idempotent, bounded in time. */
    @Override
    void close();

    /**
     * Connects a cluster registry named by a URI, for hosts configured without code (the WAR, the
     * standalone server), which find providers with {@link java.util.ServiceLoader}.
     */
    interface Provider {

        /** Whether this provider serves {@code uri} (by its scheme). */
        boolean serves(String uri);

        /**
         * Connects and joins the cluster.
         *
         * @param keyPrefix what separates this cluster from others sharing the same store
         * @param lease how long a node's names outlive it
         * @throws IllegalStateException if the store cannot be reached
         */
        ClusterRegistry connect(String uri, String keyPrefix, java.time.Duration lease);
    }
}
