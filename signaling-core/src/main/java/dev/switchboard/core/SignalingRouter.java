package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.codec.DecodeException;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.codec.SignalingCodec;
import dev.switchboard.core.internal.NameRules;
import dev.switchboard.core.internal.WarnThenDebugLogger;
import dev.switchboard.core.message.ClientMessage;
import dev.switchboard.core.message.ServerMessage;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The signaling brain: the name registry and the relay rules, independent of any transport.
 *
 * <p>A transport adapter reports each connection's life as {@link #onOpen}, then any number of
 * {@link #onText}, then {@link #onClose}. The adapter guarantees that the callbacks for one
 * session never run concurrently; callbacks for different sessions do, and the router is
 * thread-safe for that. {@code onClose} is acted on exactly once per session however often it is
 * called. The router never holds a lock while it sends or calls user code.
 *
 * <p>What the router answers to each message is specified in docs/protocol.md. In short: a
 * {@code login} claims a name; {@code offer}, {@code answer} and {@code candidate} are relayed to
 * the named user with the payload untouched and {@code name} set to the sender's logged-in name;
 * {@code leave} hangs up; every rejected request gets exactly one {@code error} (or a failed
 * {@code login} reply) with a stable code, and the connection stays usable. When a connection
 * closes its name is freed at once and every user it was in a call with receives {@code leave}.
 *
 * <p>Per-sender order to one receiver is preserved: a message is handed to the receiver's
 * {@link Recipient#deliver} on the sender's callback thread, in the order the sender sent it.
 */
public final class SignalingRouter {

    private static final Logger LOG = System.getLogger(SignalingRouter.class.getName());
    private static final SignalingListener NO_LISTENER = new SignalingListener() { };

    private static final int ANONYMOUS = 0;
    private static final int LOGGING_IN = 1;
    private static final int LOGGED_IN = 2;
    private static final int CLOSED = 3;

    /** The close code for a connection refused because the server, or its address, has too many: 1013. */
    public static final int TRY_AGAIN_LATER = 1013;

    /**
     * The close code for a connection whose name the registry lost to another holder (a cluster
     * node that could not renew its lease in time): 4409, after HTTP's 409 Conflict.
     */
    public static final int NAME_LOST_CODE = 4409;

    private final SignalingCodec codec;
    private final NameRegistry registry;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final SignalingListener listener;
    private final Clock clock;
    private final NameRules nameRules;
    private final ConnectionLimits limits;
    private final Scheduler scheduler;

    private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger openCount = new java.util.concurrent.atomic.AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private volatile ShutdownRequest shutdown;

    private final WarnThenDebugLogger badInput = new WarnThenDebugLogger(LOG);
    private final WarnThenDebugLogger policyFailure = new WarnThenDebugLogger(LOG);
    private final WarnThenDebugLogger listenerFailure = new WarnThenDebugLogger(LOG);

    private SignalingRouter(Builder b) {
        this.codec = b.codec;
        this.registry = b.registry != null ? b.registry : new InMemoryNameRegistry();
        this.authenticator = b.authenticator;
        this.authorizer = b.authorizer;
        this.listener = b.listener;
        this.clock = b.clock;
        this.nameRules = new NameRules(b.maxNameLength);
        this.limits = b.limits;
        this.scheduler = b.scheduler;
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
    }

    /** A router with every default: any free name, anyone may call anyone, in-memory registry. */
    public static SignalingRouter create() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of open connections, logged in or not. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Shuts the router down for a server that is stopping: starts closing every open connection
     * with {@code code} and {@code reason}, and from now on closes every connection that opens, at
     * once. Each connection is released as its transport reports the close through
     * {@link #onClose}. Idempotent (later calls are ignored); never blocks.
     *
     * @param code a WebSocket close code, typically 1001 (going away)
     */
    public void shutdown(int code, String reason) {
        requireNonNull(reason, "reason is null");
        if (shutdown != null) {
            return;
        }
        // set before iterating; onOpen registers before reading it: every connection is closed by one or both
        shutdown = new ShutdownRequest(code, reason);
        for (Connection connection : connections.values()) {
            connection.session.close(code, reason);
        }
    }

    private record ShutdownRequest(int code, String reason) {
    }

    /**
     * A new connection. Nothing is sent to it (the tutorial's "Hello world" text broke JSON clients).
     *
     * @throws IllegalStateException if a session with the same id is open
     */
    public void onOpen(Session session) {
        requireNonNull(session, "session is null");
        if (openCount.incrementAndGet() > maxConnections) {
            openCount.decrementAndGet();
            session.close(TRY_AGAIN_LATER, "Server is full: too many connections");
            return;
        }
        String address = session.remoteAddress()
                .map(a -> a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()).orElse(null);
        if (address != null && perAddress.merge(address, 1, Integer::sum) > maxConnectionsPerAddress) {
            release(address);
            openCount.decrementAndGet();
            session.close(TRY_AGAIN_LATER, "Too many connections from your address");
            return;
        }
        Connection connection = new Connection(session, address);
        if (connections.putIfAbsent(session.id(), connection) != null) {
            release(address);
            openCount.decrementAndGet();
            throw new IllegalStateException("a session with id " + session.id() + " is already open");
        }
        ShutdownRequest stopping = shutdown;
        if (stopping != null) {
            session.close(stopping.code(), stopping.reason());
            return;
        }
        connection.tokens = limits.messageBurst();
        connection.lastRefillMillis = clock.millis();
        connection.loginTimer = scheduler.schedule(limits.loginTimeout(), () -> loginTimedOut(connection));
        connection.pingTimer = scheduler.schedule(limits.pingInterval(), () -> ping(connection));
    }

    /**
     * One complete text message from {@code session}. Never throws for anything the client sent.
     * Text for a session that is not open is ignored.
     */
    public void onText(Session session, String text) {
        Connection from = connections.get(session.id());
        if (from == null) {
            LOG.log(Level.DEBUG, "text for a session that is not open: {0}", session.id());
            return;
        }
        from.alive = true;
        if (!withinRate(from)) {
            return;
        }
        ClientMessage message;
        try {
            message = codec.decode(text);
        } catch (RuntimeException e) {
            policyFailure.log("the codec failed on a message from session " + session.id(), e);
            reject(from, ErrorCode.INTERNAL_ERROR, "Internal error while reading the message", null);
            return;
        } catch (DecodeException e) {
            badInput.log("rejected a message from session " + session.id() + ": " + e.code().wireName(), null);
            if (e.code() == ErrorCode.INVALID_NAME) {
                replyLoginFailed(from, e.code(), e.getMessage());
            } else {
                reject(from, e.code(), e.getMessage(), e.requestType());
            }
            invalid(from);
            return;
        }
        if (message instanceof ClientMessage.Relay relay && relay.payload().json().length() > limits.maxPayloadChars()) {
            reject(from, ErrorCode.PAYLOAD_TOO_LARGE, "Field '" + relay.type() + "' is longer than "
                    + limits.maxPayloadChars() + " characters", relay.type());
            invalid(from);
            return;
        }
        from.invalidInARow = 0;
        try {
            dispatch(from, message);
        } catch (RuntimeException e) {
            // a bug here or in a user-supplied policy: fail this request only
            policyFailure.log("failed to handle a " + message.type() + " from session " + session.id(), e);
            reject(from, ErrorCode.INTERNAL_ERROR, "Internal error while handling " + message.type(), message.type());
        }
    }

    /**
     * A binary message from {@code session}. Binary is not part of the protocol: the client gets
     * an {@code invalid_message} error and the connection stays usable.
     */
    public void onBinary(Session session) {
        Connection from = connections.get(session.id());
        if (from != null) {
            badInput.log("rejected a binary message from session " + session.id(), null);
            reject(from, ErrorCode.INVALID_MESSAGE, "Binary messages are not supported; send JSON text", null);
        }
    }

    /** A pong from {@code session}: it is alive. */
    public void onPong(Session session) {
        Connection connection = connections.get(session.id());
        if (connection != null) {
            connection.alive = true;
        }
    }

    /** Takes a token from the connection's bucket; false (after replying or closing) if it is empty. */
    private boolean withinRate(Connection from) {
        long now = clock.millis();
        long elapsed = now - from.lastRefillMillis;
        if (elapsed > 0) {
            from.tokens = Math.min(limits.messageBurst(), from.tokens + elapsed * limits.messagesPerSecond() / 1000.0);
            from.lastRefillMillis = now;
        }
        if (from.tokens >= 1) {
            from.tokens -= 1;
            from.rateLimitedInARow = 0;
            return true;
        }
        if (++from.rateLimitedInARow > limits.maxRateLimitedInARow()) {
            badInput.log("closing session " + from.session.id() + ": it kept sending over its rate limit", null);
            closeNow(from, ConnectionLimits.POLICY_CODE, "Rate limit exceeded");
        } else {
            reject(from, ErrorCode.RATE_LIMITED, "Too many messages: at most " + limits.messagesPerSecond()
                    + " per second; this one was dropped", null);
        }
        return false;
    }

    /** Counts an invalid message; closes the connection when there were too many in a row. */
    private void invalid(Connection from) {
        if (++from.invalidInARow >= limits.maxInvalidInARow()) {
            badInput.log("closing session " + from.session.id() + ": too many invalid messages in a row", null);
            closeNow(from, ConnectionLimits.POLICY_CODE, "Too many invalid messages");
        }
    }

    private void loginTimedOut(Connection connection) {
        int state = connection.state.get();
        if (state == ANONYMOUS || state == LOGGING_IN) {
            closeNow(connection, ConnectionLimits.TIMEOUT_CODE, "Login timeout");
        }
    }

    private void ping(Connection connection) {
        if (connection.state.get() == CLOSED) {
            return;
        }
        connection.alive = false;
        connection.session.ping();
        connection.pingTimer = scheduler.schedule(limits.pongTimeout(), () -> pongDue(connection));
    }

    private void pongDue(Connection connection) {
        if (connection.state.get() == CLOSED) {
            return;
        }
        if (!connection.alive) {
            closeNow(connection, ConnectionLimits.TIMEOUT_CODE, "Ping timeout");
            return;
        }
        connection.pingTimer = scheduler.schedule(limits.pingInterval().minus(limits.pongTimeout()), () -> ping(connection));
    }

    /**
     * Closes a connection the router gave up on and releases it at once: a client that floods, or
     * does not answer, may never complete the closing handshake that would make the transport
     * report the close. The transport's later {@link #onClose} is then ignored.
     */
    private void closeNow(Connection connection, int code, String reason) {
        connection.session.close(code, reason);
        onClose(connection.session);
    }

    /**
     * The connection closed, for whatever reason. Acted on once per session: its name is freed and
     * everyone it was in a call with receives {@code leave}. Later calls are ignored.
     */
    public void onClose(Session session) {
        Connection connection = connections.get(session.id());
        if (connection == null || connection.session != session
                || !connections.remove(session.id(), connection)) {
            return; // already closed, or never opened
        }
        openCount.decrementAndGet();
        release(connection.address);
        int previous = connection.state.getAndSet(CLOSED);
        cancel(connection.loginTimer);
        cancel(connection.pingTimer);
        if (previous != LOGGED_IN) {
            // LOGGING_IN: the pending claim sees CLOSED when it completes and releases the name
            return;
        }
        String name = connection.name;
        if (!connection.peers.isEmpty()) {
            String leave = codec.encode(new ServerMessage.Leave(name));
            for (Recipient peer : List.copyOf(connection.peers)) {
                try {
                    peer.deliver(connection, Recipient.Kind.GONE, leave);
                } catch (RuntimeException e) {
                    policyFailure.log("failed to tell a peer that session " + session.id() + " left", e);
                }
            }
            connection.peers.clear();
        }
        // after the peers: a cluster backend forwards their leave under this login, until it is released
        try {
            registry.release(name, connection);
        } catch (RuntimeException e) {
            policyFailure.log("name registry failed to release a name", e);
        }
        Duration online = Duration.between(connection.loginTime, clock.instant());
        notifyListener(() -> listener.onLogout(name, online));
    }

    private void release(String address) {
        if (address != null) {
            perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    private static void cancel(Scheduler.Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    // The one exhaustive dispatch over ClientMessage (a pattern switch once the baseline is Java 21).
    private void dispatch(Connection from, ClientMessage message) {
        if (message instanceof ClientMessage.Login login) {
            login(from, login);
        } else if (message instanceof ClientMessage.Relay relay) {
            relay(from, relay);
        } else if (message instanceof ClientMessage.Leave leave) {
            leave(from, leave.target());
        } else {
            throw new AssertionError("unhandled client message " + message.type());
        }
    }

    private void login(Connection from, ClientMessage.Login login) {
        String name = login.name();
        if (from.state.get() != ANONYMOUS) {
            String current = from.name;
            reject(from, ErrorCode.ALREADY_LOGGED_IN, current != null
                    ? "Already logged in as " + current
                    : "A login is already in progress", "login");
            return;
        }
        String problem = nameRules.problem(name);
        if (problem != null) {
            replyLoginFailed(from, ErrorCode.INVALID_NAME, problem);
            return;
        }
        Authenticator.Decision decision = authenticator.authenticate(from.session, login);
        if (!decision.allowed()) {
            replyLoginFailed(from, decision.code(), decision.reason());
            return;
        }
        if (!from.state.compareAndSet(ANONYMOUS, LOGGING_IN)) {
            return; // closed meanwhile
        }
        registry.claim(name, from).whenComplete((claimed, failure) -> claimed(from, name, claimed, failure));
    }

    private void claimed(Connection from, String name, Boolean claimed, Throwable failure) {
        if (failure != null || !Boolean.TRUE.equals(claimed)) {
            if (from.state.compareAndSet(LOGGING_IN, ANONYMOUS)) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof NameRegistry.UnavailableException unavailable) {
                    policyFailure.log("name registry unavailable: " + unavailable.getMessage(), null);
                    replyLoginFailed(from, ErrorCode.UNAVAILABLE, "Logins are unavailable for now (" + unavailable.getMessage()
                            + "); try again later");
                } else if (cause != null) {
                    policyFailure.log("name registry failed to claim a name", cause);
                    replyLoginFailed(from, ErrorCode.INTERNAL_ERROR, "The name registry failed; try again");
                } else {
                    replyLoginFailed(from, ErrorCode.NAME_TAKEN, "Name " + name + " is already taken");
                }
            }
            return;
        }
        from.name = name;
        from.loginTime = clock.instant();
        if (!from.state.compareAndSet(LOGGING_IN, LOGGED_IN)) {
            registry.release(name, from); // closed while the claim was in flight
            return;
        }
        cancel(from.loginTimer);
        from.session.send(codec.encode(ServerMessage.LoginResult.ok()));
        notifyListener(() -> listener.onLogin(from.session, name));
    }

    private void relay(Connection from, ClientMessage.Relay message) {
        String type = message.type();
        Recipient to = target(from, message.target(), type);
        if (to == null) {
            return;
        }
        ServerMessage out;
        Recipient.Kind kind;
        if (message instanceof ClientMessage.Offer) {
            out = new ServerMessage.Offer(from.name, message.payload());
            kind = Recipient.Kind.OFFER;
        } else if (message instanceof ClientMessage.Answer) {
            out = new ServerMessage.Answer(from.name, message.payload());
            kind = Recipient.Kind.ANSWER;
        } else {
            out = new ServerMessage.Candidate(from.name, message.payload());
            kind = Recipient.Kind.CANDIDATE;
        }
        // Record the call before delivering: once delivered, the target may react at once (answer,
        // leave) on its own thread, and a pairing recorded after that would undo its leave. The
        // target records its side itself, in deliver, before the message can reach its client.
        boolean paired = kind.pairs() && from.peers.add(to);
        if (!to.deliver(from, kind, codec.encode(out))) {
            if (paired) {
                from.peers.remove(to);
            }
            reject(from, ErrorCode.NOT_DELIVERED, "Could not deliver " + type + " to " + message.target(), type);
            return;
        }
        if (listener != NO_LISTENER) {
            String sender = from.name;
            notifyListener(() -> listener.onRelay(type, sender, message.target()));
        }
    }

    private void leave(Connection from, String targetName) {
        if (targetName == null) {
            if (from.state.get() != LOGGED_IN) {
                reject(from, ErrorCode.NOT_LOGGED_IN, "Log in before sending leave", "leave");
                return;
            }
            List<Recipient> peers = List.copyOf(from.peers);
            if (peers.isEmpty()) {
                reject(from, ErrorCode.NOT_IN_CALL, "leave without a name, but not in a call", "leave");
                return;
            }
            // one leave per name: a cluster backend may have handed out two recipients for one
            // peer (one that looked the name up, one that answered), and the peer hears it once
            Set<String> told = new java.util.HashSet<>();
            for (Recipient peer : peers) {
                if (told.add(peer.name())) {
                    leaveOne(from, peer, peer.name());
                } else {
                    from.peers.remove(peer);
                }
            }
            return;
        }
        Recipient to = target(from, targetName, "leave");
        if (to != null) {
            leaveOne(from, to, targetName);
        }
    }

    private void leaveOne(Connection from, Recipient to, String targetName) {
        from.peers.remove(to);
        if (!to.deliver(from, Recipient.Kind.LEAVE, codec.encode(new ServerMessage.Leave(from.name)))) {
            reject(from, ErrorCode.NOT_DELIVERED, "Could not deliver leave to " + targetName, "leave");
            return;
        }
        String sender = from.name;
        notifyListener(() -> listener.onRelay("leave", sender, targetName));
    }

    /** The checks every message to another user passes; the recipient, or null after replying an error. */
    private Recipient target(Connection from, String targetName, String type) {
        if (from.state.get() != LOGGED_IN) {
            reject(from, ErrorCode.NOT_LOGGED_IN, "Log in before sending " + type, type);
            return null;
        }
        if (targetName.equals(from.name)) {
            reject(from, ErrorCode.SELF_TARGET, "Cannot send " + type + " to yourself", type);
            return null;
        }
        if (!authorizer.maySignal(from.name, targetName, type)) {
            reject(from, ErrorCode.FORBIDDEN, "Not allowed to send " + type + " to " + targetName, type);
            return null;
        }
        Recipient to = registry.find(targetName);
        if (to == null) {
            reject(from, ErrorCode.USER_NOT_FOUND, "User " + targetName + " is not online", type);
        }
        return to;
    }

    private void replyLoginFailed(Connection to, ErrorCode code, String message) {
        to.session.send(codec.encode(ServerMessage.LoginResult.failed(code, message)));
        notifyListener(() -> listener.onRejected(to.session, code, "login"));
    }

    private void reject(Connection to, ErrorCode code, String message, String requestType) {
        to.session.send(codec.encode(new ServerMessage.Error(code, message)));
        notifyListener(() -> listener.onRejected(to.session, code, requestType));
    }

    private void notifyListener(Runnable call) {
        if (listener == NO_LISTENER) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            listenerFailure.log("a SignalingListener threw", e);
        }
    }

    /** Per-connection state. Fields written on the connection's own thread, read from others'. */
    private final class Connection implements Recipient {
        final Session session;
        /** The peer's IP address as counted for its per-address limit, or null. */
        final String address;
        final AtomicInteger state = new AtomicInteger(ANONYMOUS);
        /** Users this connection is in a call with, here or on other nodes: told {@code leave} when it closes. */
        final Set<Recipient> peers = ConcurrentHashMap.newKeySet();
        volatile String name;
        volatile Instant loginTime;
        /** Set by any message or pong, cleared when a ping is sent. */
        volatile boolean alive = true;
        volatile Scheduler.Cancellable loginTimer;
        volatile Scheduler.Cancellable pingTimer;
        // touched only by the connection's own callbacks, which never run concurrently
        double tokens;
        long lastRefillMillis;
        int rateLimitedInARow;
        int invalidInARow;

        Connection(Session session, String address) {
            this.session = session;
            this.address = address;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean deliver(Recipient sender, Kind kind, String text) {
            switch (kind) {
                case OFFER, ANSWER -> {
                    if (peers.add(sender) && state.get() == CLOSED) {
                        // closed while we paired: its close is not there to clear our side
                        peers.remove(sender);
                        return false;
                    }
                }
                case LEAVE -> peers.remove(sender);
                case GONE -> {
                    if (!peers.remove(sender)) {
                        return true; // not in a call with it (any more): nothing to tell
                    }
                }
                case CANDIDATE -> { }
                default -> throw new AssertionError(kind);
            }
            return state.get() != CLOSED && session.send(text);
        }

        @Override
        public void undeliverable(Kind kind, String target) {
            rejectLate(kind, target, ErrorCode.NOT_DELIVERED, "Could not deliver " + kind.type() + " to " + target);
        }

        @Override
        public void targetOffline(Kind kind, String target) {
            rejectLate(kind, target, ErrorCode.USER_NOT_FOUND, "User " + target + " is not online");
        }

        /** A message accepted earlier failed after all: no call came of it, and the sender hears why. */
        private void rejectLate(Kind kind, String target, ErrorCode code, String message) {
            if (state.get() == LOGGED_IN) {
                if (kind.pairs()) {
                    peers.removeIf(peer -> target.equals(peer.name()));
                }
                reject(this, code, message, kind.type());
            }
        }

        @Override
        public void nameLost() {
            if (state.get() == LOGGED_IN) {
                LOG.log(Level.WARNING, "the registry lost the name of session {0}: closing it", session.id());
                closeNow(this, NAME_LOST_CODE, "Name lost: log in again");
            }
        }
    }

    /** Configures a {@link SignalingRouter}. Not thread-safe; each setter returns this builder. */
    public static final class Builder {
        private SignalingCodec codec = new JsonCodec();
        private NameRegistry registry;
        private Authenticator authenticator = Authenticator.ANY_NAME;
        private Authorizer authorizer = Authorizer.ANYONE;
        private SignalingListener listener = NO_LISTENER;
        private Clock clock = Clock.systemUTC();
        private int maxNameLength = 64;
        private ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        private int maxConnections = 10_000;
        private int maxConnectionsPerAddress = 100;
        private Scheduler scheduler = Scheduler.systemDefault();

        private Builder() {
        }

        /** Per-connection limits and timeouts; default {@link ConnectionLimits#DEFAULTS}. */
        public Builder limits(ConnectionLimits limits) {
            this.limits = requireNonNull(limits, "limits is null");
            return this;
        }

        /**
         * The most connections open at once, and from one IP address (where the transport reports
         * it: Tyrus and Jetty do, Tomcat does not); one more is closed with {@value SignalingRouter#TRY_AGAIN_LATER}. Defaults 10,000 and 100.
         */
        public Builder maxConnections(int total, int perAddress) {
            if (total < 1 || perAddress < 1) {
                throw new IllegalArgumentException("connection limits must be positive, were " + total + " and " + perAddress);
            }
            this.maxConnections = total;
            this.maxConnectionsPerAddress = perAddress;
            return this;
        }

        /** Runs login timeouts and pings; default {@link Scheduler#systemDefault()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler is null");
            return this;
        }

        /** The wire codec; default {@link JsonCodec}. */
        public Builder codec(SignalingCodec codec) {
            this.codec = requireNonNull(codec, "codec is null");
            return this;
        }

        /** Who holds which name; default a new {@link InMemoryNameRegistry} per router. */
        public Builder registry(NameRegistry registry) {
            this.registry = requireNonNull(registry, "registry is null");
            return this;
        }

        /** Who may log in as whom; default {@link Authenticator#ANY_NAME}. */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = requireNonNull(authenticator, "authenticator is null");
            return this;
        }

        /** Who may signal whom; default {@link Authorizer#ANYONE}. */
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = requireNonNull(authorizer, "authorizer is null");
            return this;
        }

        /** Events for metrics and audit; default none. */
        public Builder listener(SignalingListener listener) {
            this.listener = requireNonNull(listener, "listener is null");
            return this;
        }

        /** The clock for login times and rate limits; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /** The longest login name in Unicode code points; default 64. */
        public Builder maxNameLength(int maxNameLength) {
            new NameRules(maxNameLength); // validates
            this.maxNameLength = maxNameLength;
            return this;
        }

        /** A new router with this configuration. */
        public SignalingRouter build() {
            return new SignalingRouter(this);
        }
    }
}
