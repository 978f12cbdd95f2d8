package dev.switchboard.jakarta;

import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.internal.EndpointSupport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The annotated endpoint, at the root path of its web application, for hosts that deploy
 * {@code @ServerEndpoint} classes with no code (a WAR, or {@code container.addEndpoint(Class)}).
 *
 * <p>Its {@link RouterConfigurator} supplies the router: the first {@link SignalingRouterProvider}
 * found by {@link ServiceLoader}, or else one shared router with every default. Prefer
 * {@link SignalingEndpoints#config} when you write code: it takes your router directly.
 */
@ServerEndpoint(value = "/", configurator = SignalingServerEndpoint.RouterConfigurator.class)
public final class SignalingServerEndpoint {

    private final EndpointSupport support;

    SignalingServerEndpoint(EndpointSupport support) {
        this.support = support;
    }

    @OnOpen
    public void onOpen(Session session) {
        support.open(session);
    }

    @OnMessage
    public void onMessage(Session session, String text) {
        support.text(session, text);
    }

    @OnMessage
    public void onBinary(Session session, ByteBuffer data) {
        support.binary(session, data);
    }

    @OnMessage
    public void onPong(Session session, PongMessage pong) {
        support.pong(session);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        support.close(session, reason);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        support.error(session, error);
    }

    /** Supplies every connection's endpoint with the one router of this class loader. */
    public static final class RouterConfigurator extends ServerEndpointConfig.Configurator {

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(Shared.ENDPOINT);
        }
    }

    /** Created on first use, so that a provider is looked up only when a connection arrives. */
    private static final class Shared {
        static final SignalingServerEndpoint ENDPOINT = create();

        private static SignalingServerEndpoint create() {
            Iterator<SignalingRouterProvider> providers = ServiceLoader.load(
                    SignalingRouterProvider.class, SignalingServerEndpoint.class.getClassLoader()).iterator();
            SignalingRouterProvider provider = providers.hasNext() ? providers.next() : null;
            SignalingRouter router = provider != null ? provider.router() : SignalingRouter.create();
            EndpointOptions options = provider != null ? provider.options() : EndpointOptions.DEFAULTS;
            return new SignalingServerEndpoint(new EndpointSupport(router, options));
        }
    }
}
