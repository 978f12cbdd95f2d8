package dev.switchboard.example;

import dev.switchboard.conformance.RedisProcess;
import dev.switchboard.conformance.WsClient;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.example.internal.GrizzlyTyrusHost;
import dev.switchboard.example.internal.WebHandler;
import dev.switchboard.jakarta.HealthReport;
import dev.switchboard.jakarta.SignalingEndpoints;
import dev.switchboard.redis.RedisNameRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/cluster.md's embedding code, as written there, in two applications on one real Redis. */
class ClusterDocTest {

    /** One application embedding a cluster node, started and stopped as the page shows. */
    private static final class App implements AutoCloseable {
        final GrizzlyTyrusHost serverContainer = new GrizzlyTyrusHost();
        final SignalingRouter router;
        final RedisNameRegistry registry;

        App(String redisUri) throws Exception {
            // --- docs/cluster.md, embedding: begin ---
            RedisNameRegistry registry = RedisNameRegistry.connect(RedisNameRegistry.Config.of(redisUri)
                    .withKeyPrefix("video-prod")              // one cluster per prefix
                    .withLease(Duration.ofSeconds(10)));      // a dead node's names are free after this
            SignalingRouter router = SignalingRouter.builder().registry(registry).build();
            serverContainer.addEndpoint(SignalingEndpoints.config(router, "/signaling"));
            // --- docs/cluster.md, embedding: end ---
            this.router = router;
            this.registry = registry;
            serverContainer.start("127.0.0.1", 0, new WebHandler("/signaling", () -> new HealthReport(0, "none")));
        }

        String url() {
            return "ws://127.0.0.1:" + serverContainer.getPort() + "/signaling";
        }

        private boolean closed;

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            // --- docs/cluster.md, stopping: begin ---
            router.shutdown(1001, "Server shutting down");  // clients close; their peers hear leave
            registry.close();                              // then leave the cluster
            // --- docs/cluster.md, stopping: end ---
            serverContainer.stop();
        }
    }

    @Test
    void twoApplicationsWithTheEmbeddingCodeAreOneService() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); App two = new App(redis.uri())) {
            App one = new App(redis.uri());
            try {
                WsClient alice = WsClient.connect("alice", one.url()).login("alice");
                WsClient bob = WsClient.connect("bob", two.url()).login("bob");
                alice.send("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
                bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");
                one.close();
                bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
                WsClient.connect("alice again", two.url()).login("alice").receivesNothingElse();
            } finally {
                one.close();
            }
        }
    }
}
