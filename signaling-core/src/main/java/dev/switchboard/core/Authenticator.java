package dev.switchboard.core;

import dev.switchboard.core.message.ClientMessage;
import java.util.Objects;

/**
 * Decides whether a connection may log in under a name. Called once per {@code login}, after the
 * name passed the router's syntax rules and before the name is claimed, on the connection's own
 * thread. Must not block; an exception fails only that login, with {@code internal_error}.
 * {@link HmacTokenAuthenticator} is the shipped implementation of signed, expiring tokens.
 */
@FunctionalInterface
public interface Authenticator {

    /** The tutorial's behaviour: any well-formed, free name. */
    Authenticator ANY_NAME = (session, login) -> Decision.ALLOW;

    /**
     * @param session the connection asking: its remote address and the handshake's query
     *                parameters, as the transport knows them
     * @param login the request: its name, already checked against the name rules, and its token
     *              (null when the client sent none); never log the token
     * @return {@link Decision#ALLOW} or a refusal; never null
     */
    Decision authenticate(Session session, ClientMessage.Login login);

    /**
     * The outcome of {@link #authenticate}.
     *
     * @param allowed whether the login may proceed
     * @param code the failed login's code; null when allowed
     * @param reason why not, sent to the client; null when allowed
     */
    record Decision(boolean allowed, ErrorCode code, String reason) {

        /** Let the login proceed. */
        public static final Decision ALLOW = new Decision(true, null, null);

        public Decision {
            if (allowed != (reason == null) || allowed != (code == null)) {
                throw new IllegalArgumentException("code and reason must be null exactly when allowed");
            }
        }

        /** Refuse with {@code login_refused}; {@code reason} is sent to the client, so keep secrets out of it. */
        public static Decision refuse(String reason) {
            return refuse(ErrorCode.LOGIN_REFUSED, reason);
        }

        /** Refuse with {@code code}; {@code reason} is sent to the client, so keep secrets out of it. */
        public static Decision refuse(ErrorCode code, String reason) {
            return new Decision(false, Objects.requireNonNull(code, "code is null"), Objects.requireNonNull(reason, "reason is null"));
        }
    }
}
