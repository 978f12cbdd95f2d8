package dev.switchboard.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.jakarta.EndpointOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standalone server over real sockets, with several real WebSocket clients. */
class StandaloneServerTest {

    private static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n\"}";
    private static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 46118 2 IN IP4 127.0.0.1\\r\\n\"}";
    private static final String CANDIDATE = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 127.0.0.1 46154 typ srflx\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";

    private static SwitchboardServer server;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient client(String label) {
        WsClient client = WsClient.connect(label, server.url());
        clients.add(client);
        return client;
    }

    @Test
    void twoClientsLogInCallAnswerTrickleCandidatesAndHangUp() {
        WsClient alice = client("alice").login("alice");
        WsClient bob = client("bob").login("bob");

        alice.send("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + OFFER + "}");
        bob.receives("{\"type\":\"offer\",\"offer\":" + OFFER + ",\"name\":\"alice\"}");
        bob.send("{\"type\":\"answer\",\"name\":\"alice\",\"answer\":" + ANSWER + "}");
        alice.receives("{\"type\":\"answer\",\"answer\":" + ANSWER + ",\"name\":\"bob\"}");
        alice.send("{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":" + CANDIDATE + "}");
        bob.send("{\"type\":\"candidate\",\"name\":\"alice\",\"candidate\":" + CANDIDATE + "}");
        bob.receives("{\"type\":\"candidate\",\"candidate\":" + CANDIDATE + ",\"name\":\"alice\"}");
        alice.receives("{\"type\":\"candidate\",\"candidate\":" + CANDIDATE + ",\"name\":\"bob\"}");

        alice.send("{\"type\":\"leave\",\"name\":\"bob\"}");
        bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");

        alice.receivesNothingElse();
        bob.receivesNothingElse();
    }

    @Test
    void aDroppedConnectionFreesTheNameAndThePeerReceivesLeave() {
        WsClient carol = client("carol").login("carol");
        WsClient dave = client("dave").login("dave");
        carol.send("{\"type\":\"offer\",\"name\":\"dave\",\"offer\":" + OFFER + "}");
        dave.next();

        carol.abort();
        dave.receives("{\"type\":\"leave\",\"name\":\"carol\"}");
        client("carol again").login("carol").receivesNothingElse();
        dave.receivesNothingElse();
    }

    @Test
    void badRequestsGetErrorsAndTheConnectionStaysUsable() {
        WsClient erin = client("erin");
        erin.send("Hello world");
        erin.receives("{\"type\":\"error\",\"code\":\"invalid_json\",\"message\":\"Invalid JSON at offset 0\"}");
        erin.send("[1,2]");
        erin.receives("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"A message must be a JSON object\"}");
        erin.send("{\"type\":\"offer\",\"name\":\"frank\",\"offer\":{}}");
        erin.receives("{\"type\":\"error\",\"code\":\"not_logged_in\",\"message\":\"Log in before sending offer\"}");
        erin.login("erin");
        erin.send("{\"type\":\"offer\",\"name\":\"frank\",\"offer\":{}}");
        erin.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User frank is not online\"}");
        erin.send("{\"type\":\"candidate\",\"name\":\"erin\",\"candidate\":{}}");
        erin.receives("{\"type\":\"error\",\"code\":\"self_target\",\"message\":\"Cannot send candidate to yourself\"}");
        erin.send("{\"type\":\"login\",\"name\":\"erin2\"}");
        erin.receives("{\"type\":\"error\",\"code\":\"already_logged_in\",\"message\":\"Already logged in as erin\"}");
        WsClient other = client("other");
        other.send("{\"type\":\"login\",\"name\":\"erin\"}");
        other.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name erin is already taken\"}");
        erin.receivesNothingElse();
        other.receivesNothingElse();
    }

    @Test
    void ofLoginsRacingForOneNameExactlyOneWins() throws Exception {
        int racers = 16;
        List<WsClient> contenders = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            contenders.add(client("racer" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> replies = new ArrayList<>();
            for (WsClient contender : contenders) {
                replies.add(pool.submit(() -> {
                    start.await();
                    contender.send("{\"type\":\"login\",\"name\":\"contested\"}");
                    return contender.next();
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<String> reply : replies) {
                String text = reply.get(WsClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (text.equals("{\"type\":\"login\",\"success\":true}")) {
                    won++;
                } else {
                    assertThat(text).contains("\"code\":\"name_taken\"");
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentSendersToOneReceiverKeepEachSendersOrder() throws Exception {
        WsClient receiver = client("receiver").login("receiver");
        int senders = 4;
        int perSender = 300;
        List<WsClient> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            sending.add(client("sender" + s).login("sender" + s));
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            WsClient sender = sending.get(s);
            done.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perSender; i++) {
                    sender.send("{\"type\":\"candidate\",\"name\":\"receiver\",\"candidate\":{\"seq\":" + i + "}}");
                }
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        int[] next = new int[senders];
        for (int n = 0; n < senders * perSender; n++) {
            String text = receiver.next();
            int seq = Integer.parseInt(text.substring(text.indexOf("\"seq\":") + 6, text.indexOf('}')));
            int sender = Integer.parseInt(text.substring(text.lastIndexOf("sender") + 6, text.lastIndexOf('"')));
            assertThat(seq).as("next candidate from sender%d", sender).isEqualTo(next[sender]++);
        }
        receiver.receivesNothingElse();
        sending.forEach(WsClient::receivesNothingElse);
    }

    @Test
    void aMessageOverTheSizeLimitClosesTheConnectionWith1009() {
        WsClient big = client("big");
        big.send("{\"type\":\"login\",\"name\":\"" + "x".repeat(EndpointOptions.DEFAULTS.maxTextMessageChars()) + "\"}");
        assertThat(big.awaitCloseCode()).isEqualTo(1009);
        client("after").login("after-big").receivesNothingElse();
    }

    @Test
    void aBinaryFrameGetsAnErrorAndTheConnectionStaysUsable() {
        WsClient binary = client("binary");
        binary.sendBinary(new byte[] {'{', '}'});
        binary.receives("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"Binary messages are not supported; send JSON text\"}");
        binary.login("binary").receivesNothingElse();
    }

    @Test
    void aBinaryFrameOverTheSizeLimitClosesTheConnectionWith1009() {
        WsClient big = client("big-binary");
        big.sendBinary(new byte[EndpointOptions.DEFAULTS.maxTextMessageChars() + 1]);
        assertThat(big.awaitCloseCode()).isEqualTo(1009);
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
