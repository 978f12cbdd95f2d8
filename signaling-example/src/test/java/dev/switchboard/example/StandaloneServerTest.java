package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the standalone server adds to the endpoint (which {@link TyrusConformanceTest} covers):
 * plain HTTP on the same port.
 */
class StandaloneServerTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void startServer() {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void plainHttpOnTheEndpointPathDescribesTheServerAndOtherPathsAre404() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).startsWith("Switchboard WebRTC signaling server.");
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }
}
