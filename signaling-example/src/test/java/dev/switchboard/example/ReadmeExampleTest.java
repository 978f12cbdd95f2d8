package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.WsClient;
import dev.switchboard.core.Authenticator;
import dev.switchboard.core.SignalingListener;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.example.internal.GrizzlyTyrusHost;
import dev.switchboard.example.internal.WebHandler;
import dev.switchboard.jakarta.HealthReport;
import dev.switchboard.jakarta.SignalingEndpoints;
import org.junit.jupiter.api.Test;

/** The README's "Embed it" code, as written there, on a real JSR-356 container. */
class ReadmeExampleTest {

    @Test
    void theEmbeddingSnippetMountsARouterWithPoliciesOnAServerContainer() throws Exception {
        GrizzlyTyrusHost serverContainer = new GrizzlyTyrusHost();
        // --- README: begin ---
        SignalingRouter router = SignalingRouter.builder()
                .authenticator((session, login) -> login.name().startsWith("admin")
                        ? Authenticator.Decision.refuse("Reserved name")
                        : Authenticator.Decision.ALLOW)
                .authorizer((from, to, type) -> true)          // who may signal whom
                .listener(new SignalingListener() { })          // metrics and audit events
                .build();
        serverContainer.addEndpoint(SignalingEndpoints.config(router, "/signaling"));
        // --- README: end ---
        serverContainer.start("127.0.0.1", 0, new WebHandler("/signaling", () -> new HealthReport(0, "none")));
        try (WsClient client = WsClient.connect("admin", "ws://127.0.0.1:" + serverContainer.getPort() + "/signaling")) {
            client.send("{\"type\":\"login\",\"name\":\"admin1\"}");
            client.receives("{\"type\":\"login\",\"success\":false,\"code\":\"login_refused\",\"message\":\"Reserved name\"}");
            client.login("alice").receivesNothingElse();
        } finally {
            serverContainer.stop();
        }
    }

    @Test
    void theStandaloneSnippetServesUntilClosed() {
        SignalingRouter router = SignalingRouter.create();
        String url;
        // --- README: begin (port 0 instead of 9090, so that tests never collide) ---
        try (SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1").port(0).path("/").router(router).build().start()) {
            url = server.url();
            WsClient.connect("alice", url).login("alice").receivesNothingElse();
        }
        // --- README: end ---
        assertThat(router.connectionCount()).isZero();
    }
}
