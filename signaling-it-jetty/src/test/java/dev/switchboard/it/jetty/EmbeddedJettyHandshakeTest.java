package dev.switchboard.it.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.HandshakeChecks;
import dev.switchboard.conformance.WsClient;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What Jetty does at the handshake: it applies the Origin allow-list and reports the peer's address. */
class EmbeddedJettyHandshakeTest {

    @Test
    void anOriginNotOnTheAllowListIsRefusedWith403() throws Exception {
        EndpointOptions options = EndpointOptions.DEFAULTS.withAllowedOrigins(Set.of("https://app.example"));
        try (EmbeddedJetty jetty = EmbeddedJetty.start(SignalingRouter.create(), options)) {
            assertThat(HandshakeChecks.status(jetty.url(), "https://app.example")).isEqualTo(101);
            assertThat(HandshakeChecks.status(jetty.url(), "https://evil.example")).isEqualTo(403);
        }
    }

    @Test
    void thePerAddressLimitSeesThePeersAddress() throws Exception {
        try (EmbeddedJetty jetty = EmbeddedJetty.start(SignalingRouter.builder().maxConnections(10, 1).build(),
                EndpointOptions.DEFAULTS);
             WsClient first = WsClient.connect("first", jetty.url()).login("first");
             WsClient second = WsClient.connect("second", jetty.url())) {
            assertThat(second.awaitCloseCode()).isEqualTo(1013);
            assertThat(second.closeReason()).isEqualTo("Too many connections from your address");
            first.receivesNothingElse();
        }
    }
}
