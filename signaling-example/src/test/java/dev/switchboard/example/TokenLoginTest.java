package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.WsClient;
import dev.switchboard.jakarta.SwitchboardSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token logins over real sockets, with tokens from the minting helper. */
class TokenLoginTest {

    @Test
    void withATokenSecretOnlyTheHolderOfAValidTokenLogsInUnderItsName() {
        SwitchboardSettings settings = SwitchboardSettings.read(Map.of(),
                Map.of("SWITCHBOARD_TOKEN_SECRET", "a test secret that is long enough!!"), Map.of());
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .router(settings.newRouter()).build().start();
             WsClient client = WsClient.connect("client", server.url())) {
            client.send("{\"type\":\"login\",\"name\":\"alice\"}");
            client.receives("{\"type\":\"login\",\"success\":false,\"code\":\"token_required\",\"message\":\"This server requires a token to log in\"}");
            String bobs = MintToken.mint(settings, "bob", Duration.ofMinutes(1));
            client.send("{\"type\":\"login\",\"name\":\"alice\",\"token\":\"" + bobs + "\"}");
            client.receives("{\"type\":\"login\",\"success\":false,\"code\":\"token_invalid\",\"message\":\"The token is not valid for this name\"}");
            String alices = MintToken.mint(settings, "alice", Duration.ofMinutes(1));
            client.send("{\"type\":\"login\",\"name\":\"alice\",\"token\":\"" + alices + "\"}");
            client.receives("{\"type\":\"login\",\"success\":true}");
            assertThat(alices).startsWith("v1.");
        }
    }

    @Test
    void theTokenMayComeInTheUrl() {
        SwitchboardSettings settings = SwitchboardSettings.read(Map.of(),
                Map.of("SWITCHBOARD_TOKEN_SECRET", "a test secret that is long enough!!"), Map.of());
        try (SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .router(settings.newRouter()).build().start()) {
            String token = MintToken.mint(settings, "carol", Duration.ofMinutes(1));
            try (WsClient client = WsClient.connect("carol", server.url() + "?token=" + token)) {
                client.login("carol").receivesNothingElse();
            }
        }
    }
}
