package dev.switchboard.bench;

import dev.switchboard.redis.RedisNameRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What the cluster directory costs a node: puts N names of another (live) node into Redis, then
 * connects a {@link RedisNameRegistry}, which loads them, and prints the live heap that grew per
 * name and how long the load took. The key prefix is fresh per run and removed afterwards.
 *
 * <pre>
 * java ... DirectoryFootprint redis://127.0.0.1:6379 100000
 * </pre>
 */
public final class DirectoryFootprint {

    private DirectoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int names = Integer.parseInt(args[1]);
        String prefix = "footprint" + ProcessHandle.current().pid();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String node = "othernode0001";
            redis.zadd(prefix + ":nodes", System.currentTimeMillis() + 3_600_000, node);
            Map<String, String> batch = new HashMap<>();
            for (int i = 0; i < names; i++) {
                String name = "user-" + i;
                batch.put(name, Integer.toString(i + 1));
                if (batch.size() == 10_000 || i == names - 1) {
                    redis.hset(prefix + ":node:" + node + ":names", batch);
                    batch.clear();
                }
            }
            long before = liveHeap();
            long start = System.nanoTime();
            try (RedisNameRegistry registry = RedisNameRegistry.connect(RedisNameRegistry.Config.of(uri).withKeyPrefix(prefix))) {
                long loadMillis = (System.nanoTime() - start) / 1_000_000;
                long after = liveHeap();
                System.out.printf("directory names=%d loaded=%d load_ms=%d heap_bytes_per_name=%d%n", names,
                        registry.health().remoteNames(), loadMillis, (after - before) / names);
            } finally {
                redis.del(prefix + ":nodes", prefix + ":node:" + node + ":names");
            }
        } finally {
            client.shutdown();
        }
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
