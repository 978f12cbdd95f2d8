package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Coverage-guided fuzzing of decoding and routing (Jazzer). In a plain build the regression
 * inputs under src/test/resources/.../DecodeAndRouteFuzzTestInputs/ run; real fuzzing is local:
 * {@code JAZZER_FUZZ=1 mvn -pl signaling-core test -Dtest=DecodeAndRouteFuzzTest}. New crashing
 * inputs it finds go in that folder.
 *
 * <p>Invariants, for any text from one client: nothing escapes the router; every reply is a JSON
 * object of a declared type, and every error code a declared one; other users only ever receive
 * messages stamped with the sender's own login; and other users' state is unchanged (they can
 * still call each other).
 */
class DecodeAndRouteFuzzTest {

    private static final Set<String> TYPES = Set.of("login", "offer", "answer", "candidate", "leave", "error");
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).collect(Collectors.toSet());

    @FuzzTest(maxDuration = "30s")
    void decodeAndRoute(byte[] input) {
        SignalingRouter router = SignalingRouter.create();
        RecordingSession alice = open(router, "alice");
        RecordingSession bob = open(router, "bob");
        RecordingSession mallory = new RecordingSession("mallory");
        router.onOpen(mallory);

        String text = new String(input, StandardCharsets.UTF_8);
        router.onText(mallory, text);
        router.onText(mallory, text); // twice: a second login, a relay after a login

        for (String reply : mallory.drain()) {
            JsonObject message = Json.createReader(new StringReader(reply)).readObject();
            assertThat(TYPES).contains(message.getString("type"));
            if (message.containsKey("code")) {
                assertThat(CODES).contains(message.getString("code"));
            }
        }
        for (RecordingSession victim : new RecordingSession[] {alice, bob}) {
            for (String received : victim.drain()) {
                JsonObject message = Json.createReader(new StringReader(received)).readObject();
                assertThat(message.get("name")).as("the sender stamped on %s", received).isInstanceOf(JsonString.class);
                String sender = message.getString("name");
                assertThat(sender).as("nobody but mallory sent anything").isNotIn("alice", "bob");
            }
        }
        router.onText(alice, "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{}}");
        bob.receives("{\"type\":\"candidate\",\"candidate\":{},\"name\":\"alice\"}");
        alice.assertExhausted();
        bob.assertExhausted();
    }

    private static RecordingSession open(SignalingRouter router, String name) {
        RecordingSession session = new RecordingSession(name);
        router.onOpen(session);
        router.onText(session, "{\"type\":\"login\",\"name\":\"" + name + "\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
        return session;
    }
}
