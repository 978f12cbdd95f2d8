package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.jakarta.EndpointOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Origin allow-list: a handshake from any other origin is refused with 403 before the upgrade. */
class OriginTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int handshakeStatus(String url, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            WebSocket socket = builder.buildAsync(URI.create(url), new WebSocket.Listener() { })
                    .orTimeout(10, TimeUnit.SECONDS).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause()).as("a refused handshake is answered, not left hanging").isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void withAnAllowListOnlyThoseOriginsMayConnect() {
        EndpointOptions options = EndpointOptions.DEFAULTS.withAllowedOrigins(Set.of("https://app.example"));
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).options(options).build().start()) {
            assertThat(handshakeStatus(server.url(), "https://app.example")).isEqualTo(101);
            assertThat(handshakeStatus(server.url(), "https://evil.example")).isEqualTo(403);
            assertThat(handshakeStatus(server.url(), null)).isEqualTo(403);
        }
    }

    @Test
    void withoutOneEveryOriginMayConnect() {
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).build().start()) {
            assertThat(handshakeStatus(server.url(), "https://anywhere.example")).isEqualTo(101);
            assertThat(handshakeStatus(server.url(), null)).isEqualTo(101);
        }
    }
}
