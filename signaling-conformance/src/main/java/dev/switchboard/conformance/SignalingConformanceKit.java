package dev.switchboard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.jakarta.EndpointOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scenarios every host of Switchboard must pass, over real sockets with real WebSocket
 * clients. A host module extends this class and implements {@link #startHost} and
 * {@link #stopHost}; the kit starts the host once per class, asking for {@link #OPTIONS}. A host
 * that runs a configuration exactly as documented may use {@link EndpointOptions#DEFAULTS}
 * instead: the scenarios hold for both.
 *
 * <p>Each scenario uses its own user names, so scenarios share one host without interfering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SignalingConformanceKit {

    /** The limits every host runs the kit with: the default message size, a small outbound queue. */
    public static final EndpointOptions OPTIONS = new EndpointOptions(64 * 1024, 256 * 1024);

    private static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n\"}";
    private static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 46118 2 IN IP4 127.0.0.1\\r\\n\"}";
    private static final String CANDIDATE = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 127.0.0.1 46154 typ srflx\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";

    private final List<WsClient> clients = new CopyOnWriteArrayList<>();
    private String url;
    private int clientsInScenario;

    /**
     * Starts the host with a signaling endpoint (a new router, {@code options}), on 127.0.0.1 and a
     * free port.
     *
     * @return the endpoint's WebSocket URL
     */
    protected abstract String startHost(EndpointOptions options) throws Exception;

    /** Stops the host started by {@link #startHost}. */
    protected abstract void stopHost() throws Exception;

    /**
     * The URL the {@code n}th client of a scenario (from 0) connects to; by default the one
     * {@link #startHost} returned. A cluster of several nodes spreads a scenario's clients over
     * its nodes here, so that every scenario also runs across nodes.
     */
    protected String urlForClient(int n, String hostUrl) {
        return hostUrl;
    }

    @BeforeAll
    final void startKitHost() throws Exception {
        url = startHost(OPTIONS);
    }

    @AfterAll
    final void stopKitHost() throws Exception {
        stopHost();
    }

    @AfterEach
    final void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
        clientsInScenario = 0;
    }

    private String nextUrl() {
        return urlForClient(clientsInScenario++, url);
    }

    /** A new client of the host under test, closed after the scenario. */
    protected final WsClient client(String label) {
        WsClient client = WsClient.connect(label, nextUrl());
        clients.add(client);
        return client;
    }


    @Test
    void twoClientsLogInCallAnswerTrickleCandidatesAndHangUp() {
        WsClient alice = client("alice").login("kit-alice");
        WsClient bob = client("bob").login("kit-bob");

        alice.send("{\"type\":\"offer\",\"name\":\"kit-bob\",\"offer\":" + OFFER + "}");
        bob.receives("{\"type\":\"offer\",\"offer\":" + OFFER + ",\"name\":\"kit-alice\"}");
        bob.send("{\"type\":\"answer\",\"name\":\"kit-alice\",\"answer\":" + ANSWER + "}");
        alice.receives("{\"type\":\"answer\",\"answer\":" + ANSWER + ",\"name\":\"kit-bob\"}");
        alice.send("{\"type\":\"candidate\",\"name\":\"kit-bob\",\"candidate\":" + CANDIDATE + "}");
        bob.send("{\"type\":\"candidate\",\"name\":\"kit-alice\",\"candidate\":" + CANDIDATE + "}");
        bob.receives("{\"type\":\"candidate\",\"candidate\":" + CANDIDATE + ",\"name\":\"kit-alice\"}");
        alice.receives("{\"type\":\"candidate\",\"candidate\":" + CANDIDATE + ",\"name\":\"kit-bob\"}");

        alice.send("{\"type\":\"leave\",\"name\":\"kit-bob\"}");
        bob.receives("{\"type\":\"leave\",\"name\":\"kit-alice\"}");

        alice.receivesNothingElse();
        bob.receivesNothingElse();
    }

    @Test
    void aDroppedConnectionFreesTheNameAndThePeerReceivesLeave() {
        WsClient carol = client("carol").login("kit-carol");
        WsClient dave = client("dave").login("kit-dave");
        carol.send("{\"type\":\"offer\",\"name\":\"kit-dave\",\"offer\":" + OFFER + "}");
        dave.next();

        carol.abort();
        dave.receives("{\"type\":\"leave\",\"name\":\"kit-carol\"}");
        client("carol again").login("kit-carol").receivesNothingElse();
        dave.receivesNothingElse();
    }

    @Test
    void badRequestsGetErrorsAndTheConnectionStaysUsable() {
        WsClient erin = client("erin");
        erin.send("Hello world");
        erin.receives("{\"type\":\"error\",\"code\":\"invalid_json\",\"message\":\"Invalid JSON at offset 0\"}");
        erin.send("[1,2]");
        erin.receives("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"A message must be a JSON object\"}");
        erin.send("{\"type\":\"dance\"}");
        erin.receives("{\"type\":\"error\",\"code\":\"unknown_type\",\"message\":\"Command not found: dance\"}");
        erin.send("{\"type\":\"offer\",\"name\":\"kit-frank\",\"offer\":{}}");
        erin.receives("{\"type\":\"error\",\"code\":\"not_logged_in\",\"message\":\"Log in before sending offer\"}");
        erin.login("kit-erin");
        erin.send("{\"type\":\"offer\",\"name\":\"kit-frank\",\"offer\":{}}");
        erin.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User kit-frank is not online\"}");
        erin.send("{\"type\":\"candidate\",\"name\":\"kit-erin\",\"candidate\":{}}");
        erin.receives("{\"type\":\"error\",\"code\":\"self_target\",\"message\":\"Cannot send candidate to yourself\"}");
        erin.send("{\"type\":\"login\",\"name\":\"kit-erin2\"}");
        erin.receives("{\"type\":\"error\",\"code\":\"already_logged_in\",\"message\":\"Already logged in as kit-erin\"}");
        WsClient other = client("other");
        other.send("{\"type\":\"login\",\"name\":\"kit-erin\"}");
        other.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name kit-erin is already taken\"}");
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
                    contender.send("{\"type\":\"login\",\"name\":\"kit-contested\"}");
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

    /**
     * Many senders write to one receiver at once. Containers that fail concurrent writes on one
     * session (Tomcat's {@code TEXT_FULL_WRITING}) would lose or reorder messages here.
     */
    @Test
    void concurrentSendersToOneReceiverKeepEachSendersOrder() throws Exception {
        WsClient receiver = client("receiver").login("kit-receiver");
        int senders = 8;
        int perSender = 150; // within the default burst of the rate limit
        List<WsClient> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            sending.add(client("sender" + s).login("kit-sender" + s));
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            WsClient sender = sending.get(s);
            done.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perSender; i++) {
                    sender.send("{\"type\":\"candidate\",\"name\":\"kit-receiver\",\"candidate\":{\"seq\":" + i + "}}");
                }
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        int[] next = new int[senders];
        for (int n = 0; n < senders * perSender; n++) {
            String text = receiver.next();
            int seq = Integer.parseInt(text.substring(text.indexOf("\"seq\":") + 6, text.indexOf('}')));
            int sender = Integer.parseInt(text.substring(text.lastIndexOf("kit-sender") + 10, text.lastIndexOf('"')));
            assertThat(seq).as("next candidate from sender%d", sender).isEqualTo(next[sender]++);
        }
        receiver.receivesNothingElse();
        sending.forEach(WsClient::receivesNothingElse);
    }

    @Test
    void aTextMessageOverTheSizeLimitClosesTheConnectionWith1009() {
        WsClient big = client("big");
        big.send("{\"type\":\"login\",\"name\":\"" + "x".repeat(OPTIONS.maxTextMessageChars()) + "\"}");
        assertThat(big.awaitCloseCode()).isEqualTo(1009);
        client("after").login("kit-after-big").receivesNothingElse();
    }

    @Test
    void aBinaryMessageGetsAnErrorAndTheConnectionStaysUsable() {
        WsClient binary = client("binary");
        binary.sendBinary(new byte[] {'{', '}'});
        binary.receives("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"Binary messages are not supported; send JSON text\"}");
        binary.login("kit-binary").receivesNothingElse();
    }

    @Test
    void aBinaryMessageOverTheSizeLimitClosesTheConnectionWith1009() {
        WsClient big = client("big-binary");
        big.sendBinary(new byte[OPTIONS.maxTextMessageChars() + 1]);
        assertThat(big.awaitCloseCode()).isEqualTo(1009);
    }

    @Test
    void invalidUtf8InATextMessageClosesTheConnectionWith1007() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(nextUrl())) {
            raw.send(true, RawWebSocket.TEXT, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            assertThat(raw.awaitCloseCode()).isEqualTo(1007);
        }
        client("after").login("kit-after-utf8").receivesNothingElse();
    }

    @Test
    void aBurstOfMessagesInOneWriteArrivesWholeAndInOrderBeforeTheSendersLeave() throws Exception {
        WsClient peer = client("peer").login("kit-burst-peer");
        try (RawWebSocket raw = RawWebSocket.connect(nextUrl())) {
            raw.sendText("{\"type\":\"login\",\"name\":\"kit-burst\"}");
            assertThat(raw.read().text()).isEqualTo("{\"type\":\"login\",\"success\":true}");
            List<String> burst = new ArrayList<>();
            burst.add("{\"type\":\"offer\",\"name\":\"kit-burst-peer\",\"offer\":" + OFFER + "}");
            for (int i = 0; i < 100; i++) {
                burst.add("{\"type\":\"candidate\",\"name\":\"kit-burst-peer\",\"candidate\":{\"seq\":" + i + "}}");
            }
            raw.sendTexts(burst);
        } // the socket closes right after the burst, without a closing handshake
        peer.receives("{\"type\":\"offer\",\"offer\":" + OFFER + ",\"name\":\"kit-burst\"}");
        for (int i = 0; i < 100; i++) {
            peer.receives("{\"type\":\"candidate\",\"candidate\":{\"seq\":" + i + "},\"name\":\"kit-burst\"}");
        }
        peer.receives("{\"type\":\"leave\",\"name\":\"kit-burst\"}");
        peer.receivesNothingElse();
    }

    @Test
    void anUnmaskedFrameFromAClientClosesTheConnectionWith1002AfterTheMessagesBeforeIt() throws Exception {
        WsClient peer = client("peer").login("kit-unmasked-peer");
        try (RawWebSocket raw = RawWebSocket.connect(nextUrl())) {
            raw.sendText("{\"type\":\"login\",\"name\":\"kit-unmasked\"}");
            assertThat(raw.read().text()).isEqualTo("{\"type\":\"login\",\"success\":true}");
            raw.sendText("{\"type\":\"offer\",\"name\":\"kit-unmasked-peer\",\"offer\":" + OFFER + "}");
            raw.sendUnmasked(true, RawWebSocket.TEXT,
                    "{\"type\":\"candidate\",\"name\":\"kit-unmasked-peer\",\"candidate\":{}}"
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(raw.awaitCloseCode()).isEqualTo(1002); // RFC 6455 §5.1: clients must mask
        }
        peer.receives("{\"type\":\"offer\",\"offer\":" + OFFER + ",\"name\":\"kit-unmasked\"}");
        peer.receives("{\"type\":\"leave\",\"name\":\"kit-unmasked\"}");
        client("after").login("kit-unmasked").receivesNothingElse();
        peer.receivesNothingElse();
    }

    @Test
    void aFragmentedMessageWithAPingBetweenItsFragmentsIsOneMessage() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(nextUrl())) {
            raw.send(false, RawWebSocket.TEXT, "{\"type\":\"log".getBytes(StandardCharsets.UTF_8));
            raw.send(true, RawWebSocket.PING, "are you there".getBytes(StandardCharsets.UTF_8));
            raw.send(false, RawWebSocket.CONTINUATION, "in\",\"name\":\"kit-".getBytes(StandardCharsets.UTF_8));
            raw.send(true, RawWebSocket.CONTINUATION, "fragments\"}".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame pong = raw.read();
            assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(pong.text()).isEqualTo("are you there");
            RawWebSocket.Frame reply = raw.read();
            assertThat(reply.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(reply.text()).isEqualTo("{\"type\":\"login\",\"success\":true}");
        }
    }

    @Test
    void aFragmentedMessageOverTheSizeLimitClosesTheConnectionWith1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(nextUrl())) {
            byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.UTF_8);
            raw.send(false, RawWebSocket.TEXT, chunk);
            try {
                for (int i = 0; i < 8; i++) {
                    raw.send(false, RawWebSocket.CONTINUATION, chunk); // 144 KiB in all, over the 64 KiB limit
                }
                raw.send(true, RawWebSocket.CONTINUATION, chunk);
            } catch (java.io.IOException closedWhileSending) {
                // the server may close before the last fragment: that is the point
            }
            assertThat(raw.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAndItsSendersAreTold() {
        WsClient stalled = WsClient.connectWithoutReading("stalled", nextUrl());
        clients.add(stalled);
        stalled.send("{\"type\":\"login\",\"name\":\"kit-stalled\"}");
        WsClient sender = client("sender").login("kit-stall-sender");
        String offer = "{\"type\":\"offer\",\"name\":\"kit-stalled\",\"offer\":\"" + "s".repeat(30_000) + "\"}";

        // Loopback socket buffers absorb a few MB before the server's queue starts to fill; 4,000
        // offers of 30 KB (120 MB) is far beyond that. The sender keeps to its rate limit: after a
        // rate_limited reply it waits for the bucket to refill.
        List<String> answers = new ArrayList<>();
        for (int sent = 0; sent < 4_000 && answers.isEmpty(); sent++) {
            sender.send(offer);
            if (sent >= 150) {
                // past most of the burst, keep to 50 a second without waiting for the replies:
                // across nodes they come later, and a sender that ran on would be closed for it
                Eventually.pause(22);
            }
            for (String reply = sender.poll(0); reply != null; reply = sender.poll(0)) {
                if (reply.contains("\"code\":\"rate_limited\"")) {
                    Eventually.pause(100); // that offer was dropped; the bucket refills
                } else {
                    answers.add(reply);
                }
            }
        }
        // anything else the overflow caused arrives before the answer to a probe
        Eventually.pause(1_000); // let the bucket refill so that the probe is not itself rate limited
        try {
            sender.send("{\"type\":\"probe\"}");
        } catch (RuntimeException e) {
            throw new AssertionError("the sender's connection closed (" + sender.awaitCloseCode() + " " + sender.closeReason()
                    + ") after these answers: " + answers, e);
        }
        for (String reply = sender.next(); !reply.contains("Command not found: probe"); reply = sender.next()) {
            if (!reply.contains("\"code\":\"rate_limited\"")) {
                answers.add(reply);
            }
        }
        // the overflowing offer is reported, the sender (in a call with the stalled client since its
        // first offer) is told the stalled client left, and offers that were already on their way
        // find it gone (on one node) or are reported undelivered too (across nodes)
        String notDelivered = "{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver offer to kit-stalled\"}";
        String leave = "{\"type\":\"leave\",\"name\":\"kit-stalled\"}";
        String gone = "{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User kit-stalled is not online\"}";
        assertThat(answers).contains(notDelivered).containsOnlyOnce(leave);
        assertThat(answers).allMatch(answer -> answer.equals(notDelivered) || answer.equals(leave) || answer.equals(gone));
        sender.send("{\"type\":\"candidate\",\"name\":\"kit-stalled\",\"candidate\":{}}");
        sender.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User kit-stalled is not online\"}");
        stalled.abort();
    }
}
