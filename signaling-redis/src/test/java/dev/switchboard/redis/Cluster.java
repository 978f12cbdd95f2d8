package dev.switchboard.redis;

/** What a node knows about a cluster. */
final class Cluster {

    private Cluster() {
    }

    /** Whether {@code node} knows who holds {@code name} without asking Redis: held there, or in its directory. */
    static boolean knows(Node node, String name) {
        dev.switchboard.core.Recipient found = node.registry.find(name);
        return !(found instanceof RemoteHandle handle) || handle.node != null;
    }
}
