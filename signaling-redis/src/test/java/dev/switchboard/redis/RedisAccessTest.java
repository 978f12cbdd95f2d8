package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.conformance.RedisProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Redis that wants credentials, as {@code docs/cluster.md} advises: a password, or an ACL user
 * that may touch only the cluster's own keys and channels. A node must work with either, and a
 * wrong password must stop it with a reason that does not quote the password.
 */
class RedisAccessTest {

    private static final String PASSWORD = "s3cret-Pw";

    @Test
    void aPasswordInTheUriLetsNodesIn() {
        try (RedisProcess redis = RedisProcess.start(List.of("--requirepass", PASSWORD))) {
            String uri = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port();
            callAcrossTwoNodes(RedisNameRegistry.Config.of(uri));
        }
    }

    @Test
    void aWrongPasswordStopsTheNodeWithAReasonThatDoesNotQuoteIt() {
        try (RedisProcess redis = RedisProcess.start(List.of("--requirepass", PASSWORD))) {
            String wrong = "not-the-Pw";
            assertThatThrownBy(() -> RedisNameRegistry.connect(config("redis://:" + wrong + "@127.0.0.1:" + redis.port())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:" + redis.port() + ": ")
                    .hasMessageContaining("WRONGPASS")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD));
            assertThatThrownBy(() -> RedisNameRegistry.connect(config(redis.uri()))) // none at all
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot connect to Redis at 127.0.0.1:" + redis.port() + ": ")
                    .hasMessageContaining("NOAUTH");
        }
    }

    /** The ACL line docs/cluster.md gives, for the key prefix {@code sb}. */
    @Test
    void anAclUserConfinedToTheClustersKeysAndChannelsIsEnough() {
        try (RedisProcess redis = RedisProcess.start(List.of(
                "--user", "default", "off",
                "--user", "switchboard", "on", ">" + PASSWORD, "~sb:*", "&sb:*", "+@all", "-@dangerous"))) {
            String uri = "redis://switchboard:" + PASSWORD + "@127.0.0.1:" + redis.port();
            callAcrossTwoNodes(RedisNameRegistry.Config.of(uri).withKeyPrefix("sb"));

            // and the confinement is real: the same user may not use another prefix
            assertThatThrownBy(() -> RedisNameRegistry.connect(RedisNameRegistry.Config.of(uri).withKeyPrefix("other")
                    .withCommandTimeout(Duration.ofMillis(500))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("NOPERM")
                    .hasMessageEndingWith("(the Redis user needs keys ~other:* and channels &other:*, see docs/cluster.md)");
        }
    }

    private static RedisNameRegistry.Config config(String uri) {
        return RedisNameRegistry.Config.of(uri).withCommandTimeout(Duration.ofMillis(500));
    }

    /** Two nodes: a name claimed on one is taken on the other, and a call between them works both ways. */
    private static void callAcrossTwoNodes(RedisNameRegistry.Config config) {
        try (Node a = new Node(config.withCommandTimeout(Duration.ofSeconds(2)));
                Node b = new Node(config.withCommandTimeout(Duration.ofSeconds(2)))) {
            Node.Client alice = a.login("alice");
            Node.Client bob = b.login("bob");
            Node.Client impostor = b.connect();
            impostor.say("{\"type\":\"login\",\"name\":\"alice\"}");
            impostor.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");
            Cluster.awaitKnown(a, "bob");

            Cluster.call(alice, "alice", bob, "bob");
            assertThat(a.registry.health().healthy()).isTrue();
            assertThat(b.registry.health().healthy()).isTrue();
        }
    }
}
