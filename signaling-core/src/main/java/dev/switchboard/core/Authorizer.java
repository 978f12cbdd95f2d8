package dev.switchboard.core;

/**
 * Decides whether one logged-in user may signal another. Called for every {@code offer},
 * {@code answer}, {@code candidate} and {@code leave} before it is relayed, on the sender's
 * thread: it must be fast and must not block. An exception fails only that request, with
 * {@code internal_error}.
 */
@FunctionalInterface
public interface Authorizer {

    /** Anyone online may signal anyone online. */
    Authorizer ANYONE = (from, to, type) -> true;

    /**
     * @param from the sender's logged-in name
     * @param to the target name
     * @param type the message type: {@code offer}, {@code answer}, {@code candidate} or {@code leave}
     * @return {@code true} to relay, {@code false} to refuse with {@code forbidden}
     */
    boolean maySignal(String from, String to, String type);
}
