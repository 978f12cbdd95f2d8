package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.conformance.ContainerProcess;
import dev.switchboard.conformance.Eventually;
import dev.switchboard.conformance.RedisProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Redis master with a replica, watched by a Sentinel, and nodes that know only the Sentinel
 * ({@code redis-sentinel://}): they find the master through it, and when the master dies they
 * follow the Sentinel to the promoted replica, keeping their users' names and calls.
 */
class RedisSentinelTest {

    private static final String MASTER = "switchboard-master";

    @Test
    void nodesFindTheMasterThroughSentinelAndFollowItToTheReplicaWhenTheMasterDies() {
        try (RedisProcess master = RedisProcess.start(List.of("--repl-diskless-sync-delay", "0"));
                RedisProcess replica = RedisProcess.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())))) {
            master.command("SET probe 1");
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(replica.command("GET probe")).isEqualTo("1"));
            try (RedisProcess sentinel = RedisProcess.startSentinel(master, MASTER)) {
                Eventually.within(Duration.ofSeconds(10),
                        () -> assertThat(sentinel.command("SENTINEL REPLICAS " + MASTER)).isEqualTo("*1"));
                RedisNameRegistry.Config config = RedisNameRegistry.Config.of(sentinel.uri())
                        .withCommandTimeout(Duration.ofSeconds(1));
                try (Node a = new Node(config); Node b = new Node(config)) {
                    Node.Client alice = a.login("alice");
                    Node.Client bob = b.login("bob");
                    Eventually.within(Duration.ofSeconds(5), () -> assertThat(Cluster.knows(a, "bob")).isTrue());
                    alice.say("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
                    bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");
                    assertThat(master.command("EXISTS switchboard:name:alice")).isEqualTo(":1"); // it found the master
                    Eventually.within(Duration.ofSeconds(5),
                            () -> assertThat(replica.command("EXISTS switchboard:name:alice")).isEqualTo(":1"));

                    master.kill();
                    // the Sentinel notices after 1 s and promotes the replica, which then takes writes ...
                    Eventually.within(Duration.ofSeconds(30),
                            () -> assertThat(replica.command("SET written-by-a-client 1")).isEqualTo("+OK"));
                    // ... and the nodes, which lost their connections at the kill, reconnect to it
                    Eventually.within(Duration.ofSeconds(30), () -> {
                        assertThat(a.registry.health().healthy()).isTrue();
                        assertThat(b.registry.health().healthy()).isTrue();
                    });

                    // names and calls carried over; a new login lands on the new master
                    bob.say("{\"type\":\"answer\",\"name\":\"alice\",\"answer\":{}}");
                    alice.receives("{\"type\":\"answer\",\"answer\":{},\"name\":\"bob\"}");
                    Node.Client impostor = b.connect();
                    impostor.say("{\"type\":\"login\",\"name\":\"alice\"}");
                    impostor.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");
                    Node.Client carol = a.login("carol");
                    assertThat(replica.command("EXISTS switchboard:name:carol")).isEqualTo(":1");
                    Eventually.within(Duration.ofSeconds(5), () -> assertThat(Cluster.knows(b, "carol")).isTrue());
                    bob.say("{\"type\":\"offer\",\"name\":\"carol\",\"offer\":{}}");
                    carol.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"bob\"}");
                    assertThat(alice.closeCode).isEqualTo(-1);
                    assertThat(bob.closeCode).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void aNodeThatCannotReachTheSentinelsStopsAndSaysWhichItTried() {
        int closed = ContainerProcess.freePort();
        assertThatThrownBy(() -> RedisNameRegistry.connect(RedisNameRegistry.Config.of(
                "redis-sentinel://:pw@127.0.0.1:" + closed + "#" + MASTER).withCommandTimeout(Duration.ofMillis(500))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to Redis at Sentinel 127.0.0.1:" + closed + " (master " + MASTER + "): ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw@"));
    }
}
