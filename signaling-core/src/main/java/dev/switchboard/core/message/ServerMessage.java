package dev.switchboard.core.message;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ErrorCode;

/**
 * What the server sends. Relayed messages carry {@code from}, the sender's logged-in name as the
 * server knows it (on the wire: the {@code name} field); a client can never choose it.
 *
 * <p>Sealed for the same reason as {@link ClientMessage}.
 */
public sealed interface ServerMessage {

    /** The wire name, the value of the {@code type} field. */
    String type();

    /**
     * The reply to a {@code login}: {@code {"type":"login","success":true}}, or on failure
     * {@code {"type":"login","success":false,"code":CODE,"message":TEXT}}.
     *
     * @param code null exactly when {@code success}
     * @param message null exactly when {@code success}
     */
    record LoginResult(boolean success, ErrorCode code, String message) implements ServerMessage {
        public LoginResult {
            if (success != (code == null) || success != (message == null)) {
                throw new IllegalArgumentException("code and message must be null exactly when success");
            }
        }

        /** The successful reply. */
        public static LoginResult ok() {
            return new LoginResult(true, null, null);
        }

        /** A refusal with its reason. */
        public static LoginResult failed(ErrorCode code, String message) {
            return new LoginResult(false, requireNonNull(code, "code is null"),
                    requireNonNull(message, "message is null"));
        }

        @Override
        public String type() {
            return "login";
        }
    }

    /** A relayed {@code offer}: {@code {"type":"offer","offer":SDP,"name":FROM}}. */
    record Offer(String from, RawJson payload) implements ServerMessage {
        public Offer {
            requireNonNull(from, "from is null");
            requireNonNull(payload, "payload is null");
        }

        @Override
        public String type() {
            return "offer";
        }
    }

    /** A relayed {@code answer}: {@code {"type":"answer","answer":SDP,"name":FROM}}. */
    record Answer(String from, RawJson payload) implements ServerMessage {
        public Answer {
            requireNonNull(from, "from is null");
            requireNonNull(payload, "payload is null");
        }

        @Override
        public String type() {
            return "answer";
        }
    }

    /** A relayed {@code candidate}: {@code {"type":"candidate","candidate":C,"name":FROM}}. */
    record Candidate(String from, RawJson payload) implements ServerMessage {
        public Candidate {
            requireNonNull(from, "from is null");
            requireNonNull(payload, "payload is null");
        }

        @Override
        public String type() {
            return "candidate";
        }
    }

    /** {@code {"type":"leave","name":FROM}}: {@code from} hung up or disconnected. */
    record Leave(String from) implements ServerMessage {
        public Leave {
            requireNonNull(from, "from is null");
        }

        @Override
        public String type() {
            return "leave";
        }
    }

    /** {@code {"type":"error","code":CODE,"message":TEXT}}: one request was rejected. */
    record Error(ErrorCode code, String message) implements ServerMessage {
        public Error {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }

        @Override
        public String type() {
            return "error";
        }
    }
}
