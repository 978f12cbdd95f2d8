package dev.switchboard.core.message;

import static java.util.Objects.requireNonNull;

/**
 * What a client sends. The wire shapes are the tutorial's: a JSON object whose {@code type} names
 * the record and whose {@code name} is the login name or the target user.
 *
 * <p>The hierarchy is sealed: {@link dev.switchboard.core.SignalingRouter} is the only exhaustive
 * dispatch over it. Adding a type is a minor-version change for the wire (clients ignore unknown
 * types) but a source change for code that switches over these records; see VERSIONING.md.
 */
public sealed interface ClientMessage {

    /** The wire name, the value of the {@code type} field. */
    String type();

    /**
     * {@code {"type":"login","name":NAME}}: take {@code name} for this connection, optionally
     * proving the right to it with {@code "token":TOKEN} (see docs/security.md).
     *
     * @param token the client's token, or null when it sent none
     */
    record Login(String name, String token) implements ClientMessage {
        public Login {
            requireNonNull(name, "name is null");
        }

        /** A login without a token. */
        public Login(String name) {
            this(name, null);
        }

        @Override
        public String type() {
            return "login";
        }

        @Override
        public String toString() {
            // tokens are secrets: never print one by accident
            return "Login[name=" + name + ", token=" + (token == null ? "none" : "(" + token.length() + " chars)") + "]";
        }
    }

    /** A message relayed to another user: {@code offer}, {@code answer} or {@code candidate}. */
    sealed interface Relay extends ClientMessage {
        /** The name of the user this message is for. */
        String target();

        /** The opaque SDP or candidate, relayed verbatim. */
        RawJson payload();
    }

    /** {@code {"type":"offer","name":TARGET,"offer":SDP}}. */
    record Offer(String target, RawJson payload) implements Relay {
        public Offer {
            requireNonNull(target, "target is null");
            requireNonNull(payload, "payload is null");
        }

        @Override
        public String type() {
            return "offer";
        }
    }

    /** {@code {"type":"answer","name":TARGET,"answer":SDP}}. */
    record Answer(String target, RawJson payload) implements Relay {
        public Answer {
            requireNonNull(target, "target is null");
            requireNonNull(payload, "payload is null");
        }

        @Override
        public String type() {
            return "answer";
        }
    }

    /** {@code {"type":"candidate","name":TARGET,"candidate":CANDIDATE}}; the payload may be the JSON
     *  literal {@code null} (end of candidates). */
    record Candidate(String target, RawJson payload) implements Relay {
        public Candidate {
            requireNonNull(target, "target is null");
            requireNonNull(payload, "payload is null");
        }

        @Override
        public String type() {
            return "candidate";
        }
    }

    /**
     * {@code {"type":"leave","name":TARGET}}: hang up on {@code target}. The tutorial's client sends
     * {@code {"type":"leave"}} without a name when it has no current peer; a {@code null} target
     * means "every user I am in a call with".
     *
     * @param target the user to hang up on, or {@code null}
     */
    record Leave(String target) implements ClientMessage {
        @Override
        public String type() {
            return "leave";
        }
    }
}
