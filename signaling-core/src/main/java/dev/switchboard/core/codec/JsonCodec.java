package dev.switchboard.core.codec;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ErrorCode;
import dev.switchboard.core.message.ClientMessage;
import dev.switchboard.core.message.RawJson;
import dev.switchboard.core.message.ServerMessage;
import java.util.HashSet;
import java.util.Set;

/**
 * The default codec: strict JSON on the way in, the tutorial's shapes on the way out.
 *
 * <p>Decoding reads the text once, character by character (RFC 8259, no library): the envelope's
 * {@code type}, {@code name} and {@code token} are read as strings, and the {@code offer},
 * {@code answer} and {@code candidate} values are checked (grammar, nesting depth, duplicate keys)
 * without building anything, then kept as the exact text the client sent ({@link RawJson});
 * encoding splices that text back unchanged. An SDP is therefore never turned into objects or
 * re-encoded on the relay path. (A JSON-P streaming parser did this first; it spent ~10 µs per
 * 4.8 KB offer tokenizing the SDP string, see docs/performance.md.)
 *
 * <p>Rules: the text must be one JSON object; {@code type} and {@code name} must be strings (no
 * coercion, {@code null} is not a string); duplicate keys are rejected at every level; nesting
 * deeper than {@link #DEFAULT_MAX_DEPTH} is rejected before it is read further. Unknown fields are
 * ignored and never relayed.
 *
 * <p>Thread-safe.
 */
public final class JsonCodec implements SignalingCodec {

    /** The default nesting limit, counting the message object itself as depth 1. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    private static final int MAX_QUOTED_TYPE = 64;
    private static final String LOGIN_OK = "{\"type\":\"login\",\"success\":true}";

    private static final int OFFER = 0;
    private static final int ANSWER = 1;
    private static final int CANDIDATE = 2;
    private static final String[] PAYLOAD_KEYS = {"offer", "answer", "candidate"};

    private final int maxDepth;

    /** A codec with {@link #DEFAULT_MAX_DEPTH}. */
    public JsonCodec() {
        this(DEFAULT_MAX_DEPTH);
    }

    /** The largest {@code maxDepth} accepted: the reader recurses once per level. */
    public static final int MAX_MAX_DEPTH = 256;

