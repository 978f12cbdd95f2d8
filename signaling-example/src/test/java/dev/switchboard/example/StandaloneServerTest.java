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
 * the demo page, the JavaScript client and the page's configuration, on the same port.
 */
class StandaloneServerTest {

    private static SwitchboardServer server;
    /** HTTP/1.1 as browsers speak it: Grizzly drops Content-Type when a request offers "Upgrade: h2c". */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startServer() {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootServesTheDemoPageOnTheEndpointsPort() throws Exception {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(root.body()).contains("<title>Switchboard</title>").contains("demo.js");
    }

    @Test
    void theClientModuleAndTheTutorialPageAreServed() throws Exception {
        HttpResponse<String> client = get("/switchboard-client.js");
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(client.body()).contains("export class SwitchboardClient");
        assertThat(get("/tutorial.html").body()).contains("new WebSocket('ws://localhost:9090')");
    }

    @Test
    void thePageLearnsTheEndpointPathFromTheConfiguration() throws Exception {
        HttpResponse<String> config = get("/switchboard-config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).isEqualTo("{\"path\":\"/\"}");
    }

    @Test
    void anythingElseIs404() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/META-INF/MANIFEST.MF").statusCode()).isEqualTo(404);
    }
}
