package dev.switchboard.it.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.HandshakeChecks;
import dev.switchboard.conformance.WsClient;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What Tomcat does at the handshake: it applies the Origin allow-list. It does not report the
 * peer's address through JSR-356, so per-address limits cannot apply there; the total limit does.
 */
class EmbeddedTomcatHandshakeTest {

    @Test
    void anOriginNotOnTheAllowListIsRefusedWith403() throws Exception {
        EndpointOptions options = EndpointOptions.DEFAULTS.withAllowedOrigins(Set.of("https://app.example"));
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(SignalingRouter.create(), options)) {
            assertThat(HandshakeChecks.status(tomcat.url(), "https://app.example")).isEqualTo(101);
            assertThat(HandshakeChecks.status(tomcat.url(), "https://evil.example")).isEqualTo(403);
        }
    }

    @Test
    void theTotalConnectionLimitApplies() throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(SignalingRouter.builder().maxConnections(1, 1).build(),
                EndpointOptions.DEFAULTS);
             WsClient first = WsClient.connect("first", tomcat.url()).login("first");
             WsClient second = WsClient.connect("second", tomcat.url())) {
            assertThat(second.awaitCloseCode()).isEqualTo(1013);
            assertThat(second.closeReason()).isEqualTo("Server is full: too many connections");
            first.receivesNothingElse();
        }
    }
}
