package dev.switchboard.core.codec;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ErrorCode;
import dev.switchboard.core.message.ClientMessage;
import dev.switchboard.core.message.RawJson;
import dev.switchboard.core.message.ServerMessage;
import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first decoder of {@link JsonCodec}, on the JSON-P streaming parser (Parsson), kept frozen as
 * a test oracle: {@code JsonCodecDifferentialTest} checks that the hand-written decoder agrees with
 * it. Its envelope-to-message rules repeat the production ones on purpose: an oracle that shared
 * them could not catch a change in them.
 */
final class ParssonReferenceCodec implements SignalingCodec {

    /** The default nesting limit, counting the message object itself as depth 1. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    private static final int MAX_QUOTED_TYPE = 64;
    private static final String LOGIN_OK = "{\"type\":\"login\",\"success\":true}";

    private static final int OFFER = 0;
    private static final int ANSWER = 1;
    private static final int CANDIDATE = 2;
    private static final String[] PAYLOAD_KEYS = {"offer", "answer", "candidate"};

    private final JsonParserFactory parsers;
    private final int maxDepth;

    /** A codec with {@link #DEFAULT_MAX_DEPTH}. */
    ParssonReferenceCodec() {
        this(DEFAULT_MAX_DEPTH);
    }

    /**
     * @param maxDepth the deepest nesting accepted, at least 2 (an object payload inside the message)
     */
    ParssonReferenceCodec(int maxDepth) {
        if (maxDepth < 2) {
            throw new IllegalArgumentException("maxDepth must be at least 2, was " + maxDepth);
        }
        this.maxDepth = maxDepth;
        this.parsers = JsonProvider.provider().createParserFactory(Map.of());
    }

