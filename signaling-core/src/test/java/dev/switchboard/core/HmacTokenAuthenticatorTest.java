package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.message.ClientMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class HmacTokenAuthenticatorTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final SignalingRouterTest.MutableClock clock = new SignalingRouterTest.MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final HmacTokenAuthenticator tokens = new HmacTokenAuthenticator(SECRET, clock);

    private Authenticator.Decision check(String name, String token) {
        return tokens.authenticate(new RecordingSession("s"), new ClientMessage.Login(name, token));
    }

    @Test
    void aTokenMintedForANameLetsThatNameLogInUntilItExpires() {
        String token = tokens.mint("alice", Duration.ofMinutes(5));
        assertThat(check("alice", token)).isEqualTo(Authenticator.Decision.ALLOW);
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(check("alice", token)).isEqualTo(Authenticator.Decision.ALLOW);
        clock.advance(Duration.ofSeconds(1));
        assertThat(check("alice", token).code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void theTokenMayComeInTheUrlTheClientConnectedTo() {
        RecordingSession session = new RecordingSession("s");
        session.query = java.util.Map.of("token", List.of(tokens.mint("alice", Duration.ofMinutes(5))));
        assertThat(tokens.authenticate(session, new ClientMessage.Login("alice"))).isEqualTo(Authenticator.Decision.ALLOW);
        assertThat(tokens.authenticate(session, new ClientMessage.Login("bob")).code()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void aMissingTokenIsRequired() {
        assertThat(check("alice", null)).isEqualTo(Authenticator.Decision.refuse(ErrorCode.TOKEN_REQUIRED,
                "This server requires a token to log in"));
    }

    @Test
    void aTokenForAnotherNameAForgedOneAndGarbageAreInvalid() {
        String alice = tokens.mint("alice", Duration.ofMinutes(5));
        String forger = new HmacTokenAuthenticator("another secret, also 32 bytes lon".getBytes(StandardCharsets.UTF_8), clock)
                .mint("alice", Duration.ofMinutes(5));
        String[] parts = alice.split("\\.");
        String longerLife = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "." + parts[3];
        for (String bad : List.of(forger, longerLife, "", "v1", "v1.a.b.c", "v2." + alice.substring(3), alice + "x",
                alice.replace("v1.", "v1.!"))) {
            assertThat(check("alice", bad).code()).as(bad).isEqualTo(ErrorCode.TOKEN_INVALID);
        }
        assertThat(check("bob", alice).code()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new HmacTokenAuthenticator(new byte[31], clock))
                .hasMessage("the token secret must be at least 32 bytes, was 31");
    }

    @Test
    void throughTheRouterAFailedLoginCarriesTheCodeAndTheTokenIsNeverLogged() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + record.getParameters() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.switchboard");
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try {
            SignalingRouter router = SignalingRouter.builder().authenticator(tokens).build();
            RecordingSession session = new RecordingSession("s");
            router.onOpen(session);
            String expired = tokens.mint("alice", Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(2));
            router.onText(session, "{\"type\":\"login\",\"name\":\"alice\",\"token\":\"" + expired + "\"}");
            session.receives("{\"type\":\"login\",\"success\":false,\"code\":\"token_expired\",\"message\":\"The token has expired\"}");
            router.onText(session, "{\"type\":\"login\",\"name\":\"alice\",\"token\":17}");
            session.receives("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"Field 'token' must be a string\"}");
            String good = tokens.mint("alice", Duration.ofMinutes(1));
            router.onText(session, "{\"type\":\"login\",\"name\":\"alice\",\"token\":\"" + good + "\"}");
            session.receives("{\"type\":\"login\",\"success\":true}");
            session.assertExhausted();
            assertThat(String.join("\n", logged)).doesNotContain(expired).doesNotContain(good);
            assertThat(new ClientMessage.Login("alice", good).toString()).doesNotContain(good);
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(level);
        }
    }
}
