package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.Eventually;
import dev.switchboard.conformance.RedisProcess;
import java.time.Duration;

/** What a node knows about a cluster, and the moves the cluster tests share. */
final class Cluster {

    private Cluster() {
    }

    /** Whether {@code node} knows who holds {@code name} without asking Redis: held there, or in its directory. */
    static boolean knows(Node node, String name) {
        dev.switchboard.core.Recipient found = node.registry.find(name);
        return !(found instanceof RemoteHandle handle) || handle.node != null;
    }

    /** Waits, 5 s at most, until {@code node} knows who holds {@code name}. */
    static void awaitKnown(Node node, String name) {
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(knows(node, name)).as(name + " known").isTrue());
    }

    /** Waits, 5 s at most, until {@code node} no longer knows {@code name}. */
    static void awaitUnknown(Node node, String name) {
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(knows(node, name)).as(name + " unknown").isFalse());
    }

    /** {@code caller} offers, {@code callee} answers (empty payloads): the two are in a call. */
    static void call(Node.Client caller, String callerName, Node.Client callee, String calleeName) {
        caller.say("{\"type\":\"offer\",\"name\":\"" + calleeName + "\",\"offer\":{}}");
        callee.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"" + callerName + "\"}");
        callee.say("{\"type\":\"answer\",\"name\":\"" + callerName + "\",\"answer\":{}}");
        caller.receives("{\"type\":\"answer\",\"answer\":{},\"name\":\"" + calleeName + "\"}");
    }

    /**
     * Announces on the directory of the cluster {@code prefix} that login 999, which does not
     * exist, holds {@code name} on {@code holder}: a stale entry, as a lost release would leave.
     */
    static void announceStale(RedisProcess redis, String prefix, Node holder, String name) {
        redis.command("PUBLISH " + prefix + ":directory \"+\\n" + name + "\\n" + holder.registry.health().node() + "\\n999\"");
    }
}
