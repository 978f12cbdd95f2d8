package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The claim script's contract, case by case, on a real Redis: what each answer means and writes. */
class ClaimScriptTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisProcess redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> commands;

    private final String prefix = "claims" + PREFIXES.incrementAndGet();

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        commands = connection.sync();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    private long claim(String node, long login, String name) {
        return commands.<Long>eval(Scripts.CLAIM, ScriptOutputType.INTEGER,
                new String[] {prefix + ":name:" + name, prefix + ":nodes", prefix + ":node:" + node + ":names"},
                node, node + ":" + login, name, prefix, Long.toString(login));
    }

    /** Gives {@code node} a lease that runs out {@code millis} from now by Redis's clock (negative: ran out). */
    private void lease(String node, long millis) {
        List<String> time = commands.time();
        long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        commands.zadd(prefix + ":nodes", now + millis, node);
    }

    private String record(String name) {
        return commands.get(prefix + ":name:" + name);
    }

    private String listed(String node, String name) {
        return commands.hget(prefix + ":node:" + node + ":names", name);
    }

    @Test
    void aFreeNameIsClaimedAndRecordedUnderItsNode() {
        lease("n1", 60_000);
        assertThat(claim("n1", 5, "alice")).isEqualTo(1);
        assertThat(record("alice")).isEqualTo("n1:5");
        assertThat(listed("n1", "alice")).isEqualTo("5");
        assertThat(claim("n1", 5, "alice")).as("again, by the same login").isEqualTo(1);
    }

    @Test
    void aNameALiveNodeHoldsIsNotTaken() {
        lease("n1", 60_000);
        lease("n2", 60_000);
        claim("n2", 3, "alice");
        assertThat(claim("n1", 5, "alice")).isEqualTo(0);
        assertThat(record("alice")).isEqualTo("n2:3");
        assertThat(listed("n1", "alice")).isNull();
    }

    @Test
    void aNameADeadNodeHeldIsTakenAndStruckFromThatNodesList() {
        lease("n1", 60_000);
        lease("n2", 60_000);
        claim("n2", 3, "alice");
        lease("n2", -1);
        assertThat(claim("n1", 5, "alice")).isEqualTo(1);
        assertThat(record("alice")).isEqualTo("n1:5");
        assertThat(listed("n2", "alice")).isNull();
    }

    @Test
    void aNodeWhoseOwnLeaseRanOutMustRenewBeforeItClaims() {
        lease("n1", -1);
        assertThat(claim("n1", 5, "alice")).isEqualTo(-1);
        assertThat(record("alice")).isNull();
        assertThat(claim("n9", 5, "alice")).as("a node Redis has never seen").isEqualTo(-1);
    }

    /**
     * A node numbers its logins in order. A fresh login takes over from an earlier one of the same
     * node whose release has not reached Redis; a re-claim of an earlier login that arrives late
     * (after a reconnect) must never take over from a later one.
     */
    @Test
    void aLaterLoginOfTheSameNodeWinsWhicheverClaimArrivesLast() {
        lease("n1", 60_000);
        claim("n1", 5, "alice");
        assertThat(claim("n1", 7, "alice")).isEqualTo(1);
        assertThat(record("alice")).isEqualTo("n1:7");
        assertThat(claim("n1", 5, "alice")).isEqualTo(2);
        assertThat(record("alice")).isEqualTo("n1:7");
        assertThat(listed("n1", "alice")).isEqualTo("7");
    }
}
