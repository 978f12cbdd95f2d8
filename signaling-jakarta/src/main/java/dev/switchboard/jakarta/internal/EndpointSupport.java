package dev.switchboard.jakarta.internal;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.System.Logger;
import java.nio.ByteBuffer;
import java.lang.System.Logger.Level;

/**
 * What both endpoint styles (programmatic and annotated) do with a JSR-356 session: adapt it,
 * apply the limits, and report its life to the router. Not part of the API.
 */
public final class EndpointSupport {

    private static final Logger LOG = System.getLogger(EndpointSupport.class.getName());
    private static final String KEY = QueuedSession.class.getName();

    /** Tyrus's {@code getRemoteAddr()} per session class (looked up once), or null. */
    private static final ClassValue<java.lang.reflect.Method> REMOTE_ADDR = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Method computeValue(Class<?> type) {
            try {
                java.lang.reflect.Method method = type.getMethod("getRemoteAddr");
                return method.getReturnType() == String.class ? method : null;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    private final SignalingRouter router;
    private final EndpointOptions options;

    public EndpointSupport(SignalingRouter router, EndpointOptions options) {
        this.router = requireNonNull(router, "router is null");
        this.options = requireNonNull(options, "options is null");
    }

    public void open(Session session) {
        // Liveness is Switchboard's job, not the container's idle timer (Tyrus re-arms that timer on
        // every message unless it is negative).
        session.setMaxIdleTimeout(-1);
        session.setMaxTextMessageBufferSize(options.maxTextMessageChars());
        session.setMaxBinaryMessageBufferSize(options.maxTextMessageChars());
        QueuedSession adapted = new QueuedSession(session.getId(), Outbound.of(session),
                options.maxOutboundQueueChars(), options.maxSendStall(), System::nanoTime, router::onClose);
        adapted.remoteAddress(remoteAddress(session));
        adapted.queryParameters(session.getRequestParameterMap());
        session.getUserProperties().put(KEY, adapted);
        router.onOpen(adapted);
    }

    /**
     * The peer's address. JSR-356 has no API for it: Jetty puts it in a user property, Tyrus offers
     * only {@code TyrusSession.getRemoteAddr()}, Tomcat does not tell. Null when the container
     * does not tell.
     */
    static java.net.InetSocketAddress remoteAddress(Session session) {
        Object property = session.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress");
        if (property instanceof java.net.InetSocketAddress address) {
            return address;
        }
        java.lang.reflect.Method getRemoteAddr = REMOTE_ADDR.get(session.getClass());
        if (getRemoteAddr != null) {
            try {
                Object ip = getRemoteAddr.invoke(session);
                if (ip instanceof String literal && !literal.isEmpty()) {
                    // an address literal: no name lookup happens
                    return new java.net.InetSocketAddress(java.net.InetAddress.getByName(literal), 0);
                }
            } catch (ReflectiveOperationException | java.net.UnknownHostException | RuntimeException notAvailable) {
                // this container does not tell
            }
        }
        return null;
    }

    public void text(Session session, String text) {
        QueuedSession adapted = adapted(session);
        if (adapted != null) {
            router.onText(adapted, text);
        }
    }

    /** A binary message: not part of the protocol, answered with an error by the router. */
    public void binary(Session session, ByteBuffer data) {
        QueuedSession adapted = adapted(session);
        if (adapted == null) {
            return;
        }
        // not every container applies the binary buffer limit to a message of one frame (Tyrus doesn't)
        if (data.remaining() > options.maxTextMessageChars()) {
            adapted.close(CloseReason.CloseCodes.TOO_BIG.getCode(), "Message too big");
            return;
        }
        router.onBinary(adapted);
    }

    /** A pong: the client is alive. */
    public void pong(Session session) {
        QueuedSession adapted = adapted(session);
        if (adapted != null) {
            router.onPong(adapted);
        }
    }

    public void close(Session session, CloseReason reason) {
        QueuedSession adapted = adapted(session);
        if (adapted != null) {
            adapted.markClosed();
            router.onClose(adapted);
        }
    }

    public void error(Session session, Throwable error) {
        // the container closes the session after this and reports onClose
        LOG.log(Level.DEBUG, () -> "session " + session.getId() + ": " + error, error);
    }

    private static QueuedSession adapted(Session session) {
        return (QueuedSession) session.getUserProperties().get(KEY);
    }
}
