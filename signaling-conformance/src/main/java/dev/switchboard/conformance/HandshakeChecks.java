package dev.switchboard.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Opening handshakes with chosen headers, for checks that happen before the upgrade. */
public final class HandshakeChecks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HandshakeChecks() {
    }

    /**
     * The HTTP status the server answers a handshake from {@code origin} (null: no Origin header)
     * with: 101 when it upgrades.
     */
    public static int status(String url, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            WebSocket socket = builder.buildAsync(URI.create(url), new WebSocket.Listener() { })
                    .orTimeout(WsClient.TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("the handshake neither upgraded nor was answered", e);
        }
    }
}
