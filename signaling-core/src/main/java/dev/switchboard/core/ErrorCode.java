package dev.switchboard.core;

/**
 * The stable, machine-readable reasons a request is rejected. Each appears on the wire as the
 * {@code code} field of an {@code error} message or of a failed {@code login} reply, spelled as
 * {@link #wireName()}. Codes are never renamed or removed; new ones may be added (see
 * docs/protocol.md).
 */
public enum ErrorCode {
    /** The text is not JSON. */
    INVALID_JSON("invalid_json"),
    /** The text is JSON but not a valid message: not an object, a field of the wrong type, a
     *  missing field, a duplicate key or nesting too deep. */
    INVALID_MESSAGE("invalid_message"),
    /** The {@code type} is not one Switchboard knows. */
    UNKNOWN_TYPE("unknown_type"),
    /** A login name that is missing, not a string, empty, too long or has forbidden characters. */
    INVALID_NAME("invalid_name"),
    /** A login name that another connection holds. */
    NAME_TAKEN("name_taken"),
    /** The authenticator refused this login. */
    LOGIN_REFUSED("login_refused"),
    /** The server requires a token on login and none was sent. */
    TOKEN_REQUIRED("token_required"),
    /** The login's token is malformed, forged, or for another name. */
    TOKEN_INVALID("token_invalid"),
    /** The login's token has expired. */
    TOKEN_EXPIRED("token_expired"),
    /** A login on a connection that is already logged in (or whose login is still in progress). */
    ALREADY_LOGGED_IN("already_logged_in"),
    /** A request that needs a login, sent before one succeeded. */
    NOT_LOGGED_IN("not_logged_in"),
    /** An {@code offer}, {@code answer} or {@code candidate} value over the payload limit. */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** The connection sent messages faster than its rate limit; this one was dropped. */
    RATE_LIMITED("rate_limited"),
    /** The target name is not online. */
    USER_NOT_FOUND("user_not_found"),
    /** The target name is the sender's own. */
    SELF_TARGET("self_target"),
    /** A {@code leave} without a target from a connection that is in no call. */
    NOT_IN_CALL("not_in_call"),
    /** The authorizer refused to let the sender signal the target. */
    FORBIDDEN("forbidden"),
    /** The target was online but its connection refused the message (closing, or its outbound
     *  queue is full). Nothing was delivered. */
    NOT_DELIVERED("not_delivered"),
    /** An unexpected failure inside the server or a user-supplied policy; only this request failed. */
    INTERNAL_ERROR("internal_error"),
    /** A login could not be decided because a service it needs (the cluster's registry) is unreachable; try again later. */
    UNAVAILABLE("unavailable");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /** The snake_case spelling used on the wire. */
    public String wireName() {
        return wireName;
    }
}
