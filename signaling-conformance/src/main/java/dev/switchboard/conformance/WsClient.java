package dev.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's, independent of every server under test) that records what
 * it receives, for conversation-style tests over sockets.
 */
public final class WsClient implements AutoCloseable {

    /** How long any single wait for the server lasts. */
    public static final long TIMEOUT_SECONDS = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String label;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final boolean reading;
    private final WebSocket socket;

    private WsClient(String label, URI uri, boolean reading) {
        this.label = label;
        this.reading = reading;
        this.socket = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).join();
    }

    /** A client that reads everything the server sends. */
    public static WsClient connect(String label, String url) {
        return new WsClient(label, URI.create(url), true);
    }

    /** A client that never reads after connecting: the server's writes back up behind it. */
    public static WsClient connectWithoutReading(String label, String url) {
        return new WsClient(label, URI.create(url), false);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }

    /** Sends one text message, waiting until the client has written it. */
    public void send(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Sends one binary message, waiting until the client has written it. */
    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Logs in and asserts success. */
    public WsClient login(String name) {
        send("{\"type\":\"login\",\"name\":\"" + name + "\"}");
        receives("{\"type\":\"login\",\"success\":true}");
        return this;
    }

    /** The next message received, waiting up to {@link #TIMEOUT_SECONDS}; fails if none comes. */
    public String next() {
        try {
            String text = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(text).as("a message for " + label).isNotNull();
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message received within {@code millis}, or null. */
    public String poll(long millis) {
        try {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts that the next message received is exactly {@code json}. */
    public void receives(String json) {
        assertThat(next()).as("message for " + label).isEqualTo(json);
    }

    /**
     * Asserts that nothing else was sent to this client: a probe request's answer must be the next
     * message. The server handles one connection's messages in order and relays synchronously, so
     * anything owed to this client before the probe would arrive first.
     */
    public void receivesNothingElse() {
        send("{\"type\":\"probe\"}");
        receives("{\"type\":\"error\",\"code\":\"unknown_type\",\"message\":\"Command not found: probe\"}");
    }

    /** The close code the server sent, waiting for it. */
    public int awaitCloseCode() {
        return closeCode.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** The reason of the close the server sent, once {@link #awaitCloseCode} has returned. */
    public String closeReason() {
        return closeReason;
    }

    /** Drops the TCP connection without a closing handshake. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
            } catch (RuntimeException ignored) {
                // already closed by the server
            }
        }
        socket.abort();
    }
}
