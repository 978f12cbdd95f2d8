package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code conversation} block of docs/protocol.md against a fresh router: the
 * documented examples are the tests.
 *
 * <pre>
 * alice → TEXT     alice's connection sends TEXT
 * alice ← TEXT     the next message alice receives is exactly TEXT
 * alice closes     alice's connection closes
 * </pre>
 * At the end of a block no connection may have received anything the block does not show.
 */
class ProtocolDocTest {

    private static final Path DOC = Path.of(System.getProperty("user.dir")).resolve("../docs/protocol.md").normalize();
    private static final Pattern STEP = Pattern.compile("^(\\S+) (→|←) (.*)$");
    private static final Pattern CLOSE = Pattern.compile("^(\\S+) closes$");

    record Block(int line, List<String> steps) {
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("```conversation")) {
                int start = i + 1;
                List<String> steps = new ArrayList<>();
                for (i = start; !lines.get(i).equals("```"); i++) {
                    steps.add(lines.get(i));
                }
                blocks.add(new Block(start, steps));
            }
        }
        return blocks;
    }

    @Test
    void theDocumentHasAnExampleForEveryMessageInBothDirections() throws IOException {
        String all = String.join("\n", blocks().stream().flatMap(b -> b.steps().stream()).toList());
        for (String type : List.of("login", "offer", "answer", "candidate", "leave")) {
            assertThat(all).as("a client example of " + type).contains("→ {\"type\":\"" + type + "\"");
        }
        for (String type : List.of("login", "offer", "answer", "candidate", "leave", "error")) {
            assertThat(all).as("a server example of " + type).contains("← {\"type\":\"" + type + "\"");
        }
        for (ErrorCode code : List.of(ErrorCode.INVALID_JSON, ErrorCode.INVALID_MESSAGE, ErrorCode.UNKNOWN_TYPE,
                ErrorCode.INVALID_NAME, ErrorCode.NAME_TAKEN, ErrorCode.ALREADY_LOGGED_IN, ErrorCode.NOT_LOGGED_IN,
                ErrorCode.USER_NOT_FOUND, ErrorCode.SELF_TARGET, ErrorCode.NOT_IN_CALL)) {
            assertThat(all).as("an example of " + code.wireName()).contains("\"code\":\"" + code.wireName() + "\"");
        }
    }

    @Test
    void everyErrorCodeIsInTheDocumentsTable() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(doc).as("docs/protocol.md lists " + code.wireName()).contains("| `" + code.wireName() + "` |");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConversationRunsAsDocumented() throws IOException {
        List<Block> blocks = blocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(12);
        return blocks.stream().map(block -> DynamicTest.dynamicTest("docs/protocol.md line " + block.line(), () -> run(block)));
    }

    private static void run(Block block) {
        SignalingRouter router = SignalingRouter.create();
        Map<String, RecordingSession> sessions = new LinkedHashMap<>();
        int received = 0;
        for (String step : block.steps()) {
            Matcher close = CLOSE.matcher(step);
            if (close.matches()) {
                router.onClose(sessions.get(close.group(1)));
                continue;
            }
            Matcher m = STEP.matcher(step);
            assertThat(m.matches()).as("step '%s' at line %d", step, block.line()).isTrue();
            RecordingSession session = sessions.computeIfAbsent(m.group(1), id -> {
                RecordingSession s = new RecordingSession(id);
                router.onOpen(s);
                return s;
            });
            if (m.group(2).equals("→")) {
                router.onText(session, m.group(3));
            } else {
                session.receives(m.group(3));
                received++;
            }
        }
        assertThat(received).as("a block must show what the server answers").isPositive();
        sessions.values().forEach(RecordingSession::assertExhausted);
    }
}