    @Override
    public ClientMessage decode(String text) throws DecodeException {
        requireNonNull(text, "text is null");
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw invalidJson("the message is empty");
            }
            Event first = parser.next();
            if (first != Event.START_OBJECT) {
                skipValue(parser, first, 0);
                requireEnd(parser);
                throw new DecodeException(ErrorCode.INVALID_MESSAGE, null, "A message must be a JSON object");
            }
            Envelope envelope = readEnvelope(parser, text);
            requireEnd(parser);
            return envelope.toMessage(text);
        } catch (JsonParsingException e) {
            long offset = e.getLocation() == null ? -1 : e.getLocation().getStreamOffset();
            throw invalidJson(offset >= 0 ? "Invalid JSON at offset " + offset : "Invalid JSON");
        } catch (JsonException | IllegalStateException e) {
            // Parsson reports some malformed input (e.g. a bad \\u escape) as a plain JsonException
            throw invalidJson("Invalid JSON");
        }
    }

    private static void requireEnd(JsonParser parser) throws DecodeException {
        if (parser.hasNext()) {
            throw invalidJson("Text after the end of the JSON value");
        }
    }

    private Envelope readEnvelope(JsonParser parser, String text) throws DecodeException {
        Envelope env = new Envelope();
        Set<String> otherKeys = null;
        while (true) {
            Event event = parser.next();
            if (event == Event.END_OBJECT) {
                return env;
            }
            // the parser only yields KEY_NAME or END_OBJECT here
            String key = parser.getString();
            long keyEnd = parser.getLocation().getStreamOffset();
            Event value = parser.next();
            switch (key) {
                case "type":
                    env.duplicate(env.typeSeen, key);
                    env.typeSeen = true;
                    if (value != Event.VALUE_STRING) {
                        skipValue(parser, value, 1);
                        env.typeWrong = true;
                    } else {
                        env.type = parser.getString();
                    }
                    break;
                case "token":
                    env.duplicate(env.tokenSeen, key);
                    env.tokenSeen = true;
                    if (value == Event.VALUE_STRING) {
                        env.token = parser.getString();
                    } else {
                        skipValue(parser, value, 1);
                    }
                    break;
                case "name":
                    env.duplicate(env.nameSeen, key);
                    env.nameSeen = true;
                    if (value == Event.VALUE_STRING) {
                        env.name = parser.getString();
                    } else {
                        skipValue(parser, value, 1);
                    }
                    break;
                case "offer":
                case "answer":
                case "candidate":
                    int slot = key.equals("offer") ? OFFER : key.equals("answer") ? ANSWER : CANDIDATE;
                    env.duplicate(env.payloadStart[slot] >= 0, key);
                    env.payloadStart[slot] = valueStart(text, (int) keyEnd);
                    skipValue(parser, value, 1);
                    env.payloadEnd[slot] = (int) parser.getLocation().getStreamOffset();
                    break;
                default:
                    if (otherKeys == null) {
                        otherKeys = new HashSet<>();
                    }
                    if (!otherKeys.add(key)) {
                        throw duplicateKey(key);
                    }
                    skipValue(parser, value, 1);
            }
        }
    }

    /** Index of the first character of the value after a key that ends at {@code keyEnd}. */
    private static int valueStart(String text, int keyEnd) {
        int i = keyEnd;
        // between a key and its value JSON allows only whitespace and one colon
        while (text.charAt(i) != ':') {
            i++;
        }
        i++;
        while (isJsonWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Reads past the value that starts with {@code first}, at nesting {@code depth} (the value's
     * container's depth), checking depth and duplicate keys. No recursion: a nesting bomb costs
     * one list entry per level up to the limit, then fails.
     */
    private void skipValue(JsonParser parser, Event first, int depth) throws DecodeException {
        if (first != Event.START_OBJECT && first != Event.START_ARRAY) {
            return;
        }
        List<Set<String>> open = new ArrayList<>();
        open.add(first == Event.START_OBJECT ? new HashSet<>() : null);
        checkDepth(depth + 1);
        while (!open.isEmpty()) {
            Event event = parser.next();
            switch (event) {
                case KEY_NAME:
                    String key = parser.getString();
                    if (!open.get(open.size() - 1).add(key)) {
                        throw duplicateKey(key);
                    }
                    break;
                case START_OBJECT:
                case START_ARRAY:
                    checkDepth(depth + open.size() + 1);
                    open.add(event == Event.START_OBJECT ? new HashSet<>() : null);
                    break;
                case END_OBJECT:
                case END_ARRAY:
                    open.remove(open.size() - 1);
                    break;
                default:
                    break;
            }
        }
    }

    private void checkDepth(int depth) throws DecodeException {
        if (depth > maxDepth) {
            throw new DecodeException(ErrorCode.INVALID_MESSAGE, null,
                    "JSON nested deeper than " + maxDepth + " levels");
        }
    }

    private static DecodeException duplicateKey(String key) {
        return new DecodeException(ErrorCode.INVALID_MESSAGE, null,
                "Duplicate key '" + abbreviate(key) + "'");
    }

    private static DecodeException invalidJson(String message) {
        return new DecodeException(ErrorCode.INVALID_JSON, null, message);
    }

    static String abbreviate(String s) {
        return s.length() <= MAX_QUOTED_TYPE ? s : s.substring(0, MAX_QUOTED_TYPE) + "...";
    }

    /** The fields of one message as read, before its type decides which of them it needs. */
    private static final class Envelope {
        String type;
        boolean typeSeen;
        boolean typeWrong;
        String name;
        boolean nameSeen;
        String token;
        boolean tokenSeen;
        final int[] payloadStart = {-1, -1, -1};
        final int[] payloadEnd = {-1, -1, -1};

        void duplicate(boolean seen, String key) throws DecodeException {
            if (seen) {
                throw duplicateKey(key);
            }
        }

        ClientMessage toMessage(String text) throws DecodeException {
            if (type == null) {
                throw new DecodeException(ErrorCode.INVALID_MESSAGE, null, typeWrong
                        ? "Field 'type' must be a string"
                        : "A message needs a string field 'type'");
            }
            switch (type) {
                case "login":
                    if (name == null) {
                        throw new DecodeException(ErrorCode.INVALID_NAME, type, nameSeen
                                ? "Field 'name' must be a string"
                                : "login needs a string field 'name'");
                    }
                    if (tokenSeen && token == null) {
                        throw new DecodeException(ErrorCode.INVALID_MESSAGE, type, "Field 'token' must be a string");
                    }
                    return new ClientMessage.Login(name, token);
                case "offer":
                    return new ClientMessage.Offer(target(), payload(text, OFFER, false));
                case "answer":
                    return new ClientMessage.Answer(target(), payload(text, ANSWER, false));
                case "candidate":
                    return new ClientMessage.Candidate(target(), payload(text, CANDIDATE, true));
                case "leave":
                    if (nameSeen && name == null) {
                        throw new DecodeException(ErrorCode.INVALID_MESSAGE, type, "Field 'name' must be a string");
                    }
                    return new ClientMessage.Leave(name);
                default:
                    throw new DecodeException(ErrorCode.UNKNOWN_TYPE, type, "Command not found: " + abbreviate(type));
            }
        }

        private String target() throws DecodeException {
            if (name == null) {
                throw new DecodeException(ErrorCode.INVALID_MESSAGE, type, nameSeen
                        ? "Field 'name' must be a string"
                        : type + " needs a string field 'name' naming the target user");
            }
            return name;
        }

        private RawJson payload(String text, int slot, boolean nullAllowed) throws DecodeException {
            String key = PAYLOAD_KEYS[slot];
            if (payloadStart[slot] < 0) {
                throw new DecodeException(ErrorCode.INVALID_MESSAGE, type, type + " needs a field '" + key + "'");
            }
            String json = text.substring(payloadStart[slot], payloadEnd[slot]);
            if (json.equals("null")) {
                if (!nullAllowed) {
                    throw new DecodeException(ErrorCode.INVALID_MESSAGE, type, "Field '" + key + "' must not be null");
                }
                return RawJson.NULL;
            }
            return new RawJson(json);
        }
    }

    @Override
    public String encode(ServerMessage message) {
        return new JsonCodec().encode(message);
    }
}
