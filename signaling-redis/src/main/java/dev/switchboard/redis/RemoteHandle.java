package dev.switchboard.redis;

import dev.switchboard.core.Recipient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A login held on another node: what {@link RedisNameRegistry#find} returns for it. Equal to every
 * other handle for the same login (name, node, login number) and to none for a later login under
 * the same name. Delivering forwards the message to the holder's node through Redis.
 *
 * <p>A handle with no node ({@code node == null}) stands for "whoever holds this name": the
 * directory did not know it, so delivering looks the holder up in Redis on the way.
 */
final class RemoteHandle implements Recipient {

    private final RedisNameRegistry registry;
    final String name;
    final String node;
    final long login;
    /** The holder's node's channel, named once rather than for every message. */
    final String channel;
    /**
     * Local holders in a call with this login: told {@code leave} if its node dies. Made on the
     * first call: most of a directory's entries are never in a call with anyone on this node.
     */
    private volatile Set<Recipient> pairedWith;

    RemoteHandle(RedisNameRegistry registry, String name, String node, long login) {
        this.registry = registry;
        this.name = name;
        RedisNameRegistry.Peer peer = node == null ? null : registry.peer(node);
        this.node = peer == null ? null : peer.node();
        this.login = login;
        this.channel = peer == null ? null : peer.channel();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean deliver(Recipient sender, Kind kind, String text) {
        track(sender, kind);
        return registry.forward(this, sender, kind, text);
    }

    /** Keeps {@link #pairedWith} in step with a message between this login and a local holder. */
    void track(Recipient local, Kind kind) {
        if (kind.pairs()) {
            Set<Recipient> paired = pairedWith;
            if (paired == null) {
                synchronized (this) {
                    paired = pairedWith;
                    if (paired == null) {
                        pairedWith = paired = ConcurrentHashMap.newKeySet();
                    }
                }
            }
            paired.add(local);
        } else if (kind == Kind.LEAVE || kind == Kind.GONE) {
            Set<Recipient> paired = pairedWith;
            if (paired != null) {
                paired.remove(local);
            }
        }
    }

    /** Takes the local holders in a call with this login, leaving none. */
    java.util.List<Recipient> takePaired() {
        Set<Recipient> paired = pairedWith;
        if (paired == null || paired.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<Recipient> all = new java.util.ArrayList<>(paired);
        paired.removeAll(all);
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteHandle h && h.login == login && java.util.Objects.equals(h.node, node) && h.name.equals(name);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + java.util.Objects.hashCode(node)) * 31 + Long.hashCode(login);
    }

    @Override
    public String toString() {
        return "RemoteHandle[" + node + "#" + login + "]"; // no name: names are personal data
    }
}
