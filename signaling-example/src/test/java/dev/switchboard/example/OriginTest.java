package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.HandshakeChecks;
import dev.switchboard.jakarta.EndpointOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Origin allow-list: a handshake from any other origin is refused with 403 before the upgrade. */
class OriginTest {

    @Test
    void withAnAllowListOnlyThoseOriginsMayConnect() {
        EndpointOptions options = EndpointOptions.DEFAULTS.withAllowedOrigins(Set.of("https://app.example"));
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).options(options).build().start()) {
            assertThat(HandshakeChecks.status(server.url(), "https://app.example")).isEqualTo(101);
            assertThat(HandshakeChecks.status(server.url(), "https://evil.example")).isEqualTo(403);
            assertThat(HandshakeChecks.status(server.url(), null)).isEqualTo(403);
        }
    }

    @Test
    void withoutOneEveryOriginMayConnect() {
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).build().start()) {
            assertThat(HandshakeChecks.status(server.url(), "https://anywhere.example")).isEqualTo(101);
            assertThat(HandshakeChecks.status(server.url(), null)).isEqualTo(101);
        }
    }
}
