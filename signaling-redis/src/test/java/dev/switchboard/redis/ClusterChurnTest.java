package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.conformance.Eventually;
import dev.switchboard.conformance.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Logins, logouts and impostors at random on two nodes while Redis keeps killing the nodes'
 * connections (as a failover or a network blip would), and users who stay online relaying
 * numbered messages across the nodes all the while. The invariants: a name is never held twice;
 * once the churn stops, Redis records exactly the names users hold, each on its holder's node,
 * and each node's directory agrees; every relay arrives in its sender's order and at most once,
 * and every one that did not arrive gave its sender an error. The seed is printed with any
 * failure; {@code -Dchurn.seed=N} repeats a run.
 */
class ClusterChurnTest {

    private static final Duration CHURN = Duration.ofSeconds(8);
    private static final int NAMES = 30;
    private static final int TALKERS = 4;
    private static final Pattern SEQ = Pattern.compile("\\{\"type\":\"candidate\",\"candidate\":\\{\"seq\":(\\d+)},\"name\":\"talker\\d+\"}");

    private record Held(int node, Node.Client client) {
        boolean live() {
            return client.closeCode == -1;
        }
    }

    @Test
    void namesRedisAndDirectoriesAgreeAfterChurnWithConnectionsKilled() {
        long seed = Long.getLong("churn.seed", System.nanoTime());
        Random random = new Random(seed);
        String run = "churn seed " + seed;
        try (RedisProcess redis = RedisProcess.start()) {
            RedisNameRegistry.Config config = RedisNameRegistry.Config.of(redis.uri()).withLease(Duration.ofSeconds(5))
                    .withCommandTimeout(Duration.ofMillis(500));
            try (Node a = new Node(config); Node b = new Node(config)) {
                List<Node> nodes = List.of(a, b);
                // talker i on one node sends to listener i on the other, outside the churned names
                List<Node.Client> talkers = new ArrayList<>();
                List<Node.Client> listeners = new ArrayList<>();
                for (int i = 0; i < TALKERS; i++) {
                    talkers.add(nodes.get(i % 2).login("talker" + i));
                    listeners.add(nodes.get(1 - i % 2).login("listener" + i));
                }
                for (int i = 0; i < TALKERS; i++) {
                    Node from = nodes.get(i % 2);
                    String listener = "listener" + i;
                    Cluster.awaitKnown(from, listener);
                    // in a call: a node taken for dead by mistake would tell the other side leave
                    Cluster.call(talkers.get(i), "talker" + i, listeners.get(i), listener);
                }
                int[] sent = new int[TALKERS];
                Map<String, Held> held = new HashMap<>();
                int logins = 0;
                int logouts = 0;
                int refused = 0;
                int kills = 0;
                long end = System.nanoTime() + CHURN.toNanos();
                long nextKill = System.nanoTime() + millis(200 + random.nextInt(600));
                for (int op = 0; op < 1_000_000 && System.nanoTime() < end; op++) {
                    if (System.nanoTime() > nextKill) {
                        redis.command("CLIENT KILL TYPE " + (random.nextBoolean() ? "normal" : "pubsub"));
                        kills++;
                        nextKill = System.nanoTime() + millis(200 + random.nextInt(600));
                    }
                    if (random.nextInt(4) == 0) {
                        int t = random.nextInt(TALKERS);
                        talkers.get(t).say("{\"type\":\"candidate\",\"name\":\"listener" + t + "\",\"candidate\":{\"seq\":"
                                + sent[t]++ + "}}");
                    }
                    String name = "user" + random.nextInt(NAMES);
                    Held holder = held.get(name);
                    if (holder != null && !holder.live()) {
                        held.remove(name); // lost its name (4409)
                        holder = null;
                    }
                    if (holder == null) {
                        int n = random.nextInt(2);
                        Node.Client client = nodes.get(n).connect();
                        if (login(client, name, run)) {
                            held.put(name, new Held(n, client));
                            logins++;
                        } else {
                            client.drop();
                            refused++;
                        }
                    } else if (random.nextInt(3) == 0) {
                        holder.client().drop();
                        held.remove(name);
                        logouts++;
                    } else {
                        // an impostor on either node: the name is taken while its holder is online
                        int n = random.nextInt(2);
                        Node.Client impostor = nodes.get(n).connect();
                        boolean took = login(impostor, name, run);
                        if (took && holder.live()) {
                            throw new AssertionError(run + ": " + name + " held twice: on node " + holder.node() + " and, after "
                                    + kills + " kills, on node " + n + "; Redis's record " + redis.command("GET switchboard:name:" + name)
                                    + "; the nodes " + a.registry.health() + " and " + b.registry.health());
                        }
                        impostor.drop();
                    }
                }
                assertThat(logins).as(run).isGreaterThan(50);
                assertThat(kills).as(run).isGreaterThan(5);

                Eventually.within(Duration.ofSeconds(20), () -> {
                    for (Node node : nodes) {
                        assertThat(node.registry.health().healthy()).as(run + ": healthy again").isTrue();
                    }
                    int[] perNode = new int[2];
                    for (int i = 0; i < NAMES; i++) {
                        String name = "user" + i;
                        Held holder = held.get(name);
                        String record = redis.command("GET switchboard:name:" + name);
                        if (holder != null && holder.live()) {
                            perNode[holder.node()]++;
                            String nodeId = nodes.get(holder.node()).registry.health().node();
                            assertThat(record).as(run + ": Redis's record of " + name).startsWith(nodeId + ":");
                            Node other = nodes.get(1 - holder.node());
                            assertThat(other.registry.find(name)).as(run + ": " + name + " in the other node's directory")
                                    .isInstanceOfSatisfying(RemoteHandle.class, handle -> assertThat(handle.node).isEqualTo(nodeId));
                        } else {
                            assertThat(record).as(run + ": Redis's record of " + name + ", held by nobody").isNull();
                            for (Node node : nodes) {
                                assertThat(Cluster.knows(node, name)).as(run + ": " + name + " in a directory, held by nobody").isFalse();
                            }
                        }
                    }
                    for (int n = 0; n < 2; n++) {
                        String hash = "switchboard:node:" + nodes.get(n).registry.health().node() + ":names";
                        assertThat(redis.command("HLEN " + hash)).as(run + ": names Redis gives node " + n)
                                .isEqualTo(":" + (perNode[n] + TALKERS)); // half of them talkers, half listeners
                    }
                });
                int relayed = 0;
                int failed = 0;
                for (int t = 0; t < TALKERS; t++) {
                    List<Integer> arrived = new ArrayList<>();
                    for (String message; (message = listeners.get(t).poll(Duration.ofMillis(300))) != null; ) {
                        Matcher m = SEQ.matcher(message);
                        assertThat(m.matches()).as(run + ": a relay as sent: " + message).isTrue();
                        arrived.add(Integer.parseInt(m.group(1)));
                    }
                    int errors = 0;
                    for (String message; (message = talkers.get(t).poll(Duration.ofMillis(100))) != null; ) {
                        assertThat(message).as(run).isEqualTo("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":"
                                + "\"Could not deliver candidate to listener" + t + "\"}");
                        errors++;
                    }
                    for (int i = 1; i < arrived.size(); i++) {
                        assertThat(arrived.get(i)).as(run + ": talker " + t + "'s relays in order, each once").isGreaterThan(arrived.get(i - 1));
                    }
                    assertThat(arrived.size() + errors).as(run + ": talker " + t + "'s " + sent[t]
                            + " relays, each arrived or reported").isGreaterThanOrEqualTo(sent[t]);
                    relayed += arrived.size();
                    failed += errors;
                }
                assertThat(talkers).allSatisfy(talker -> assertThat(talker.closeCode).as(run).isEqualTo(-1));
                System.out.printf("%s: %d logins, %d logouts, %d refused, %d connection kills; %d relays arrived, %d reported"
                        + " not delivered%n", run, logins, logouts, refused, kills, relayed, failed);
            }
        }
    }

    /** Logs {@code client} in as {@code name}; true if it succeeded, false if it was refused. */
    private static boolean login(Node.Client client, String name, String run) {
        client.say("{\"type\":\"login\",\"name\":\"" + name + "\"}");
        String reply = client.poll(Duration.ofSeconds(5));
        assertThat(reply).as(run + ": a reply to a login within 5 s").isNotNull();
        if (reply.equals("{\"type\":\"login\",\"success\":true}")) {
            return true;
        }
        assertThat(reply).as(run).matches("\\{\"type\":\"login\",\"success\":false,\"code\":\"(name_taken|unavailable)\".*");
        return false;
    }

    private static long millis(long ms) {
        return Duration.ofMillis(ms).toNanos();
    }
}
