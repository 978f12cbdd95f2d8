package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.Eventually;
import dev.switchboard.conformance.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis itself goes away (killed, then started again empty on the same port): logins fail closed,
 * users of one node keep talking, cross-node messages get {@code not_delivered}, and everything
 * recovers when Redis is back, without a restart of the nodes.
 */
class RedisOutageTest {

    private static final String CANDIDATE = "{\"type\":\"candidate\",\"name\":\"%s\",\"candidate\":{}}";

    @Test
    void loginsFailClosedLocalRelaysGoOnAndTheClusterRecoversWhenRedisReturns() {
        try (RedisProcess redis = RedisProcess.start()) {
            RedisNameRegistry.Config config = RedisNameRegistry.Config.of(redis.uri()).withLease(Duration.ofSeconds(1))
                    .withCommandTimeout(Duration.ofMillis(300));
            try (Node a = new Node(config); Node b = new Node(config)) {
                Node.Client alice = a.login("alice");
                Node.Client carol = a.login("carol");
                Node.Client bob = b.login("bob");
                Eventually.within(Duration.ofSeconds(10), () -> assertThat(Cluster.knows(a, "bob")).isTrue());
                Eventually.within(Duration.ofSeconds(10), () -> assertThat(Cluster.knows(b, "alice")).isTrue());

                redis.kill();

                Eventually.within(Duration.ofSeconds(10), () -> assertThat(a.registry.health().healthy()).isFalse());
                Node.Client late = a.connect();
                late.say("{\"type\":\"login\",\"name\":\"dave\"}");
                late.receives("{\"type\":\"login\",\"success\":false,\"code\":\"unavailable\","
                        + "\"message\":\"Logins are unavailable for now (Redis is unreachable); try again later\"}");
                alice.say(CANDIDATE.formatted("carol"));
                carol.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"alice\"}");
                alice.say(CANDIDATE.formatted("bob"));
                alice.receives("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver candidate to bob\"}");

                redis.startAgain(); // empty: every node must re-assert what it holds

                Eventually.within(Duration.ofSeconds(10), () -> {
                    late.say("{\"type\":\"login\",\"name\":\"dave\"}");
                    late.receives("{\"type\":\"login\",\"success\":true}");
                });
                // until every node has re-subscribed, a cross-node message may still get not_delivered
                Eventually.within(Duration.ofSeconds(10), () -> {
                    alice.say(CANDIDATE.formatted("bob"));
                    String got = bob.poll(Duration.ofMillis(300));
                    if (got == null) {
                        alice.receives("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver candidate to bob\"}");
                    }
                    assertThat(got).isEqualTo("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"alice\"}");
                });
                alice.receivesNothingElse();
                Node.Client impostor = b.connect();
                impostor.say("{\"type\":\"login\",\"name\":\"alice\"}");
                impostor.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");
                assertThat(a.registry.health().healthy()).isTrue();
                assertThat(alice.closeCode).isEqualTo(-1);
                bob.receivesNothingElse();
                carol.receivesNothingElse();
            }
        }
    }
}
