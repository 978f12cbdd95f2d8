package dev.switchboard.core;

/**
 * Decides whether a connection may log in under a name. Called once per {@code login}, after the
 * name passed the router's syntax rules and before the name is claimed, on the connection's own
 * thread. Must not block; an exception fails only that login, with {@code internal_error}.
 */
@FunctionalInterface
public interface Authenticator {

    /** The tutorial's behaviour: any well-formed, free name. */
    Authenticator ANY_NAME = (session, name) -> Decision.ALLOW;

    /**
     * @param session the connection asking (its remote address and origin as the transport knows them)
     * @param name the requested name, already checked against the name rules
     * @return {@link Decision#ALLOW} or {@link Decision#refuse(String)}; never null
     */
    Decision authenticate(Session session, String name);

    /**
     * The outcome of {@link #authenticate}.
     *
     * @param allowed whether the login may proceed
     * @param reason why not, sent to the client; null when allowed
     */
    record Decision(boolean allowed, String reason) {

        /** Let the login proceed. */
        public static final Decision ALLOW = new Decision(true, null);

        public Decision {
            if (allowed != (reason == null)) {
                throw new IllegalArgumentException("reason must be null exactly when allowed");
            }
        }

        /** Refuse the login; {@code reason} is sent to the client, so keep secrets out of it. */
        public static Decision refuse(String reason) {
            return new Decision(false, java.util.Objects.requireNonNull(reason, "reason is null"));
        }
    }
}
