package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.conformance.ContainerProcess;
import dev.switchboard.conformance.Eventually;
import dev.switchboard.conformance.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Redis master with a replica, watched by a Sentinel, and nodes that know only the Sentinel
 * ({@code redis-sentinel://}): they find the master through it, and when the master dies they
 * follow the Sentinel to the promoted replica, keeping their users' names and calls.
 */
class RedisSentinelTest {

    private static final String MASTER = "switchboard-master";
    private static final String PASSWORD = "s3cret-Pw";

    /** A master and its replica, both started with {@code options}, and a Sentinel that watches them. */
    private record Replicated(RedisProcess master, RedisProcess replica, RedisProcess sentinel) implements AutoCloseable {

        static Replicated start(List<String> options) {
            List<String> masterOptions = new ArrayList<>(options);
            masterOptions.addAll(List.of("--repl-diskless-sync-delay", "0")); // the replica syncs at once
            List<String> replicaOptions = new ArrayList<>(options);
            RedisProcess master = RedisProcess.start(masterOptions);
            RedisProcess replica = null;
            try {
                replicaOptions.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
                replica = RedisProcess.start(replicaOptions);
                master.command("SET probe 1");
                RedisProcess syncing = replica;
                Eventually.within(Duration.ofSeconds(10), () -> assertThat(syncing.command("GET probe")).isEqualTo("1"));
                RedisProcess sentinel = RedisProcess.startSentinel(master, MASTER);
                Replicated started = new Replicated(master, replica, sentinel);
                try {
                    Eventually.within(Duration.ofSeconds(10),
                            () -> assertThat(sentinel.command("SENTINEL REPLICAS " + MASTER)).isEqualTo("*1"));
                } catch (AssertionError e) {
                    started.close();
                    throw e;
                }
                return started;
            } catch (RuntimeException | AssertionError e) {
                if (replica != null) {
                    replica.close();
                }
                master.close();
                throw e;
            }
        }

        @Override
        public void close() {
            sentinel.close();
            replica.close();
            master.close();
        }
    }

    @Test
    void nodesFindTheMasterThroughSentinelAndFollowItToTheReplicaWhenTheMasterDies() {
        try (Replicated redis = Replicated.start(List.of())) {
            RedisProcess master = redis.master();
            RedisProcess replica = redis.replica();
            RedisNameRegistry.Config config = RedisNameRegistry.Config.of(redis.sentinel().uri())
                    .withCommandTimeout(Duration.ofSeconds(1));
            try (Node a = new Node(config); Node b = new Node(config)) {
                Node.Client alice = a.login("alice");
                Node.Client bob = b.login("bob");
                Cluster.awaitKnown(a, "bob");
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
                Cluster.awaitKnown(b, "carol");
                bob.say("{\"type\":\"offer\",\"name\":\"carol\",\"offer\":{}}");
                carol.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"bob\"}");
                assertThat(alice.closeCode).isEqualTo(-1);
                assertThat(bob.closeCode).isEqualTo(-1);
            }
        }
    }

    /** The usual set-up: Redis wants a password, the Sentinels (on a private network) do not. */
    @Test
    void aPasswordInTheSentinelUriIsTheOneForRedis() {
        try (Replicated redis = Replicated.start(List.of("--requirepass", PASSWORD, "--masterauth", PASSWORD))) {
            String at = "127.0.0.1:" + redis.sentinel().port() + "#" + MASTER;
            RedisNameRegistry.Config config = RedisNameRegistry.Config.of("redis-sentinel://:" + PASSWORD + "@" + at)
                    .withCommandTimeout(Duration.ofSeconds(1));
            try (Node a = new Node(config); Node b = new Node(config)) {
                Node.Client alice = a.login("alice");
                Node.Client bob = b.login("bob");
                Cluster.awaitKnown(a, "bob");
                alice.say("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
                bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");
                assertThat(redis.master().command("EXISTS switchboard:name:alice")).isEqualTo(":1");
            }
            assertThatThrownBy(() -> RedisNameRegistry.connect(RedisNameRegistry.Config.of("redis-sentinel://" + at)
                    .withCommandTimeout(Duration.ofMillis(500))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("NOAUTH");
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
