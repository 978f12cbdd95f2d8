package dev.switchboard.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ClusterRegistry;
import dev.switchboard.core.InMemoryNameRegistry;
import dev.switchboard.core.Recipient;
import dev.switchboard.core.SignalingRouter;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The body and status of {@code /health}, for a single node and for a cluster node up and down. */
class HealthReportTest {

    /** A cluster registry whose link is up or down as the test says. */
    private static final class Link implements ClusterRegistry {
        private final InMemoryNameRegistry names = new InMemoryNameRegistry();
        boolean up = true;

        @Override
        public boolean healthy() {
            return up;
        }

        @Override
        public void close() {
        }

        @Override
        public CompletionStage<Boolean> claim(String name, Recipient holder) {
            return names.claim(name, holder);
        }

        @Override
        public Recipient find(String name) {
            return names.find(name);
        }

        @Override
        public void release(String name, Recipient holder) {
            names.release(name, holder);
        }
    }

    private final SignalingRouter router = SignalingRouter.create();

    @Test
    void aSingleNodeIsOk() {
        HealthReport report = HealthReport.of(router, null);
        assertThat(report.httpStatus()).isEqualTo(200);
        assertThat(report.json()).isEqualTo("{\"status\":\"ok\",\"connections\":0,\"cluster\":\"none\"}");
    }

    @Test
    void aClusterNodeIsDegradedWith503WhileItsLinkIsDown() {
        Link link = new Link();
        assertThat(HealthReport.of(router, link).json()).isEqualTo("{\"status\":\"ok\",\"connections\":0,\"cluster\":\"ok\"}");

        link.up = false;
        HealthReport down = HealthReport.of(router, link);
        assertThat(down.httpStatus()).isEqualTo(503);
        assertThat(down.json()).isEqualTo("{\"status\":\"degraded\",\"connections\":0,\"cluster\":\"unreachable\"}");
    }
}
