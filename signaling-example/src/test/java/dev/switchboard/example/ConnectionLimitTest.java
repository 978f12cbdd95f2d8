package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.WsClient;
import dev.switchboard.core.SignalingRouter;
import org.junit.jupiter.api.Test;

/** Connection limits over real sockets: Tyrus reports the peer's address to the per-address limit. */
class ConnectionLimitTest {

    @Test
    void aSecondConnectionFromOneAddressOverItsLimitIsClosedWith1013() {
        SignalingRouter router = SignalingRouter.builder().maxConnections(10, 1).build();
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).router(router).build().start();
             WsClient first = WsClient.connect("first", server.url()).login("first");
             WsClient second = WsClient.connect("second", server.url())) {
            assertThat(second.awaitCloseCode()).isEqualTo(1013);
            assertThat(second.closeReason()).isEqualTo("Too many connections from your address");
            first.receivesNothingElse();
        }
    }
}
