package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.codec.DecodeException;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.codec.SignalingCodec;
import dev.switchboard.core.message.ClientMessage;
import dev.switchboard.core.message.ServerMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The router's answers, one conversation per behaviour. Every test ends by asserting that no
 * session received anything it did not expect.
 */
class SignalingRouterTest {

    private static final String OFFER_SDP = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}";
    private static final String ANSWER_SDP = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}";
    private static final String CANDIDATE = "{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";

    private final List<RecordingSession> sessions = new ArrayList<>();
    private SignalingRouter router = SignalingRouter.create();

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
        RecordingSession session = connect(name + "-session");
        router.onText(session, "{\"type\":\"login\",\"name\":\"" + name + "\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
        return session;
    }

    @Test
    void aFreeNameLogsIn() {
        RecordingSession alice = connect("a");
        router.onText(alice, """
                {"type":"login","name":"alice"}""");
        alice.receives("""
                {"type":"login","success":true}""");
    }

    @Test
    void aTakenNameIsRefusedWithCodeAndMessage() {
        loggedIn("alice");
        RecordingSession other = connect("other");
        router.onText(other, """
                {"type":"login","name":"alice"}""");
        other.receives("""
                {"type":"login","success":false,"code":"name_taken","message":"Name alice is already taken"}""");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"login\"}",
        "{\"type\":\"login\",\"name\":null}",
        "{\"type\":\"login\",\"name\":123}",
        "{\"type\":\"login\",\"name\":[\"alice\"]}",
        "{\"type\":\"login\",\"name\":\"\"}",
        "{\"type\":\"login\",\"name\":\"   \"}",
        "{\"type\":\"login\",\"name\":\"ali\\nce\"}",
        "{\"type\":\"login\",\"name\":\"ali\\u0000ce\"}",
        "{\"type\":\"login\",\"name\":\"ali\\u200bce\"}",
        "{\"type\":\"login\",\"name\":\"\\ud800\"}",
        "{\"type\":\"login\",\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
    })
    void anInvalidNameIsRefusedAndTheConnectionStaysUsable(String login) {
        RecordingSession session = connect("s");
        router.onText(session, login);
        assertThat(session.next()).startsWith("{\"type\":\"login\",\"success\":false,\"code\":\"invalid_name\",\"message\":");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void aNameOfExactlyTheMaximumLengthInCodePointsIsAccepted() {
        RecordingSession session = connect("s");
        String name = "\uD83D\uDE00".repeat(64); // 64 code points, 128 UTF-16 units
        router.onText(session, "{\"type\":\"login\",\"name\":\"" + name + "\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void aSecondLoginOnOneConnectionIsAnErrorAndTheFirstNameStays() {
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, """
                {"type":"login","name":"alicia"}""");
        alice.receives("""
                {"type":"error","code":"already_logged_in","message":"Already logged in as alice"}""");

        RecordingSession bob = loggedIn("bob");
        router.onText(bob, "{\"type\":\"offer\",\"name\":\"alice\",\"offer\":" + OFFER_SDP + "}");
        alice.receives("{\"type\":\"offer\",\"offer\":" + OFFER_SDP + ",\"name\":\"bob\"}");
        RecordingSession other = connect("other");
        router.onText(other, "{\"type\":\"login\",\"name\":\"alicia\"}");
        other.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void anOfferReachesTheTargetVerbatimStampedWithTheSendersName() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + OFFER_SDP + "}");
        bob.receives("{\"type\":\"offer\",\"offer\":" + OFFER_SDP + ",\"name\":\"alice\"}");
    }

    @Test
    void anAnswerAndCandidatesCarryTheSendersNameThatTheTutorialLeftOut() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(bob, "{\"type\":\"answer\",\"name\":\"alice\",\"answer\":" + ANSWER_SDP + "}");
        alice.receives("{\"type\":\"answer\",\"answer\":" + ANSWER_SDP + ",\"name\":\"bob\"}");
        router.onText(bob, "{\"type\":\"candidate\",\"name\":\"alice\",\"candidate\":" + CANDIDATE + "}");
        alice.receives("{\"type\":\"candidate\",\"candidate\":" + CANDIDATE + ",\"name\":\"bob\"}");
        router.onText(alice, "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":null}");
        bob.receives("{\"type\":\"candidate\",\"candidate\":null,\"name\":\"alice\"}");
    }

    @Test
    void payloadsKeepTheirExactTextIncludingWhitespaceAndEscapes() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        String odd = "{ \"sdp\" : \"a=\\u0041\\/b\" ,\n \"n\": [1.50, -0, 1e400] }";
        router.onText(alice, "{\"name\":\"bob\", \"offer\" :\t" + odd + " ,\"type\":\"offer\"}");
        bob.receives("{\"type\":\"offer\",\"offer\":" + odd + ",\"name\":\"alice\"}");
    }

    @Test
    void aClientSuppliedSenderIsNeverRelayed() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, """
                {"type":"candidate","from":"mallory","src":"mallory","candidate":{"candidate":""},"name":"bob"}""");
        bob.receives("""
                {"type":"candidate","candidate":{"candidate":""},"name":"alice"}""");
    }

    @Test
    void leaveReachesTheTargetAndClearsThePairingOnBothSides() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + OFFER_SDP + "}");
        bob.next();
        router.onText(bob, "{\"type\":\"answer\",\"name\":\"alice\",\"answer\":" + ANSWER_SDP + "}");
        alice.next();

        router.onText(alice, """
                {"type":"leave","name":"bob"}""");
        bob.receives("""
                {"type":"leave","name":"alice"}""");

        // the call is over: neither disconnecting now tells the other again
        router.onClose(alice);
        router.onClose(bob);
    }

    @Test
    void aCallerWhoHangsUpTheMomentTheAnswerArrivesStaysHungUp() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        bob.next();
        // alice reacts to the answer before bob's relay of it has returned
        alice.onSend = text -> router.onText(alice, "{\"type\":\"leave\",\"name\":\"bob\"}");
        router.onText(bob, "{\"type\":\"answer\",\"name\":\"alice\",\"answer\":{}}");
        alice.onSend = text -> { };
        alice.receives("{\"type\":\"answer\",\"answer\":{},\"name\":\"bob\"}");
        bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");

        // the call is over: alice disconnecting later must not tell bob again
        router.onClose(alice);
    }

    @Test
    void leaveToAnUnknownUserIsAnErrorNotACrash() {
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, """
                {"type":"leave","name":"nobody"}""");
        alice.receives("""
                {"type":"error","code":"user_not_found","message":"User nobody is not online"}""");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{}}");
        bob.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"alice\"}");
    }

    @Test
    void leaveWithoutANameHangsUpEveryCurrentCall() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        RecordingSession carol = loggedIn("carol");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + OFFER_SDP + "}");
        router.onText(carol, "{\"type\":\"offer\",\"name\":\"alice\",\"offer\":" + OFFER_SDP + "}");
        bob.next();
        alice.next();

        router.onText(alice, "{\"type\":\"leave\"}");
        bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
        carol.receives("{\"type\":\"leave\",\"name\":\"alice\"}");

        router.onText(alice, "{\"type\":\"leave\"}");
        alice.receives("""
                {"type":"error","code":"not_in_call","message":"leave without a name, but not in a call"}""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"offer", "answer", "candidate", "leave"})
    void aMessageToANameThatIsNotOnlineIsAnErrorForTheSender(String type) {
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, "{\"type\":\"" + type + "\",\"name\":\"bob\",\"" + type + "\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User bob is not online\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"offer", "answer", "candidate", "leave"})
    void aMessageBeforeLoginIsAnErrorAndNothingIsRelayed(String type) {
        RecordingSession bob = loggedIn("bob");
        RecordingSession anonymous = connect("anonymous");
        router.onText(anonymous, "{\"type\":\"" + type + "\",\"name\":\"bob\",\"" + type + "\":{}}");
        anonymous.receives("{\"type\":\"error\",\"code\":\"not_logged_in\",\"message\":\"Log in before sending " + type + "\"}");
        bob.assertExhausted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"offer", "answer", "candidate", "leave"})
    void aMessageToYourselfIsAnError(String type) {
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, "{\"type\":\"" + type + "\",\"name\":\"alice\",\"" + type + "\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"self_target\",\"message\":\"Cannot send " + type + " to yourself\"}");
    }

    @Test
    void anUnknownTypeGetsTheTutorialsErrorPlusACode() {
        RecordingSession session = connect("s");
        router.onText(session, """
                {"type":"dance","name":"bob"}""");
        session.receives("""
                {"type":"error","code":"unknown_type","message":"Command not found: dance"}""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello world", "{\"type\":\"login\"", "", "{\"type\":\"login\",\"name\":\"a\"} trailing", "{'type':'login'}"})
    void textThatIsNotJsonIsAnErrorAndTheConnectionStaysUsable(String text) {
        RecordingSession session = connect("s");
        router.onText(session, text);
        assertThat(session.next()).startsWith("{\"type\":\"error\",\"code\":\"invalid_json\",\"message\":");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"login\"", "42", "null", "true", "[{\"type\":\"login\",\"name\":\"a\"}]"})
    void jsonThatIsNotAnObjectIsAnErrorAndTheConnectionStaysUsable(String text) {
        RecordingSession session = connect("s");
        router.onText(session, text);
        session.receives("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"A message must be a JSON object\"}");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void aBinaryMessageIsAnErrorAndTheConnectionStaysUsable() {
        RecordingSession session = connect("s");
        router.onBinary(session);
        session.receives("""
                {"type":"error","code":"invalid_message","message":"Binary messages are not supported; send JSON text"}""");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void closingFreesTheNameAtOnceAndTellsThePeer() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + OFFER_SDP + "}");
        bob.next();

        router.onClose(alice);
        bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");

        RecordingSession newAlice = connect("new-alice");
        router.onText(newAlice, "{\"type\":\"login\",\"name\":\"alice\"}");
        newAlice.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void theCallerIsToldWhenTheCalleeWhoAnsweredDisconnects() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":" + OFFER_SDP + "}");
        bob.next();
        router.onText(bob, "{\"type\":\"answer\",\"name\":\"alice\",\"answer\":" + ANSWER_SDP + "}");
        alice.next();

        router.onClose(bob);
        alice.receives("{\"type\":\"leave\",\"name\":\"bob\"}");
    }

    @Test
    void closingWithoutACallTellsNobody() {
        RecordingSession alice = loggedIn("alice");
        loggedIn("bob");
        router.onText(alice, "{\"type\":\"candidate\",\"name\":\"bob-is-not-paired-by-candidates\",\"candidate\":{}}");
        alice.next();
        router.onClose(alice);
    }

    @Test
    void closeIsActedOnOnceAndAStaleCloseNeverRemovesANewerHolderOfTheName() {
        RecordingSession oldAlice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onClose(oldAlice);
        RecordingSession newAlice = connect("new-alice");
        router.onText(newAlice, "{\"type\":\"login\",\"name\":\"alice\"}");
        newAlice.next();

        router.onClose(oldAlice);
        router.onText(bob, "{\"type\":\"offer\",\"name\":\"alice\",\"offer\":{}}");
        newAlice.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"bob\"}");
        assertThat(router.connectionCount()).isEqualTo(2);
    }

    @Test
    void shutdownClosesEveryOpenConnectionAndEveryLaterOne() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession anonymous = connect("anonymous");
        RecordingSession gone = loggedIn("gone");
        router.onClose(gone);
        router.shutdown(1001, "Server shutting down");
        assertThat(alice.closeCode).isEqualTo(1001);
        assertThat(anonymous.closeCode).isEqualTo(1001);
        assertThat(gone.closeCode).isEqualTo(-1);

        RecordingSession late = connect("late"); // its handshake finished as the server stopped
        assertThat(late.closeCode).isEqualTo(1001);
    }

    @Test
    void textAfterCloseIsIgnored() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onClose(alice);
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
    }

    @Test
    void aMessageTheTargetCannotAcceptIsReportedToTheSender() {
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        bob.refuseMessages();
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver offer to bob\"}");
    }

    @Test
    void anAuthenticatorCanRefuseALoginWithItsReason() {
        router = SignalingRouter.builder()
                .authenticator((session, login) -> login.name().startsWith("admin")
                        ? Authenticator.Decision.refuse("Reserved name")
                        : Authenticator.Decision.ALLOW)
                .build();
        RecordingSession session = connect("s");
        router.onText(session, "{\"type\":\"login\",\"name\":\"admin1\"}");
        session.receives("{\"type\":\"login\",\"success\":false,\"code\":\"login_refused\",\"message\":\"Reserved name\"}");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void anAuthorizerCanForbidSignalingAUser() {
        router = SignalingRouter.builder().authorizer((from, to, type) -> !to.equals("bob")).build();
        RecordingSession alice = loggedIn("alice");
        loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        alice.receives("{\"type\":\"error\",\"code\":\"forbidden\",\"message\":\"Not allowed to send offer to bob\"}");
    }

    @Test
    void anExceptionInAPolicyFailsOnlyThatRequest() {
        router = SignalingRouter.builder()
                .authorizer((from, to, type) -> {
                    if (from.equals("mallory")) {
                        throw new IllegalStateException("policy bug");
                    }
                    return true;
                })
                .build();
        RecordingSession mallory = loggedIn("mallory");
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(mallory, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        mallory.receives("{\"type\":\"error\",\"code\":\"internal_error\",\"message\":\"Internal error while handling offer\"}");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");
    }

    @Test
    void aCodecThatThrowsFailsOnlyThatMessage() {
        JsonCodec json = new JsonCodec();
        router = SignalingRouter.builder().codec(new SignalingCodec() {
            @Override
            public ClientMessage decode(String text) throws DecodeException {
                if (text.contains("boom")) {
                    throw new IllegalStateException("codec bug");
                }
                return json.decode(text);
            }

            @Override
            public String encode(ServerMessage message) {
                return json.encode(message);
            }
        }).build();
        RecordingSession alice = connect("a");
        router.onText(alice, "boom");
        alice.receives("{\"type\":\"error\",\"code\":\"internal_error\",\"message\":\"Internal error while reading the message\"}");
        router.onText(alice, "{\"type\":\"login\",\"name\":\"alice\"}");
        alice.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void aRegistryThatThrowsOnReleaseStillLetsThePeerKnow() {
        InMemoryNameRegistry names = new InMemoryNameRegistry();
        router = SignalingRouter.builder().registry(new DelegatingRegistry(names) {
            @Override
            public void release(String name, Recipient holder) {
                throw new IllegalStateException("backend down");
            }
        }).build();
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        bob.next();
        router.onClose(alice);
        bob.receives("{\"type\":\"leave\",\"name\":\"alice\"}");
    }

    @Test
    void aFailingRegistryFailsTheLoginAndTheConnectionCanRetry() {
        InMemoryNameRegistry names = new InMemoryNameRegistry();
        boolean[] failNext = {true};
        NameRegistry flaky = new DelegatingRegistry(names) {
            @Override
            public CompletionStage<Boolean> claim(String name, Recipient holder) {
                if (failNext[0]) {
                    failNext[0] = false;
                    return CompletableFuture.failedFuture(new IllegalStateException("backend down"));
                }
                return super.claim(name, holder);
            }
        };
        router = SignalingRouter.builder().registry(flaky).build();
        RecordingSession session = connect("s");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":false,\"code\":\"internal_error\",\"message\":\"The name registry failed; try again\"}");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }

    @Test
    void aConnectionThatClosesWhileItsClaimIsInFlightNeverHoldsTheName() {
        CompletableFuture<Boolean> pending = new CompletableFuture<>();
        InMemoryNameRegistry names = new InMemoryNameRegistry();
        router = SignalingRouter.builder().registry(new DelegatingRegistry(names) {
            @Override
            public CompletionStage<Boolean> claim(String name, Recipient holder) {
                return pending.thenCompose(ignored -> super.claim(name, holder));
            }
        }).build();
        RecordingSession session = connect("s");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"error\",\"code\":\"already_logged_in\",\"message\":\"A login is already in progress\"}");
        router.onClose(session);
        pending.complete(true);
        assertThat(names.size()).isZero();
    }

    @Test
    void theListenerSeesLoginsRelaysRejectionsAndOnlineTimeFromTheInjectedClock() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        List<String> events = new CopyOnWriteArrayList<>();
        router = SignalingRouter.builder().clock(clock).listener(new SignalingListener() {
            @Override
            public void onLogin(Session session, String name) {
                events.add("login " + name);
            }

            @Override
            public void onLogout(String name, Duration online) {
                events.add("logout " + name + " " + online);
            }

            @Override
            public void onRelay(String type, String from, String to) {
                events.add(type + " " + from + "->" + to);
            }

            @Override
            public void onRejected(Session session, ErrorCode code, String requestType) {
                events.add("rejected " + code.wireName() + " " + requestType);
            }
        }).build();
        RecordingSession alice = loggedIn("alice");
        loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"carol\",\"offer\":{}}");
        alice.next();
        clock.advance(Duration.ofSeconds(90));
        router.onClose(alice);

        assertThat(events).containsExactly(
                "login alice", "login bob", "offer alice->bob", "rejected user_not_found offer",
                "logout alice PT1M30S");
        sessions.get(1).drain(); // bob's offer and leave are covered elsewhere
    }

    @Test
    void aThrowingListenerChangesNothingForClients() {
        router = SignalingRouter.builder().listener(new SignalingListener() {
            @Override
            public void onLogin(Session session, String name) {
                throw new IllegalStateException("metrics bug");
            }
        }).build();
        RecordingSession alice = loggedIn("alice");
        RecordingSession bob = loggedIn("bob");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{}}");
        bob.receives("{\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}");
    }

    /** A registry that passes everything to an in-memory one; tests override what they break. */
    private static class DelegatingRegistry implements NameRegistry {
        private final InMemoryNameRegistry names;

        DelegatingRegistry(InMemoryNameRegistry names) {
            this.names = names;
        }

        @Override
        public CompletionStage<Boolean> claim(String name, Recipient holder) {
            return names.claim(name, holder);
        }

        @Override
        public Recipient find(String name) {
            return names.find(name);
        }

        @Override
        public void release(String name, Recipient holder) {
            names.release(name, holder);
        }
    }

    /** A clock that moves only when told. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
