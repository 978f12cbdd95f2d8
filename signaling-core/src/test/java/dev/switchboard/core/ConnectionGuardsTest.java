package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection limits and timers of {@link ConnectionLimits}, with time driven by hand:
 * no test sleeps.
 */
class ConnectionGuardsTest {

    private final SignalingRouterTest.MutableClock clock = new SignalingRouterTest.MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<RecordingSession> sessions = new ArrayList<>();
    private SignalingRouter router = withLimits(ConnectionLimits.DEFAULTS);

    private SignalingRouter withLimits(ConnectionLimits limits) {
        return SignalingRouter.builder().clock(clock).scheduler(scheduler).limits(limits).build();
    }

    @AfterEach
    void nothingElseWasSent() {
        sessions.forEach(RecordingSession::assertExhausted);
    }

    private RecordingSession connect(String id) {
        RecordingSession session = new RecordingSession(id);
        sessions.add(session);
        router.onOpen(session);
        return session;
    }

    private RecordingSession loggedIn(String name) {
        RecordingSession session = connect(name);
        router.onText(session, "{\"type\":\"login\",\"name\":\"" + name + "\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
        return session;
    }

    private static ConnectionLimits limits(int burst, int perSecond, int maxRateLimited) {
        ConnectionLimits d = ConnectionLimits.DEFAULTS;
        return new ConnectionLimits(d.maxPayloadChars(), d.maxInvalidInARow(), perSecond, burst, maxRateLimited,
                d.loginTimeout(), d.pingInterval(), d.pongTimeout());
    }

    @Test
    void aPayloadOverItsLimitIsRefusedAndTheConnectionStaysUsable() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        String big = "\"" + "a".repeat(ConnectionLimits.DEFAULTS.maxPayloadChars()) + "\"";
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + big + "}");
        alice.receives("{\"type\":\"error\",\"code\":\"payload_too_large\",\"message\":\"Field 'offer' is longer than 32768 characters\"}");
        String fits = "\"" + "a".repeat(ConnectionLimits.DEFAULTS.maxPayloadChars() - 2) + "\"";
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + fits + "}");
        bob.receives("{\"type\":\"offer\",\"offer\":" + fits + ",\"name\":\"alice\"}");
    }

    @Test
    void tooManyInvalidMessagesInARowCloseTheConnectionWith1008AndFreeItsName() {
        RecordingSession alice = loggedIn("alice");
        for (int i = 1; i < 20; i++) {
            router.onText(alice, "not json");
            alice.next();
        }
        assertThat(alice.closeCode).isEqualTo(-1);
        router.onText(alice, "not json");
        alice.next();
        assertThat(alice.closeCode).isEqualTo(1008);
        assertThat(alice.closeReason).isEqualTo("Too many invalid messages");
        loggedIn("alice"); // released at once, without waiting for the transport's close
    }

    @Test
    void aValidMessageResetsTheInvalidCount() {
        RecordingSession alice = loggedIn("alice");
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < 20; i++) {
                router.onText(alice, "[]");
                alice.next();
            }
            router.onText(alice, "{\"type\":\"leave\"}");
            alice.next(); // not_in_call: a valid message, rejected for another reason
        }
        assertThat(alice.closeCode).isEqualTo(-1);
    }

    @Test
    void aFloodIsRateLimitedThenClosedWhileOtherUsersAreUnaffected() {
        router = withLimits(limits(3, 1, 5));
        RecordingSession mallory = loggedIn("mallory"); // the login took one of the 3 tokens
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        String candidate = "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{}}";
        router.onText(mallory, candidate);
        router.onText(mallory, candidate);
        bob.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"mallory\"}");
        bob.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"mallory\"}");
        router.onText(mallory, candidate);
        mallory.receives("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"Too many messages: at most 1 per second; this one was dropped\"}");

        clock.advance(Duration.ofSeconds(1)); // one token back
        router.onText(mallory, candidate);
        bob.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"mallory\"}");

        for (int i = 0; i < 5; i++) {
            router.onText(mallory, candidate);
            mallory.next();
        }
        assertThat(mallory.closeCode).isEqualTo(-1);
        router.onText(mallory, candidate);
        assertThat(mallory.closeCode).isEqualTo(1008);
        assertThat(mallory.closeReason).isEqualTo("Rate limit exceeded");

        router.onText(alice, "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{}}");
        bob.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"alice\"}");
    }

    @Test
    void theBucketRefillsAtTheSteadyRateUpToTheBurst() {
        router = withLimits(limits(2, 10, 100));
        RecordingSession alice = connect("alice");
        clock.advance(Duration.ofHours(1)); // idle for long: still only the burst
        router.onText(alice, "{\"type\":\"leave\"}");
        router.onText(alice, "{\"type\":\"leave\"}");
        alice.next();
        alice.next();
        router.onText(alice, "{\"type\":\"leave\"}");
        alice.receives("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"Too many messages: at most 10 per second; this one was dropped\"}");
        clock.advance(Duration.ofMillis(100)); // 10 per second: one token in 100 ms
        router.onText(alice, "{\"type\":\"leave\"}");
        assertThat(alice.next()).contains("not_logged_in");
        scheduler.advance(Duration.ofSeconds(10)); // the login timeout ends it
        assertThat(alice.closeCode).isEqualTo(ConnectionLimits.TIMEOUT_CODE);
    }

    @Test
    void aConnectionThatNeverLogsInIsClosedAtTheLoginTimeout() {
        RecordingSession idle = connect("idle");
        RecordingSession alice = loggedIn("alice");
        scheduler.advance(Duration.ofMillis(9_999));
        assertThat(idle.closeCode).isEqualTo(-1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(idle.closeCode).isEqualTo(ConnectionLimits.TIMEOUT_CODE);
        assertThat(idle.closeReason).isEqualTo("Login timeout");
        assertThat(alice.closeCode).isEqualTo(-1);
        assertThat(router.connectionCount()).isEqualTo(1);
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsClosedItsNameFreedAndItsPeerToldWithinIntervalPlusTimeout() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        bob.next();

        scheduler.advance(Duration.ofSeconds(30));
        assertThat(alice.pings).isEqualTo(1);
        assertThat(bob.pings).isEqualTo(1);
        router.onPong(bob); // bob answers, alice has vanished
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(alice.closeCode).isEqualTo(ConnectionLimits.TIMEOUT_CODE);
        assertThat(alice.closeReason).isEqualTo("Ping timeout");
        bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
        assertThat(bob.closeCode).isEqualTo(-1);
        loggedIn("alice");

        scheduler.advance(Duration.ofSeconds(20)); // bob's next ping, 30 s after the first
        assertThat(bob.pings).isEqualTo(2);
    }

    @Test
    void anyMessageCountsAsAnAnswerToAPing() {
        RecordingSession alice = loggedIn("alice");
        scheduler.advance(Duration.ofSeconds(30));
        router.onText(alice, "{\"type\":\"leave\"}");
        alice.next();
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(alice.closeCode).isEqualTo(-1);
    }

    @Test
    void aClosedConnectionLeavesNoTimersBehind() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession idle = connect("idle");
        router.onClose(alice);
        router.onClose(idle);
        assertThat(scheduler.pending()).isZero();
    }

    private RecordingSession from(String id, String ip) {
        RecordingSession session = new RecordingSession(id);
        session.address = new java.net.InetSocketAddress(ip, 40000);
        sessions.add(session);
        router.onOpen(session);
        return session;
    }

    @Test
    void beyondTheTotalAndThePerAddressLimitsConnectionsAreClosedWith1013UntilOthersLeave() {
        router = SignalingRouter.builder().clock(clock).scheduler(scheduler).maxConnections(3, 2).build();
        RecordingSession a1 = from("a1", "192.0.2.1");
        RecordingSession a2 = from("a2", "192.0.2.1");
        RecordingSession a3 = from("a3", "192.0.2.1");
        assertThat(a3.closeCode).isEqualTo(1013);
        assertThat(a3.closeReason).isEqualTo("Too many connections from your address");
        RecordingSession b1 = from("b1", "192.0.2.2");
        RecordingSession b2 = from("b2", "192.0.2.2");
        assertThat(b2.closeCode).isEqualTo(1013);
        assertThat(b2.closeReason).isEqualTo("Server is full: too many connections");
        assertThat(router.connectionCount()).isEqualTo(3);

        router.onClose(a1);
        RecordingSession a4 = from("a4", "192.0.2.1");
        assertThat(a4.closeCode).isEqualTo(-1);
        router.onText(a4, "{\"type\":\"login\",\"name\":\"a4\"}");
        a4.receives("{\"type\":\"login\",\"success\":true}");
        assertThat(a2.closeCode).isEqualTo(-1);
        assertThat(b1.closeCode).isEqualTo(-1);
        router.onClose(a3); // a refused connection's close changes no count
        assertThat(from("a5", "192.0.2.1").closeCode).isEqualTo(1013);
    }

    @Test
    void limitsAreValidated() {
        ConnectionLimits d = ConnectionLimits.DEFAULTS;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConnectionLimits(0, 1, 1, 1, 1,
                d.loginTimeout(), d.pingInterval(), d.pongTimeout())).hasMessage("maxPayloadChars must be positive, was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConnectionLimits(1, 1, 1, 1, 1,
                d.loginTimeout(), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .hasMessage("pongTimeout (PT5S) must be less than pingInterval (PT5S)");
    }
}
