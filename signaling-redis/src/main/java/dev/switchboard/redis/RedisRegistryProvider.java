package dev.switchboard.redis;

import dev.switchboard.core.ClusterRegistry;
import java.time.Duration;

/**
 * Lets hosts configured without code find {@link RedisNameRegistry} with
 * {@link java.util.ServiceLoader}: the WAR and the standalone server use it when
 * {@code switchboard.redisUri} is set.
 */
public final class RedisRegistryProvider implements ClusterRegistry.Provider {

    @Override
    public boolean serves(String uri) {
        return RedisNameRegistry.Config.isRedisUri(uri);
    }

    @Override
    public ClusterRegistry connect(String uri, String keyPrefix, Duration lease) {
        return RedisNameRegistry.connect(RedisNameRegistry.Config.of(uri).withKeyPrefix(keyPrefix).withLease(lease));
    }
}
