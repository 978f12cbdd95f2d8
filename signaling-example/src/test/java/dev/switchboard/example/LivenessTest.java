package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.WsClient;
import dev.switchboard.core.ConnectionLimits;
import dev.switchboard.core.SignalingRouter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Login timeout and ping/pong liveness over real sockets, with short timeouts. The timers
 * themselves are tested with a hand-driven clock in the core; here the transport sends real pings
 * and a real client's pongs keep it alive.
 */
class LivenessTest {

    private static SwitchboardServer server(Duration login, Duration ping, Duration pong) {
        ConnectionLimits d = ConnectionLimits.DEFAULTS;
        ConnectionLimits limits = new ConnectionLimits(d.maxPayloadChars(), d.maxInvalidInARow(), d.messagesPerSecond(),
                d.messageBurst(), d.maxRateLimitedInARow(), login, ping, pong);
        return SwitchboardServer.builder().host("127.0.0.1").port(0)
                .router(SignalingRouter.builder().limits(limits).build()).build().start();
    }

    @Test
    void aConnectionThatNeverLogsInIsClosedWith4408() {
        try (SwitchboardServer server = server(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(10));
             WsClient idle = WsClient.connect("idle", server.url())) {
            assertThat(idle.awaitCloseCode()).isEqualTo(ConnectionLimits.TIMEOUT_CODE);
            assertThat(idle.closeReason()).isEqualTo("Login timeout");
        }
    }

    @Test
    void aPeerThatVanishesWithoutClosingIsDroppedAndItsPeerHearsLeave() throws Exception {
        try (SwitchboardServer server = server(Duration.ofSeconds(10), Duration.ofMillis(400), Duration.ofMillis(300));
             WsClient bob = WsClient.connect("bob", server.url()).login("bob");
             Socket ghost = new Socket("127.0.0.1", server.port())) {
            handshake(ghost, server.port());
            sendText(ghost, "{\"type\":\"login\",\"name\":\"ghost\"}");
            assertThat(readText(ghost.getInputStream())).isEqualTo("{\"type\":\"login\",\"success\":true}");
            sendText(ghost, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
            bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"ghost\"}");

            // from here the ghost neither reads nor answers pings, and never closes its socket
            bob.receives("{\"type\":\"leave\",\"name\":\"ghost\"}");
            WsClient.connect("ghost again", server.url()).login("ghost").close();

            // bob's client answers every ping: several intervals later it is still there
            Thread.sleep(1_500);
            bob.receivesNothingElse();
        }
    }

    private static void handshake(Socket socket, int port) throws IOException {
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
    }

    /** One masked text frame, as clients must send (payload under 126 bytes). */
    private static void sendText(Socket socket, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        OutputStream out = socket.getOutputStream();
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** One unmasked text frame from the server (payload under 126 bytes). */
    private static String readText(InputStream in) throws IOException {
        assertThat(in.read()).isEqualTo(0x81);
        int length = in.read();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
