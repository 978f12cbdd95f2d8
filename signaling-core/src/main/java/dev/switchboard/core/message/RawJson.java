package dev.switchboard.core.message;

import static java.util.Objects.requireNonNull;

/**
 * An opaque JSON value (an SDP description, an ICE candidate) kept as the exact text the client
 * sent. Switchboard checks its shape and size once, when it decodes the message, and relays the
 * text verbatim: it is never parsed into objects and never re-encoded.
 *
 * @param json one complete JSON value, such as {@code {"type":"offer","sdp":"v=0..."}} or
 *             {@code null}; the codec only creates instances from text it has validated
 */
public record RawJson(String json) {

    /** The JSON literal {@code null}. */
    public static final RawJson NULL = new RawJson("null");

    public RawJson {
        requireNonNull(json, "json is null");
        if (json.isBlank()) {
            throw new IllegalArgumentException("json is blank");
        }
    }

    @Override
    public String toString() {
        // payloads carry IP addresses and ICE credentials: never print them by accident
        return "RawJson[" + json.length() + " chars]";
    }
}