    /**
     * @param maxDepth the deepest nesting accepted, 2 (an object payload inside the message) to
     *                 {@value #MAX_MAX_DEPTH}
     */
    public JsonCodec(int maxDepth) {
        if (maxDepth < 2 || maxDepth > MAX_MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be 2 to " + MAX_MAX_DEPTH + ", was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    @Override
    public ClientMessage decode(String text) throws DecodeException {
        requireNonNull(text, "text is null");
        Reader in = new Reader(text);
        in.whitespace();
        if (in.atEnd()) {
            throw invalidJson("the message is empty");
        }
        if (in.peek() != '{') {
            skipValue(in, 0);
            in.requireEnd();
            throw new DecodeException(ErrorCode.INVALID_MESSAGE, null, "A message must be a JSON object");
        }
        Envelope envelope = readEnvelope(in);
        in.requireEnd();
        return envelope.toMessage(text);
    }

    private Envelope readEnvelope(Reader in) throws DecodeException {
        Envelope env = new Envelope();
        Set<String> otherKeys = null;
        in.expect('{');
        in.whitespace();
        if (in.peek() == '}') {
            in.next();
            return env;
        }
        while (true) {
            String key = in.string();
            in.whitespace();
            in.expect(':');
            in.whitespace();
            switch (key) {
                case "type":
                    env.duplicate(env.typeSeen, key);
                    env.typeSeen = true;
                    if (in.peek() == '"') {
                        env.type = in.string();
                    } else {
                        skipValue(in, 1);
                        env.typeWrong = true;
                    }
                    break;
                case "name":
                    env.duplicate(env.nameSeen, key);
                    env.nameSeen = true;
                    env.name = in.peek() == '"' ? in.string() : skipNonString(in);
                    break;
                case "token":
                    env.duplicate(env.tokenSeen, key);
                    env.tokenSeen = true;
                    env.token = in.peek() == '"' ? in.string() : skipNonString(in);
                    break;
                case "offer":
                case "answer":
                case "candidate":
                    int slot = key.equals("offer") ? OFFER : key.equals("answer") ? ANSWER : CANDIDATE;
                    env.duplicate(env.payloadStart[slot] >= 0, key);
                    env.payloadStart[slot] = in.position();
                    skipValue(in, 1);
                    env.payloadEnd[slot] = in.position();
                    break;
                default:
                    if (otherKeys == null) {
                        otherKeys = new HashSet<>();
                    }
                    if (!otherKeys.add(key)) {
                        throw duplicateKey(key);
                    }
                    skipValue(in, 1);
            }
            in.whitespace();
            if (in.peek() == '}') {
                in.next();
                return env;
            }
            in.expect(',');
            in.whitespace();
        }
    }

    private String skipNonString(Reader in) throws DecodeException {
        skipValue(in, 1);
        return null;
    }

    /**
     * Reads past one JSON value inside a container at nesting {@code depth}, checking its
     * grammar, its depth and duplicate keys. Recursion is bounded by the depth limit: a nesting
     * bomb fails at the limit.
     */
    private void skipValue(Reader in, int depth) throws DecodeException {
        char c = in.peek();
        switch (c) {
            case '"' -> in.skipString();
            case '{' -> {
                checkDepth(depth + 1);
                in.next();
                in.whitespace();
                if (in.peek() == '}') {
                    in.next();
                    return;
                }
                Set<String> keys = new HashSet<>();
                while (true) {
                    String key = in.string();
                    if (!keys.add(key)) {
                        throw duplicateKey(key);
                    }
                    in.whitespace();
                    in.expect(':');
                    in.whitespace();
                    skipValue(in, depth + 1);
                    in.whitespace();
                    if (in.peek() == '}') {
                        in.next();
                        return;
                    }
                    in.expect(',');
                    in.whitespace();
                }
            }
            case '[' -> {
                checkDepth(depth + 1);
                in.next();
                in.whitespace();
                if (in.peek() == ']') {
                    in.next();
                    return;
                }
                while (true) {
                    skipValue(in, depth + 1);
                    in.whitespace();
                    if (in.peek() == ']') {
                        in.next();
                        return;
                    }
                    in.expect(',');
                    in.whitespace();
                }
            }
            case 't' -> in.literal("true");
            case 'f' -> in.literal("false");
            case 'n' -> in.literal("null");
            default -> in.number();
        }
    }

    /**
     * RFC 8259 JSON over a string, character by character, with no allocation for what it only
     * skips. Every malformation is an {@code invalid_json} naming the offset.
     */
    private static final class Reader {
        private static final char END = '\uffff';
        private final String text;
        private final int length;
        private int i;

        Reader(String text) {
            this.text = text;
            this.length = text.length();
        }

        int position() {
            return i;
        }

        boolean atEnd() {
            return i >= length;
        }

        /** The current character, or a marker past the end that no rule accepts. */
        char peek() {
            return i < length ? text.charAt(i) : END;
        }

        void next() {
            i++;
        }

        void whitespace() {
            while (i < length) {
                char c = text.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                i++;
            }
        }

        void expect(char c) throws DecodeException {
            if (peek() != c) {
                throw error();
            }
            i++;
        }

        void requireEnd() throws DecodeException {
            whitespace();
            if (!atEnd()) {
                throw invalidJson("Text after the end of the JSON value at offset " + i);
            }
        }

        void literal(String word) throws DecodeException {
            if (!text.startsWith(word, i)) {
                throw error();
            }
            i += word.length();
        }

        void number() throws DecodeException {
            if (peek() == '-') {
                i++;
            }
            if (peek() == '0') {
                i++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error();
            }
            if (peek() == '.') {
                i++;
                if (!isDigit(peek())) {
                    throw error();
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                i++;
                if (peek() == '+' || peek() == '-') {
                    i++;
                }
                if (!isDigit(peek())) {
                    throw error();
                }
                digits();
            }
        }

        private void digits() {
            while (isDigit(peek())) {
                i++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /** A string's value, unescaped. */
        String string() throws DecodeException {
            expect('"');
            int start = i;
            while (i < length) {
                char c = text.charAt(i);
                if (c == '"') {
                    return text.substring(start, i++);
                }
                if (c == '\\') {
                    return escapedString(start);
                }
                if (c < 0x20) {
                    throw error();
                }
                i++;
            }
            throw error();
        }

        private String escapedString(int start) throws DecodeException {
            StringBuilder value = new StringBuilder(text.length() - start).append(text, start, i);
            while (i < length) {
                char c = text.charAt(i);
                if (c == '"') {
                    i++;
                    return value.toString();
                }
                if (c < 0x20) {
                    throw error();
                }
                if (c == '\\') {
                    value.append(escape());
                } else {
                    value.append(c);
                    i++;
                }
            }
            throw error();
        }

        /** Checks a string and reads past it, building nothing. */
        void skipString() throws DecodeException {
            expect('"');
            while (i < length) {
                char c = text.charAt(i);
                if (c == '"') {
                    i++;
                    return;
                }
                if (c < 0x20) {
                    throw error();
                }
                if (c == '\\') {
                    escape();
                } else {
                    i++;
                }
            }
            throw error();
        }

        /** The character an escape at the current position stands for; reads past it. */
        private char escape() throws DecodeException {
            i++; // the backslash
            char c = peek();
            i++;
            switch (c) {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    if (i + 4 > length) {
                        throw error();
                    }
                    int value = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = Character.digit(text.charAt(i + k), 16);
                        if (digit < 0) {
                            throw error();
                        }
                        value = value * 16 + digit;
                    }
                    i += 4;
                    return (char) value;
                default:
                    i--;
                    throw error();
            }
        }

        private DecodeException error() {
            return invalidJson("Invalid JSON at offset " + Math.min(i, length));
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
        requireNonNull(message, "message is null");
        if (message instanceof ServerMessage.Offer m) {
            return relay("offer", m.payload(), m.from());
        } else if (message instanceof ServerMessage.Answer m) {
            return relay("answer", m.payload(), m.from());
        } else if (message instanceof ServerMessage.Candidate m) {
            return relay("candidate", m.payload(), m.from());
        } else if (message instanceof ServerMessage.Leave m) {
            StringBuilder out = new StringBuilder(32 + m.from().length());
            out.append("{\"type\":\"leave\",\"name\":");
            appendString(out, m.from());
            return out.append('}').toString();
        } else if (message instanceof ServerMessage.LoginResult m) {
            if (m.success()) {
                return LOGIN_OK;
            }
            return failure("{\"type\":\"login\",\"success\":false,\"code\":", m.code(), m.message());
        } else if (message instanceof ServerMessage.Error m) {
            return failure("{\"type\":\"error\",\"code\":", m.code(), m.message());
        }
        throw new AssertionError("unhandled server message " + message.type());
    }

    /** {"type":T,T:PAYLOAD,"name":FROM}: the tutorial's field order for offer. */
    private static String relay(String type, RawJson payload, String from) {
        String json = payload.json();
        StringBuilder out = new StringBuilder(2 * type.length() + json.length() + from.length() + 24);
        out.append("{\"type\":\"").append(type).append("\",\"").append(type).append("\":")
                .append(json).append(",\"name\":");
        appendString(out, from);
        return out.append('}').toString();
    }

    private static String failure(String head, ErrorCode code, String message) {
        StringBuilder out = new StringBuilder(head.length() + message.length() + 40);
        out.append(head).append('"').append(code.wireName()).append("\",\"message\":");
        appendString(out, message);
        return out.append('}').toString();
    }

    /** Appends {@code s} as a JSON string literal. Lone surrogates are escaped, never replaced. */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (Character.isSurrogate(c) && !pairedSurrogate(s, i))) {
                        appendUnicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void appendUnicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int pad = hex.length(); pad < 4; pad++) {
            out.append('0');
        }
        out.append(hex);
    }
}
