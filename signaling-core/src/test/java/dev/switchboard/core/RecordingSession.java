package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A {@link Session} that records what the router sends, for conversation-style tests. */
final class RecordingSession implements Session {

    private final String id;
    private final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
    private volatile boolean accepting = true;
    /** Runs after each accepted message, inside {@link #send}: a client that reacts at once. */
    volatile java.util.function.Consumer<String> onSend = text -> { };
    volatile int closeCode = -1;
    volatile String closeReason;
    volatile int pings;

    RecordingSession(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean send(String text) {
        if (!accepting) {
            return false;
        }
        sent.add(text);
        onSend.accept(text);
        return true;
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        accepting = false;
    }

    @Override
    public void ping() {
        pings++;
    }

    volatile java.net.InetSocketAddress address;
    volatile java.util.Map<String, java.util.List<String>> query = java.util.Map.of();

    @Override
    public java.util.Map<String, java.util.List<String>> queryParameters() {
        return query;
    }

    @Override
    public java.util.Optional<java.net.InetSocketAddress> remoteAddress() {
        return java.util.Optional.ofNullable(address);
    }

    /** From now on, refuse every message as a full or closing session would. */
    void refuseMessages() {
        accepting = false;
    }

    /** The next message sent to this session; fails if there is none. */
    String next() {
        String text = sent.poll();
        assertThat(text).as("a message sent to " + id).isNotNull();
        return text;
    }

    /** Asserts that the next message is exactly {@code json}. */
    void receives(String json) {
        assertThat(next()).as("message sent to " + id).isEqualTo(json);
    }

    /** Everything sent and not yet taken. */
    List<String> drain() {
        List<String> all = new ArrayList<>();
        for (String s; (s = sent.poll()) != null; ) {
            all.add(s);
        }
        return all;
    }

    /** Asserts that nothing else was sent to this session. */
    void assertExhausted() {
        assertThat(drain()).as("unexpected messages sent to " + id).isEmpty();
    }
}
