package dev.switchboard.example;

import dev.switchboard.conformance.RedisProcess;
import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;
import dev.switchboard.jakarta.SwitchboardSettings;
import dev.switchboard.redis.RedisNameRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance kit on a cluster of two standalone servers sharing one real Redis: each
 * scenario's clients alternate between the nodes, so every scenario with two users runs across
 * nodes. {@link ThreeNodeClusterConformanceTest} runs it on three.
 */
class ClusterConformanceTest extends SignalingConformanceKit {

    private RedisProcess redis;
    private final List<SwitchboardServer> nodes = new ArrayList<>();

    /** How many nodes the cluster has. */
    protected int nodeCount() {
        return 2;
    }

    @Override
    protected String startHost(EndpointOptions options) {
        redis = RedisProcess.start();
        for (int i = 0; i < nodeCount(); i++) {
            // as the standalone server joins: with its writes to clients batched per read from Redis
            RedisNameRegistry registry = SwitchboardServer.joinCluster(
                    new SwitchboardSettings.Cluster(redis.uri(), "switchboard", Duration.ofSeconds(10)));
            nodes.add(SwitchboardServer.builder().host("127.0.0.1").port(0).path("/signaling")
                    .router(SignalingRouter.builder().registry(registry).build()).cluster(registry).options(options)
                    .build().start());
        }
        return nodes.get(0).url();
    }

    @Override
    protected String urlForClient(int n, String hostUrl) {
        return nodes.get(n % nodes.size()).url();
    }

    @Override
    protected void stopHost() {
        nodes.forEach(SwitchboardServer::close);
        redis.close();
    }
}
