package dev.switchboard.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ErrorCode;
import dev.switchboard.core.message.ClientMessage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written decoder against the JSON-P one it replaced ({@link ParssonReferenceCodec}):
 * on valid messages and on many seeded mutations of them, both must produce the same message, or
 * both refuse with the same code.
 */
class JsonCodecDifferentialTest {

    private static final List<String> SEEDS = List.of(
            "{\"type\":\"login\",\"name\":\"alice\"}",
            "{\"type\":\"login\",\"name\":\"al\\u0069ce\",\"token\":\"v1.a.1.b\"}",
            "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}}",
            "{\"type\":\"answer\",\"name\":\"bob\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\"},\"x\":[1,2.5,-3e7,true,false,null]}",
            "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
            "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":null}",
            "{ \"type\" : \"leave\" , \"name\" : \"bob\" }",
            "{\"type\":\"leave\"}",
            "[{\"a\":{\"b\":[\"\\\"\",\"\\\\\",\"\\/\",\"\\b\\f\\n\\r\\t\"]}}]");
    private static final String ALPHABET = "{}[]\":,\\ ntrufalse0123456789.-+eEu/bfr\tx\u00e9";

    private final JsonCodec codec = new JsonCodec();
    private final ParssonReferenceCodec reference = new ParssonReferenceCodec();

    @Test
    void bothDecodersAgreeOnValidMessagesAndOnHundredThousandMutations() {
        Random random = new Random(20261130L);
        int compared = 0;
        for (String seed : SEEDS) {
            assertAgree(seed);
        }
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations && text.length() > 0; m++) {
                int at = random.nextInt(text.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> text.deleteCharAt(at);
                    default -> text.setCharAt(at, c);
                }
            }
            assertAgree(text.toString());
            compared++;
        }
        assertThat(compared).isEqualTo(100_000);
    }

    private void assertAgree(String text) {
        Object ours = outcome(() -> codec.decode(text));
        Object theirs = outcome(() -> reference.decode(text));
        assertThat(ours).as("decoding %s", text).isEqualTo(theirs);
    }

    private interface Decode {
        ClientMessage run() throws DecodeException;
    }

    /** The message, or the refusal's code. */
    private static Object outcome(Decode decode) {
        try {
            return decode.run();
        } catch (DecodeException e) {
            ErrorCode code = e.code();
            return code;
        }
    }
}
