package dev.switchboard.bench;

import dev.switchboard.core.Recipient;
import dev.switchboard.redis.RedisNameRegistry;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a Redis that comes back empty (a restart, or a failover to a replica that had nothing)
 * costs a node that holds N names: the node claims them all again when it reconnects. Claims N
 * names on a {@link RedisNameRegistry}, deletes every key of its prefix, kills the node's
 * connections (as Sentinel does at a failover) and prints how long the node took to put all N
 * back and how much Redis CPU that took. The key prefix is fresh per run and removed afterwards.
 *
 * <pre>
 * java ... ReconcileCost redis://127.0.0.1:6379 100000
 * </pre>
 */
public final class ReconcileCost {

    /** The reconnects are the point here: their log lines are not news. */
    private static final List<java.util.logging.Logger> QUIET = List.of(java.util.logging.Logger.getLogger("io.lettuce"),
            java.util.logging.Logger.getLogger("io.netty"), java.util.logging.Logger.getLogger("dev.switchboard.redis"));

    private ReconcileCost() {
    }

    public static void main(String[] args) throws Exception {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        String uri = args[0];
        int names = Integer.parseInt(args[1]);
        String prefix = "reconcile" + ProcessHandle.current().pid();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect();
                RedisNameRegistry registry = RedisNameRegistry.connect(RedisNameRegistry.Config.of(uri).withKeyPrefix(prefix))) {
            RedisCommands<String, String> redis = connection.sync();
            List<CompletableFuture<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < names; i++) {
                claims.add(registry.claim("user-" + i, new Holder("user-" + i)).toCompletableFuture());
                if (claims.size() == 1_000 || i == names - 1) {
                    for (CompletableFuture<Boolean> claim : claims) {
                        if (!claim.join()) {
                            throw new IllegalStateException("a claim failed on an empty prefix");
                        }
                    }
                    claims.clear();
                }
            }
            String hash = prefix + ":node:" + registry.health().node() + ":names";
            if (redis.hlen(hash) != names) {
                throw new IllegalStateException("Redis does not hold the " + names + " names");
            }

            deleteKeys(redis, prefix);
            double cpuBefore = redisCpuSeconds(redis);
            long start = System.nanoTime();
            redis.clientKill(KillArgs.Builder.typeNormal()); // not this connection: SKIPME is the default
            redis.clientKill(KillArgs.Builder.typePubsub());
            long deadline = start + 120_000_000_000L;
            while (redis.hlen(hash) < names) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the node put back " + redis.hlen(hash) + " of " + names + " names in 120 s");
                }
                Thread.sleep(10);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            double cpu = redisCpuSeconds(redis) - cpuBefore;
            System.out.printf("reconcile names=%d put_back_ms=%d redis_cpu_ms=%.0f redis_cpu_us_per_name=%.1f%n",
                    names, millis, cpu * 1000, cpu * 1e6 / names);
        } finally {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                deleteKeys(connection.sync(), prefix);
            }
            client.shutdown();
        }
    }

    private static void deleteKeys(RedisCommands<String, String> redis, String prefix) {
        ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + ":*").limit(10_000));
        List<String> batch = new ArrayList<>();
        while (keys.hasNext()) {
            batch.add(keys.next());
            if (batch.size() == 10_000 || !keys.hasNext()) {
                redis.unlink(batch.toArray(String[]::new));
                batch.clear();
            }
        }
    }

    /** Redis's own CPU time, user and system, from INFO. */
    private static double redisCpuSeconds(RedisCommands<String, String> redis) {
        double seconds = 0;
        for (String line : redis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return seconds;
    }

    /** A login that takes nothing: only its name matters here. */
    private record Holder(String name) implements Recipient {
        @Override
        public boolean deliver(Recipient sender, Kind kind, String text) {
            return true;
        }
    }
}
