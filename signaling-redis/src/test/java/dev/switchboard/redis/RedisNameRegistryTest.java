package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.conformance.Eventually;
import dev.switchboard.conformance.RedisProcess;
import dev.switchboard.core.SignalingRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two or three nodes on one real Redis, with in-process clients: names, relays, leave and errors
 * across nodes, and what happens when a lease is lost or a target vanishes. The Redis outage and
 * a node killed with {@code kill -9} are in {@link RedisOutageTest} and the example server's tests.
 */
class RedisNameRegistryTest {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static RedisProcess redis;

    private final List<Node> nodes = new ArrayList<>();
    private final String prefix = "test" + CLUSTERS.incrementAndGet();

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::close);
    }

    private Node node() {
        return node(Duration.ofSeconds(10));
    }

    private Node node(Duration lease) {
        return node(redis.uri(), lease);
    }

    private Node node(String uri, Duration lease) {
        Node node = new Node(RedisNameRegistry.Config.of(uri).withKeyPrefix(prefix).withLease(lease)
                .withCommandTimeout(Duration.ofMillis(500)));
        nodes.add(node);
        return node;
    }

    @Test
    void aNameIsUniqueAcrossNodesAndFreeAgainWhenItsHolderLeaves() {
        Node a = node();
        Node b = node();
        Node.Client alice = a.login("alice");

        Node.Client impostor = b.connect();
        impostor.say("{\"type\":\"login\",\"name\":\"alice\"}");
        impostor.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");

        alice.drop();
        Eventually.within(Duration.ofSeconds(5), () -> {
            impostor.say("{\"type\":\"login\",\"name\":\"alice\"}");
            impostor.receives("{\"type\":\"login\",\"success\":true}");
        });
    }

    @Test
    void aCallAcrossNodesIsRelayedWithTheSameShapesAndLeaveOnDisconnect() {
        Node a = node();
        Node b = node();
        Node.Client alice = a.login("alice");
        Node.Client bob = b.login("bob");
        Cluster.awaitKnown(a, "bob");

        alice.say("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
        bob.receives("{\"type\":\"offer\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"name\":\"alice\"}");
        bob.say("{\"type\":\"answer\",\"name\":\"alice\",\"answer\":{\"sdp\":\"x\"}}");
        alice.receives("{\"type\":\"answer\",\"answer\":{\"sdp\":\"x\"},\"name\":\"bob\"}");

        bob.drop();
        alice.receives("{\"type\":\"leave\",\"name\":\"bob\"}");
        alice.say("{\"type\":\"leave\"}");
        alice.receives("{\"type\":\"error\",\"code\":\"not_in_call\",\"message\":\"leave without a name, but not in a call\"}");
        alice.receivesNothingElse();
    }

    @Test
    void messagesFromOneSenderArriveInOrderOnAnotherNode() {
        Node a = node();
        Node b = node();
        Node.Client bob = b.login("bob");
        List<Node.Client> senders = List.of(a.login("s1"), a.login("s2"), b.login("s3"));
        Cluster.awaitKnown(a, "bob");

        int each = 300;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            Node.Client sender = senders.get(s);
            Thread thread = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    sender.say("{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{\"i\":" + i + "}}");
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        int[] nextFrom = new int[4];
        for (int n = 0; n < each * senders.size(); n++) {
            String text = bob.next(Duration.ofSeconds(5));
            int i = Integer.parseInt(text.replaceAll(".*\"i\":(\\d+).*", "$1"));
            int s = Integer.parseInt(text.replaceAll(".*\"name\":\"s(\\d)\".*", "$1"));
            assertThat(i).as("message %d from s%d", n, s).isEqualTo(nextFrom[s]);
            nextFrom[s]++;
        }
        bob.receivesNothingElse();
    }

    @Test
    void aTargetOnNoNodeGetsTheSameErrorsAsOnOneNode() {
        Node a = node();
        node();
        Node.Client alice = a.login("alice");
        alice.say("{\"type\":\"offer\",\"name\":\"nobody\",\"offer\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User nobody is not online\"}");
        alice.say("{\"type\":\"leave\",\"name\":\"nobody\"}");
        alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User nobody is not online\"}");
    }

    @Test
    void aMessageToANodeThatNobodyListensForGetsNotDeliveredAndTheNodesNamesAreForgotten() {
        Node a = node();
        Node.Client alice = a.login("alice");
        // a node that announced a login and vanished without a trace
        redis.command("PUBLISH " + prefix + ":directory \"+\\nghost\\nnode0vanished\\n1\"");
        Cluster.awaitKnown(a, "ghost");

        alice.say("{\"type\":\"offer\",\"name\":\"ghost\",\"offer\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver offer to ghost\"}");
        alice.say("{\"type\":\"offer\",\"name\":\"ghost\",\"offer\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User ghost is not online\"}");
    }

    @Test
    void aMessageForANameTheDirectoryDoesNotKnowIsLookedUpInRedisAndArrivesInOrder() {
        Node a = node();
        Node b = node();
        Node.Client alice = a.login("alice");
        Node.Client bob = b.login("bob");
        Cluster.awaitKnown(a, "bob");
        // as if a had not heard of bob's login yet
        String[] holder = redis.command("GET " + prefix + ":name:bob").split(":");
        redis.command("PUBLISH " + prefix + ":directory \"-\\nbob\\n" + holder[0] + "\\n" + holder[1] + "\"");
        Cluster.awaitUnknown(a, "bob");

        for (int i = 0; i < 20; i++) {
            alice.say("{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{\"i\":" + i + "}}");
        }
        for (int i = 0; i < 20; i++) {
            bob.receives("{\"type\":\"candidate\",\"candidate\":{\"i\":" + i + "},\"name\":\"alice\"}");
        }
        alice.say("{\"type\":\"offer\",\"name\":\"nobody\",\"offer\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User nobody is not online\"}");
        alice.receivesNothingElse();
    }

    @Test
    void aMessageForALoginItsNodeNoLongerHasIsReportedBackAsUserNotFound() {
        Node a = node();
        Node b = node();
        Node.Client alice = a.login("alice");
        Cluster.announceStale(redis, prefix, b, "stale");
        Cluster.awaitKnown(a, "stale");

        alice.say("{\"type\":\"candidate\",\"name\":\"stale\",\"candidate\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User stale is not online\"}");
    }

    @Test
    void aNodeCutOffFromRedisIsReapedAndItsPeersOnOtherNodesHearLeave() {
        try (TcpProxy partition = new TcpProxy(redis.port())) {
            Node a = node(partition.uri(), Duration.ofMillis(800));
            Node b = node(redis.uri(), Duration.ofMillis(800));
            Node.Client alice = a.login("alice");
            Node.Client bob = b.login("bob");
            Cluster.awaitKnown(b, "alice");
            Cluster.awaitKnown(a, "bob");
            alice.say("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
            bob.next(Duration.ofSeconds(5));

            partition.cut();
            bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
            assertThat(Cluster.knows(b, "alice")).isFalse();
            bob.say("{\"type\":\"candidate\",\"name\":\"alice\",\"candidate\":{}}");
            bob.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User alice is not online\"}");
        }
    }

    @Test
    void aNodeCutOffLongerThanItsLeaseDropsANameTakenMeanwhileWith4409() {
        try (TcpProxy partition = new TcpProxy(redis.port())) {
            Node a = node(partition.uri(), Duration.ofMillis(800));
            Node b = node(redis.uri(), Duration.ofMillis(800));
            Node.Client alice = a.login("alice");

            partition.cut();
            Node.Client second = b.connect();
            Eventually.within(Duration.ofSeconds(5), () -> {
                second.say("{\"type\":\"login\",\"name\":\"alice\"}");
                second.receives("{\"type\":\"login\",\"success\":true}");
            });
            assertThat(alice.closeCode).as("still connected while a cannot know").isEqualTo(-1);
            partition.heal();

            Eventually.within(Duration.ofSeconds(10), () -> assertThat(alice.closeCode).isEqualTo(SignalingRouter.NAME_LOST_CODE));
            assertThat(alice.closeReason).isEqualTo("Name lost: log in again");
            Cluster.awaitKnown(a, "alice");
            Node.Client caller = a.login("caller");
            caller.say("{\"type\":\"offer\",\"name\":\"alice\",\"offer\":{}}");
            second.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"caller\"}");
        }
    }

    @Test
    void aNodeCutOffLongerThanItsLeaseKeepsTheNamesNobodyTook() {
        try (TcpProxy partition = new TcpProxy(redis.port())) {
            Node a = node(partition.uri(), Duration.ofMillis(800));
            Node b = node(redis.uri(), Duration.ofMillis(800));
            Node.Client alice = a.login("alice");
            Node.Client bob = b.login("bob");

            partition.cut();
            Cluster.awaitUnknown(b, "alice"); // reaped
            partition.heal();

            Eventually.within(Duration.ofSeconds(10), () -> assertThat(Cluster.knows(b, "alice")).isTrue());
            Cluster.awaitKnown(a, "bob");
            assertThat(alice.closeCode).isEqualTo(-1);
            Node.Client other = b.connect();
            other.say("{\"type\":\"login\",\"name\":\"alice\"}");
            other.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");
            bob.say("{\"type\":\"offer\",\"name\":\"alice\",\"offer\":{}}");
            alice.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"bob\"}");
        }
    }

    @Test
    void announcementsTheDataConnectionCouldNotCarryAreMadeAgainWhenItIsBack() throws InterruptedException {
        try (TcpProxy partition = new TcpProxy(redis.port())) {
            Node a = node(partition.uri(), Duration.ofSeconds(2));
            Node b = node(redis.uri(), Duration.ofSeconds(2));
            Node.Client early = a.login("early");
            Cluster.awaitKnown(b, "early");

            // a node connects its command, data and subscription connections in that order; with the
            // data connection down, claims and releases still reach Redis, their announcements do not
            partition.cutConnection(1);
            Node.Client alice = a.login("alice");
            early.drop();
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(redis.command("EXISTS " + prefix + ":name:early")).isEqualTo(":0"));
            Thread.sleep(200); // the node takes the release's reply and tries to announce it
            assertThat(b.registry.health().remoteNames()).isEqualTo(1); // early, still: neither announcement came
            assertThat(Cluster.knows(b, "alice")).isFalse();
            partition.heal();

            Eventually.within(Duration.ofSeconds(5), () -> {
                assertThat(Cluster.knows(b, "alice")).isTrue();
                assertThat(Cluster.knows(b, "early")).isFalse();
            });
            assertThat(alice.closeCode).isEqualTo(-1);
        }
    }

    /**
     * A Sentinel failover promotes a replica that may lack the master's last writes (replication
     * is asynchronous), and kills every client so that they reconnect to it. Here a claim and a
     * release go missing that way, with the node's lease intact.
     */
    @Test
    void afterReconnectingANodePutsBackClaimsAndReleasesRedisLost() {
        Node a = node();
        Node b = node();
        Node.Client alice = a.login("alice");
        Node.Client gone = a.login("gone");
        String namesOfA = prefix + ":node:" + a.registry.health().node() + ":names";
        String goneHolder = redis.command("GET " + prefix + ":name:gone");
        String goneLogin = redis.command("HGET " + namesOfA + " gone");
        gone.drop();
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(redis.command("EXISTS " + prefix + ":name:gone")).isEqualTo(":0"));

        // the writes a failover lost: alice's claim, and gone's release
        redis.command("DEL " + prefix + ":name:alice");
        redis.command("HDEL " + namesOfA + " alice");
        redis.command("SET " + prefix + ":name:gone " + goneHolder);
        redis.command("HSET " + namesOfA + " gone " + goneLogin);
        redis.command("CLIENT KILL TYPE pubsub");
        redis.command("CLIENT KILL TYPE normal");

        Eventually.within(Duration.ofSeconds(10), () -> {
            assertThat(redis.command("EXISTS " + prefix + ":name:alice")).isEqualTo(":1");
            assertThat(redis.command("EXISTS " + prefix + ":name:gone")).isEqualTo(":0");
            assertThat(b.registry.health().healthy()).isTrue(); // reconnected too
        });
        Node.Client other = b.connect();
        other.say("{\"type\":\"login\",\"name\":\"alice\"}");
        other.receives("{\"type\":\"login\",\"success\":false,\"code\":\"name_taken\",\"message\":\"Name alice is already taken\"}");
        other.say("{\"type\":\"login\",\"name\":\"gone\"}");
        other.receives("{\"type\":\"login\",\"success\":true}");
        assertThat(alice.closeCode).isEqualTo(-1);
    }

    /**
     * A claim that timed out may have run in Redis all the same: the node must not leave it there,
     * holding the name for a login it refused.
     */
    @Test
    void aClaimWhoseAnswerCameTooLateIsReleasedSoItCannotBlockTheName() {
        try (TcpProxy congested = new TcpProxy(redis.port())) {
            Node a = node(congested.uri(), Duration.ofSeconds(8));
            Node b = node();
            String record = prefix + ":name:ghost";
            congested.holdReplies();
            Node.Client ghost = a.connect();
            ghost.say("{\"type\":\"login\",\"name\":\"ghost\"}");
            Eventually.within(Duration.ofSeconds(2), () -> assertThat(redis.command("GET " + record)).isNotNull()); // it ran
            ghost.receives("{\"type\":\"login\",\"success\":false,\"code\":\"unavailable\","
                    + "\"message\":\"Logins are unavailable for now (Redis is unreachable); try again later\"}");

            Eventually.within(Duration.ofSeconds(5), () -> assertThat(redis.command("EXISTS " + record)).isEqualTo(":0"));
            Node.Client real = b.connect();
            real.say("{\"type\":\"login\",\"name\":\"ghost\"}");
            real.receives("{\"type\":\"login\",\"success\":true}");
            congested.releaseReplies();
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(a.registry.health().healthy()).isTrue());
        }
    }

    /**
     * The connection drops after Redis took a relay but before it said so: the node cannot know
     * whether the message went out. It arrives at most once (nothing replays it), and the sender
     * is told {@code not_delivered} rather than nothing.
     */
    @Test
    void aRelayWhoseConfirmationWasLostArrivesAtMostOnceAndTheSenderIsTold() {
        try (TcpProxy link = new TcpProxy(redis.port())) {
            Node a = node(link.uri(), Duration.ofSeconds(8));
            Node b = node();
            Node.Client alice = a.login("alice");
            Node.Client bob = b.login("bob");
            Cluster.awaitKnown(a, "bob");

            link.holdReplies();
            alice.say("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
            bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");
            link.cutConnection(1); // the data connection, with the answer still held
            link.releaseReplies();
            link.heal();
            alice.receives("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver offer to bob\"}");
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(a.registry.health().healthy()).isTrue());
            bob.receivesNothingElse();
            alice.say("{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"n\":2}}");
            bob.receives("{\"type\":\"offer\",\"offer\":{\"n\":2},\"name\":\"alice\"}");
        }
    }

    /**
     * Nobody listened on a node's channel because its subscription was reconnecting, not because
     * it died: its lease is alive. The message is reported undelivered, but the node's users stay
     * known and their calls go on.
     */
    @Test
    void aNodeWhoseSubscriptionBlinkedIsNotTakenForDead() {
        try (TcpProxy link = new TcpProxy(redis.port())) {
            Node a = node(link.uri(), Duration.ofSeconds(8));
            Node b = node();
            Node.Client alice = a.login("alice");
            Node.Client bob = b.login("bob");
            Cluster.awaitKnown(b, "alice");
            Cluster.call(bob, "bob", alice, "alice");

            link.cutConnection(2); // a's subscription, and no reconnecting until healed
            String channelOfA = prefix + ":node:" + a.registry.health().node();
            Eventually.within(Duration.ofSeconds(5),
                    () -> assertThat(redis.array("PUBSUB NUMSUB " + channelOfA)).containsExactly(channelOfA, "0"));
            bob.say("{\"type\":\"candidate\",\"name\":\"alice\",\"candidate\":{}}");
            bob.receives("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver candidate to alice\"}");
            bob.receivesNothingElse(); // no leave: alice's node is alive
            assertThat(Cluster.knows(b, "alice")).isTrue();
            // a deaf node still speaks: its relays ride its data connection, which is up
            alice.say("{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{}}");
            bob.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"alice\"}");

            link.heal();
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(a.registry.health().healthy()).isTrue());
            bob.say("{\"type\":\"candidate\",\"name\":\"alice\",\"candidate\":{\"n\":2}}");
            alice.receives("{\"type\":\"candidate\",\"candidate\":{\"n\":2},\"name\":\"bob\"}");
            assertThat(alice.closeCode).isEqualTo(-1);
        }
    }

    /**
     * A user leaves while its node's data connection is down: the leave to its peer on another
     * node cannot go out, but the release announcement is made again when the connection is back,
     * and the peer's node tells it leave then.
     */
    @Test
    void aLeaveLostWithTheDataConnectionReachesThePeerWithTheRelease() {
        try (TcpProxy link = new TcpProxy(redis.port())) {
            Node a = node(link.uri(), Duration.ofSeconds(8));
            Node b = node();
            Node.Client alice = a.login("alice");
            Node.Client bob = b.login("bob");
            Cluster.awaitKnown(b, "alice");
            Cluster.call(bob, "bob", alice, "alice");

            link.cutConnection(1); // a's data connection
            alice.drop();
            bob.receivesNothingElse();
            link.heal();
            bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
            bob.receivesNothingElse();
            assertThat(Cluster.knows(b, "alice")).isFalse();
        }
    }

    /**
     * A node that receives a message for a login it no longer has reports back on its data
     * connection; if that is down, the report goes out when it is back, late but not lost.
     */
    @Test
    void aReportTheDataConnectionCouldNotCarryReachesTheSenderWhenItIsBack() {
        try (TcpProxy link = new TcpProxy(redis.port())) {
            Node a = node();
            Node b = node(link.uri(), Duration.ofSeconds(8));
            Node.Client alice = a.login("alice");
            Cluster.announceStale(redis, prefix, b, "stale");
            Cluster.awaitKnown(a, "stale");

            link.cutConnection(1); // b's data connection: b hears the message, its report cannot go out
            alice.say("{\"type\":\"candidate\",\"name\":\"stale\",\"candidate\":{}}");
            alice.receivesNothingElse();
            link.heal();
            alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User stale is not online\"}");
        }
    }

    /**
     * The sender's node is resubscribing when the report about its message comes: nobody hears
     * it. The reporting node sends it again at its next renewals, and the sender learns of it.
     */
    @Test
    void aReportNobodyHeardIsSentAgainForTheSenderWhoseNodeWasResubscribing() {
        try (TcpProxy toA = new TcpProxy(redis.port()); TcpProxy toB = new TcpProxy(redis.port())) {
            Node a = node(toA.uri(), Duration.ofSeconds(8));
            Node b = node(toB.uri(), Duration.ofSeconds(8));
            Node.Client bob = b.login("bob");
            Cluster.announceStale(redis, prefix, a, "stale");
            Cluster.awaitKnown(b, "stale");

            toA.holdReplies(); // a hears bob's message only when released
            bob.say("{\"type\":\"candidate\",\"name\":\"stale\",\"candidate\":{}}");
            toB.cutConnection(2); // b's subscription: b hears nothing now
            String channelOfB = prefix + ":node:" + b.registry.health().node();
            Eventually.within(Duration.ofSeconds(5),
                    () -> assertThat(redis.array("PUBSUB NUMSUB " + channelOfB)).containsExactly(channelOfB, "0"));
            toA.releaseReplies(); // a reports to b's channel, where nobody listens
            bob.receivesNothingElse();
            toB.heal();
            bob.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User stale is not online\"}");
        }
    }

    @Test
    void aLogoutRedisMissedIsRetriedSoTheNameIsFreeBeforeTheLeaseWouldFreeIt() {
        try (TcpProxy partition = new TcpProxy(redis.port())) {
            Node a = node(partition.uri(), Duration.ofSeconds(8));
            Node b = node(redis.uri(), Duration.ofSeconds(8));
            Node.Client alice = a.login("alice");

            partition.cut();
            alice.drop(); // the release cannot reach Redis
            partition.heal();

            // freed by the retry after the next renewal (every 2 s), long before a's 8 s lease could
            Node.Client again = b.connect();
            long start = System.nanoTime();
            Eventually.within(Duration.ofSeconds(6), () -> {
                again.say("{\"type\":\"login\",\"name\":\"alice\"}");
                again.receives("{\"type\":\"login\",\"success\":true}");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            // healthy again at its first renewal after the cut (the name may be free before that)
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(a.registry.health().healthy()).isTrue());
        }
    }

    @Test
    void closingANodeFreesItsNamesAtOnceForTheOthers() {
        Node a = node();
        Node b = node();
        a.login("alice");
        Node.Client bob = b.login("bob");
        Cluster.awaitKnown(b, "alice");

        a.close();
        Cluster.awaitUnknown(b, "alice");
        Node.Client again = b.connect();
        again.say("{\"type\":\"login\",\"name\":\"alice\"}");
        again.receives("{\"type\":\"login\",\"success\":true}");
        bob.receivesNothingElse();
    }

    @Test
    void healthReportsTheLinkAndTheCounts() {
        Node a = node();
        Node b = node();
        a.login("alice");
        b.login("bob");
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(a.registry.health().remoteNames()).isEqualTo(1));
        RedisNameRegistry.Health health = a.registry.health();
        assertThat(health.healthy()).isTrue();
        assertThat(health.localNames()).isEqualTo(1);
        assertThat(health.node()).hasSize(12).isNotEqualTo(b.registry.health().node());
    }

    @Test
    void aNodeThatCannotReachRedisDoesNotStart() {
        int closedPort = dev.switchboard.conformance.ContainerProcess.freePort();
        assertThatThrownBy(() -> RedisNameRegistry.connect(RedisNameRegistry.Config.of("redis://127.0.0.1:" + closedPort)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + closedPort);
    }

    @Test
    void badConfigurationIsRefusedWithItsReason() {
        assertThatThrownBy(() -> RedisNameRegistry.Config.of("http://localhost"))
                .hasMessage("a Redis URI starts with redis://, rediss:// or redis-sentinel://");
        assertThatThrownBy(() -> RedisNameRegistry.Config.of("redis://x").withKeyPrefix("a:b"))
                .hasMessageContaining("without ':'");
        assertThatThrownBy(() -> RedisNameRegistry.Config.of("redis://x").withLease(Duration.ofMillis(100)))
                .hasMessage("lease must be at least 400 ms, was 100 ms");
    }
}
