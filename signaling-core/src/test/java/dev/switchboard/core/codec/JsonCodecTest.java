package dev.switchboard.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.ErrorCode;
import dev.switchboard.core.message.ClientMessage;
import dev.switchboard.core.message.RawJson;
import dev.switchboard.core.message.ServerMessage;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    private ClientMessage decode(String text) throws DecodeException {
        return codec.decode(text);
    }

    private DecodeException failure(String text) {
        DecodeException e = catchThrowableOfType(DecodeException.class, () -> codec.decode(text));
        assertThat(e).as("decoding %s should fail", text).isNotNull();
        return e;
    }

    // --- each client message type, its fields absent, null, of the wrong type, and with extras ---

    @Test
    void loginDecodes() throws Exception {
        assertThat(decode("""
                {"type":"login","name":"alice"}""")).isEqualTo(new ClientMessage.Login("alice"));
    }

    @Test
    void loginWithNameAbsentNullOrNotAStringIsAnInvalidName() {
        assertThat(failure("""
                {"type":"login"}""").code()).isEqualTo(ErrorCode.INVALID_NAME);
        assertThat(failure("""
                {"type":"login","name":null}""").code()).isEqualTo(ErrorCode.INVALID_NAME);
        DecodeException number = failure("""
                {"type":"login","name":123}""");
        assertThat(number.code()).isEqualTo(ErrorCode.INVALID_NAME);
        assertThat(number.requestType()).isEqualTo("login");
        assertThat(number.getMessage()).isEqualTo("Field 'name' must be a string");
    }

    @Test
    void unknownExtraFieldsAreIgnoredInEveryType() throws Exception {
        assertThat(decode("""
                {"type":"login","name":"alice","password":"x","nested":{"a":[1,{"b":null}]}}"""))
                .isEqualTo(new ClientMessage.Login("alice"));
        assertThat(decode("""
                {"type":"leave","name":"bob","from":"mallory"}""")).isEqualTo(new ClientMessage.Leave("bob"));
        assertThat(decode("""
                {"type":"offer","name":"bob","offer":{},"answer":"ignored","from":"mallory"}"""))
                .isEqualTo(new ClientMessage.Offer("bob", new RawJson("{}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"offer", "answer", "candidate"})
    void relaysDecodeWithTheirPayloadAsRawText(String type) throws Exception {
        ClientMessage message = decode("{\"type\":\"" + type + "\",\"name\":\"bob\",\"" + type + "\": {\"sdp\" : \"v=0\"} }");
        assertThat(message).isInstanceOf(ClientMessage.Relay.class);
        ClientMessage.Relay relay = (ClientMessage.Relay) message;
        assertThat(relay.type()).isEqualTo(type);
        assertThat(relay.target()).isEqualTo("bob");
        assertThat(relay.payload().json()).isEqualTo("{\"sdp\" : \"v=0\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"offer\",\"offer\":{}}                       | offer needs a string field 'name' naming the target user",
        "{\"type\":\"offer\",\"name\":null,\"offer\":{}}         | Field 'name' must be a string",
        "{\"type\":\"answer\",\"name\":7,\"answer\":{}}          | Field 'name' must be a string",
        "{\"type\":\"offer\",\"name\":\"bob\"}                   | offer needs a field 'offer'",
        "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":null}    | Field 'offer' must not be null",
        "{\"type\":\"answer\",\"name\":\"bob\",\"answer\":null}  | Field 'answer' must not be null",
        "{\"type\":\"candidate\",\"name\":\"bob\"}               | candidate needs a field 'candidate'",
        "{\"type\":\"leave\",\"name\":null}                      | Field 'name' must be a string",
        "{\"type\":\"leave\",\"name\":false}                     | Field 'name' must be a string",
        "{\"name\":\"bob\"}                                      | A message needs a string field 'type'",
        "{\"type\":null}                                         | Field 'type' must be a string",
        "{\"type\":[\"login\"],\"name\":\"a\"}                   | Field 'type' must be a string",
        "{\"type\":1}                                            | Field 'type' must be a string",
    })
    void missingNullAndWronglyTypedFieldsAreInvalidMessages(String text, String message) {
        DecodeException e = failure(text);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void aNullCandidateMeansEndOfCandidates() throws Exception {
        assertThat(decode("""
                {"type":"candidate","name":"bob","candidate":null}"""))
                .isEqualTo(new ClientMessage.Candidate("bob", RawJson.NULL));
    }

    @Test
    void leaveWithoutANameDecodesToLeaveWithNoTarget() throws Exception {
        assertThat(decode("""
                {"type":"leave"}""")).isEqualTo(new ClientMessage.Leave(null));
    }

    @Test
    void anUnknownTypeIsReportedLikeTheTutorialWithAShortenedEcho() {
        DecodeException e = failure("""
                {"type":"dance"}""");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.getMessage()).isEqualTo("Command not found: dance");
        DecodeException longType = failure("{\"type\":\"" + "x".repeat(10_000) + "\"}");
        assertThat(longType.getMessage()).hasSize("Command not found: ".length() + 64 + 3);
    }

    // --- hostile shapes ---

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"login\",\"type\":\"offer\",\"name\":\"a\"}",
        "{\"type\":\"login\",\"name\":\"a\",\"name\":\"b\"}",
        "{\"type\":\"offer\",\"name\":\"b\",\"offer\":{},\"offer\":{}}",
        "{\"type\":\"login\",\"name\":\"a\",\"x\":1,\"x\":2}",
        "{\"type\":\"offer\",\"name\":\"b\",\"offer\":{\"sdp\":\"a\",\"sdp\":\"b\"}}",
        "{\"type\":\"offer\",\"name\":\"b\",\"offer\":[{\"k\":1},{\"k\":1,\"k\":2}]}",
    })
    void duplicateKeysAreRejectedAtEveryLevel(String text) {
        DecodeException e = failure(text);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).startsWith("Duplicate key");
    }

    @Test
    void theSameKeyInSiblingObjectsIsNotADuplicate() throws Exception {
        assertThat(decode("""
                {"type":"offer","name":"b","offer":[{"k":1},{"k":2}]}""")).isInstanceOf(ClientMessage.Offer.class);
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndOneDeeperIsRejected() throws Exception {
        // the message object is depth 1, so the payload may open maxDepth - 1 more levels
        String ok = "[".repeat(JsonCodec.DEFAULT_MAX_DEPTH - 1) + "]".repeat(JsonCodec.DEFAULT_MAX_DEPTH - 1);
        assertThat(decode("{\"type\":\"offer\",\"name\":\"b\",\"offer\":" + ok + "}")).isInstanceOf(ClientMessage.Offer.class);
        String deep = "[" + ok + "]";
        DecodeException e = failure("{\"type\":\"offer\",\"name\":\"b\",\"offer\":" + deep + "}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).isEqualTo("JSON nested deeper than 32 levels");
    }

    @Test
    void aNestingBombFailsFastWithoutStackOverflow() {
        String bomb = "{\"type\":\"offer\",\"name\":\"b\",\"offer\":" + "[".repeat(1_000_000);
        assertThat(failure(bomb).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(failure("[".repeat(1_000_000)).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(failure("{\"a\":".repeat(100_000)).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void theDepthLimitItselfIsBoundedSoThatNoConfigurationCanOverflowTheStack() throws Exception {
        assertThatThrownBy(() -> new JsonCodec(257)).hasMessage("maxDepth must be 2 to 256, was 257");
        assertThatThrownBy(() -> new JsonCodec(1)).hasMessage("maxDepth must be 2 to 256, was 1");
        JsonCodec deepest = new JsonCodec(JsonCodec.MAX_MAX_DEPTH);
        String nested = "[".repeat(255) + "]".repeat(255);
        assertThat(deepest.decode("{\"type\":\"candidate\",\"name\":\"b\",\"candidate\":" + nested + "}"))
                .isInstanceOf(ClientMessage.Candidate.class);
        assertThatThrownBy(() -> deepest.decode("{\"type\":\"candidate\",\"name\":\"b\",\"candidate\":[" + nested + "]}"))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void hugeNumbersAndLongStringsInPayloadsAreRelayedUntouched() throws Exception {
        String number = "1" + "0".repeat(5000) + "e999999999";
        ClientMessage m = decode("{\"type\":\"candidate\",\"name\":\"b\",\"candidate\":" + number + "}");
        assertThat(((ClientMessage.Candidate) m).payload().json()).isEqualTo(number);
        String sdp = "\"" + "a".repeat(60_000) + "\"";
        ClientMessage offer = decode("{\"type\":\"offer\",\"name\":\"b\",\"offer\":" + sdp + "}");
        assertThat(((ClientMessage.Offer) offer).payload().json()).isEqualTo(sdp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Hello world", "{", "{\"type\":\"login\",}", "{\"type\" \"login\"}",
        "{\"type\":\"login\"}}", "{\"type\":\"login\"} x", "{\"type\":'login'}", "{\"type\":\"lo\\qgin\"}",
        "{\"type\":\"login\",\"name\":\"\\u12\"}", "{type:\"login\"}", "{\"type\":\"login\",\"name\":01}", "\u0000"})
    void malformedJsonIsInvalidJson(String text) {
        assertThat(failure(text).code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Test
    void randomTextNeverThrowsAnythingButDecodeException() {
        Random random = new Random(20261130L);
        String alphabet = "{}[]\":,\\ntrufalse0123456789.-+eE \u00e9\ud83d\ude00typeloginamofcdv";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder("{\"type\":\"offer\",\"name\":\"b\",\"offer\":");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                codec.decode(text.toString());
            } catch (DecodeException expected) {
                assertThat(expected.code()).isIn(ErrorCode.INVALID_JSON, ErrorCode.INVALID_MESSAGE);
            }
        }
    }

    // --- encoding ---

    @Test
    void everyServerMessageEncodesToTheDocumentedShape() {
        RawJson sdp = new RawJson("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
        assertThat(codec.encode(ServerMessage.LoginResult.ok())).isEqualTo("""
                {"type":"login","success":true}""");
        assertThat(codec.encode(ServerMessage.LoginResult.failed(ErrorCode.NAME_TAKEN, "Name alice is already taken"))).isEqualTo("""
                {"type":"login","success":false,"code":"name_taken","message":"Name alice is already taken"}""");
        assertThat(codec.encode(new ServerMessage.Offer("alice", sdp))).isEqualTo("""
                {"type":"offer","offer":{"type":"offer","sdp":"v=0"},"name":"alice"}""");
        assertThat(codec.encode(new ServerMessage.Answer("bob", sdp))).isEqualTo("""
                {"type":"answer","answer":{"type":"offer","sdp":"v=0"},"name":"bob"}""");
        assertThat(codec.encode(new ServerMessage.Candidate("bob", RawJson.NULL))).isEqualTo("""
                {"type":"candidate","candidate":null,"name":"bob"}""");
        assertThat(codec.encode(new ServerMessage.Leave("alice"))).isEqualTo("""
                {"type":"leave","name":"alice"}""");
        assertThat(codec.encode(new ServerMessage.Error(ErrorCode.USER_NOT_FOUND, "User bob is not online"))).isEqualTo("""
                {"type":"error","code":"user_not_found","message":"User bob is not online"}""");
    }

    @Test
    void namesAndMessagesAreEscapedSoTheOutputIsAlwaysValidJson() throws Exception {
        String name = "q\"b\\s/\u0001\n\t\u00e9\ud83d\ude00";
        String encoded = codec.encode(new ServerMessage.Leave(name));
        assertThat(encoded).isEqualTo("{\"type\":\"leave\",\"name\":\"q\\\"b\\\\s/\\u0001\\n\\t\u00e9\ud83d\ude00\"}");
        // the decoder reads back exactly the same name
        assertThat(codec.decode(encoded.replace("\"leave\"", "\"login\""))).isEqualTo(new ClientMessage.Login(name));
        assertThat(codec.encode(new ServerMessage.Error(ErrorCode.UNKNOWN_TYPE, "lone \ud800 surrogate")))
                .contains("lone \\ud800 surrogate");
    }

    @Test
    void relayedMessagesRoundTripThroughDecodeAndEncode() throws Exception {
        String payload = "{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
        ClientMessage.Relay in = (ClientMessage.Relay) codec.decode(
                "{\"type\":\"candidate\",\"name\":\"bob\",\"candidate\":" + payload + "}");
        String out = codec.encode(new ServerMessage.Candidate("alice", in.payload()));
        assertThat(out).isEqualTo("{\"type\":\"candidate\",\"candidate\":" + payload + ",\"name\":\"alice\"}");
    }

    // --- the model itself ---

    @Test
    void everyPermittedClientMessageHasAWireNameTheCodecReads() {
        Set<String> wireNames = leafRecords(ClientMessage.class).stream()
                .map(JsonCodecTest::exampleOf).map(ClientMessage::type).collect(Collectors.toSet());
        assertThat(wireNames).containsExactlyInAnyOrder("login", "offer", "answer", "candidate", "leave");
        for (String type : wireNames) {
            String text = "{\"type\":\"" + type + "\",\"name\":\"bob\",\"" + type + "\":{}}";
            ClientMessage decoded = catchThrowableOfTypeOrValue(text);
            assertThat(decoded.type()).isEqualTo(type);
        }
    }

    @Test
    void everyPermittedServerMessageHasAWireNameTheCodecWrites() {
        Set<Class<?>> records = leafRecords(ServerMessage.class);
        assertThat(records).hasSize(6);
        for (Class<?> type : records) {
            ServerMessage example = serverExample(type);
            assertThat(codec.encode(example)).startsWith("{\"type\":\"" + example.type() + "\"");
        }
    }

    @Test
    void recordsRejectNullsInTheirConstructors() {
        assertThatThrownBy(() -> new ClientMessage.Login(null)).hasMessage("name is null");
        assertThatThrownBy(() -> new ClientMessage.Offer("bob", null)).hasMessage("payload is null");
        assertThatThrownBy(() -> new RawJson(" ")).hasMessage("json is blank");
        assertThatThrownBy(() -> new ServerMessage.LoginResult(true, ErrorCode.NAME_TAKEN, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RawJson("{\"sdp\":\"secret\"}").toString()).doesNotContain("secret");
    }

    private ClientMessage catchThrowableOfTypeOrValue(String text) {
        try {
            return codec.decode(text);
        } catch (DecodeException e) {
            throw new AssertionError(text + " did not decode: " + e.getMessage(), e);
        }
    }

    private static Set<Class<?>> leafRecords(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses())
                .flatMap(c -> c.isSealed() ? leafRecords(c).stream() : java.util.stream.Stream.of(c))
                .collect(Collectors.toSet());
    }

    private static ClientMessage exampleOf(Class<?> type) {
        RawJson p = new RawJson("{}");
        if (type == ClientMessage.Login.class) {
            return new ClientMessage.Login("a");
        } else if (type == ClientMessage.Offer.class) {
            return new ClientMessage.Offer("b", p);
        } else if (type == ClientMessage.Answer.class) {
            return new ClientMessage.Answer("b", p);
        } else if (type == ClientMessage.Candidate.class) {
            return new ClientMessage.Candidate("b", p);
        } else if (type == ClientMessage.Leave.class) {
            return new ClientMessage.Leave("b");
        }
        throw new AssertionError("no example for new client message " + type + ": add one and document it");
    }

    private static ServerMessage serverExample(Class<?> type) {
        RawJson p = new RawJson("{}");
        if (type == ServerMessage.LoginResult.class) {
            return ServerMessage.LoginResult.ok();
        } else if (type == ServerMessage.Offer.class) {
            return new ServerMessage.Offer("a", p);
        } else if (type == ServerMessage.Answer.class) {
            return new ServerMessage.Answer("a", p);
        } else if (type == ServerMessage.Candidate.class) {
            return new ServerMessage.Candidate("a", p);
        } else if (type == ServerMessage.Leave.class) {
            return new ServerMessage.Leave("a");
        } else if (type == ServerMessage.Error.class) {
            return new ServerMessage.Error(ErrorCode.INTERNAL_ERROR, "x");
        }
        throw new AssertionError("no example for new server message " + type + ": add one and document it");
    }
}
