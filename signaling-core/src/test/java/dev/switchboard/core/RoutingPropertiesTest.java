package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Routing invariants over random interleavings of open, login, relay, leave, close and reconnect
 * across several clients, checked step by step against a model that predicts every message every
 * connection receives. That proves: a message addressed to X reaches only the connection that
 * held X when it was routed; a name has at most one holder; the sender field is never forged
 * (every relay carries a forged {@code from}); per-sender order is kept; every rejection is the
 * predicted one. Seeds are fixed, so a failure names the seed and step that reproduce it.
 */
class RoutingPropertiesTest {

    private static final int CLIENTS = 5;
    private static final String[] NAMES = {"n0", "n1", "n2"};
    private static final int STEPS = 400;

    static Stream<Long> seeds() {
        return Stream.iterate(20261130L, seed -> seed + 7919).limit(100);
    }

    /** What the model knows about one open connection. */
    private static final class Client {
        final RecordingSession session;
        String name;
        final Deque<JsonObject> expected = new ArrayDeque<>();

        Client(RecordingSession session) {
            this.session = session;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void routingMatchesTheModel(long seed) {
        Random random = new Random(seed);
        SignalingRouterTest.MutableClock clock = new SignalingRouterTest.MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        ConnectionLimits roomy = new ConnectionLimits(32 * 1024, 1_000, 1_000_000, 1_000_000, 1_000,
                Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(1));
        SignalingRouter router = SignalingRouter.builder().clock(clock).scheduler(new ManualScheduler(clock))
                .limits(roomy).build();

        Client[] clients = new Client[CLIENTS];
        Map<String, Client> holders = new HashMap<>();
        int[] sequence = new int[CLIENTS];
        int opened = 0;

        for (int step = 0; step < STEPS; step++) {
            int c = random.nextInt(CLIENTS);
            String target = NAMES[random.nextInt(NAMES.length)];
            Client me = clients[c];
            String what;
            if (me == null) {
                me = new Client(new RecordingSession("s" + opened++));
                clients[c] = me;
                router.onOpen(me.session);
                what = "open";
            } else {
                switch (random.nextInt(10)) {
                    case 0, 1 -> {
                        what = "login " + target;
                        router.onText(me.session, "{\"type\":\"login\",\"name\":\"" + target + "\"}");
                        if (me.name != null) {
                            me.expected.add(error("already_logged_in"));
                        } else if (holders.containsKey(target)) {
                            me.expected.add(json("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\"}"));
                        } else {
                            me.name = target;
                            holders.put(target, me);
                            me.expected.add(json("{\"type\":\"login\",\"success\":true}"));
                        }
                    }
                    case 2 -> {
                        what = "close";
                        router.onClose(me.session);
                        if (me.name != null) {
                            holders.remove(me.name);
                        }
                        assertThat(me.expected).as("seed %d step %d: all expected was received", seed, step).isEmpty();
                        clients[c] = null;
                    }
                    case 3 -> {
                        what = "leave " + target;
                        router.onText(me.session, "{\"type\":\"leave\",\"name\":\"" + target + "\",\"from\":\"forged\"}");
                        route(me, target, holders, json("{\"type\":\"leave\",\"name\":\"" + me.name + "\"}"));
                    }
                    default -> {
                        int seq = sequence[c]++;
                        what = "candidate " + seq + " to " + target;
                        router.onText(me.session, "{\"type\":\"candidate\",\"from\":\"forged\",\"name\":\"" + target
                                + "\",\"candidate\":{\"seq\":" + seq + ",\"client\":" + c + "}}");
                        route(me, target, holders, json("{\"type\":\"candidate\",\"candidate\":{\"seq\":" + seq
                                + ",\"client\":" + c + "},\"name\":\"" + me.name + "\"}"));
                    }
                }
            }
            for (Client client : clients) {
                if (client != null) {
                    check(seed, step, what, client);
                }
            }
            assertThat(router.connectionCount()).isEqualTo((int) Stream.of(clients).filter(x -> x != null).count());
        }
    }

    /** What routing one message from {@code from} to {@code target} must produce. */
    private static void route(Client from, String target, Map<String, Client> holders, JsonObject delivered) {
        if (from.name == null) {
            from.expected.add(error("not_logged_in"));
        } else if (target.equals(from.name)) {
            from.expected.add(error("self_target"));
        } else if (!holders.containsKey(target)) {
            from.expected.add(error("user_not_found"));
        } else {
            holders.get(target).expected.add(delivered);
        }
    }

    private static void check(long seed, int step, String what, Client client) {
        List<String> received = client.session.drain();
        List<JsonObject> got = new ArrayList<>();
        for (String text : received) {
            JsonObject message = json(text);
            // the human message is free text; the model predicts everything else
            got.add(message.containsKey("message")
                    ? Json.createObjectBuilder(message).remove("message").build() : message);
        }
        List<JsonObject> want = new ArrayList<>(client.expected);
        client.expected.clear();
        assertThat(got).as("seed %d step %d (%s): what %s received", seed, step, what, client.session.id())
                .containsExactlyElementsOf(want);
    }

    private static JsonObject error(String code) {
        return json("{\"type\":\"error\",\"code\":\"" + code + "\"}");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
