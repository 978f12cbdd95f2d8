package dev.switchboard.core.codec;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.ErrorCode;

/**
 * Text that is not a valid client message. It carries the wire code and a message safe to send
 * back to the client (it never quotes payloads). Created without a stack trace: hostile input is
 * an expected outcome, not a bug.
 */
public final class DecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;
    private final String requestType;

    /**
     * @param code why the text was rejected
     * @param requestType the message's {@code type} if it was read before the problem was found,
     *                    else null
     * @param message a description for the client
     */
    public DecodeException(ErrorCode code, String requestType, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.requestType = requestType;
    }

    /** Why the text was rejected. */
    public ErrorCode code() {
        return code;
    }

    /** The {@code type} of the rejected message if it was known, else null. */
    public String requestType() {
        return requestType;
    }
}
