package dev.switchboard.example.internal;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.WebSocketEngine.UpgradeInfo;
import org.glassfish.tyrus.spi.WebSocketEngine.UpgradeStatus;

/**
 * The Tyrus WebSocket engine on a Grizzly listener that we configure ourselves, instead of
 * {@code org.glassfish.tyrus.server.Server}: that one binds 0.0.0.0 whatever host it is given and
 * hands every read to a worker thread. Here the listener binds the configured host, reads are
 * handled on the selector thread that received them, TCP_NODELAY is on (signaling messages are
 * small and latency-bound), the {@link UnmaskingFilter} unmasks incoming frames before Tyrus
 * sees them, and the {@link WriteCoalescingFilter} writes the frames one read causes for one
 * connection in one write. Not part of the API.
 */
public final class GrizzlyTyrusHost extends TyrusServerContainer {

    private static final String CONTEXT_PATH = "";

    private static final UpgradeInfo REFUSED = new UpgradeInfo() {
        @Override
        public UpgradeStatus getStatus() {
            return UpgradeStatus.HANDSHAKE_FAILED;
        }

        @Override
        public org.glassfish.tyrus.spi.Connection createConnection(org.glassfish.tyrus.spi.Writer writer,
                org.glassfish.tyrus.spi.Connection.CloseListener closeListener) {
            return null;
        }
    };

    private final WebSocketEngine engine;
    private volatile boolean refusingUpgrades;
    private final HttpServer http = new HttpServer();
    private NetworkListener listener;

    public GrizzlyTyrusHost() {
        super((Set<Class<?>>) null);
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, CONTEXT_PATH);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, CONTEXT_PATH);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return completedRefusals;
    }

    /**
     * Tyrus answers a refused handshake (a 403 for a bad Origin, say) with no Content-Length and
     * keeps the connection open, so an HTTP/1.1 client waits for a body that never comes. This
     * engine completes such a response: an empty body, and the connection closed.
     */
    private final WebSocketEngine completedRefusals = new WebSocketEngine() {
        @Override
        public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
            if (refusingUpgrades) {
                response.setStatus(503);
                response.setReasonPhrase("Service Unavailable");
                response.getHeaders().put("Retry-After", List.of("5"));
                refused(response);
                return REFUSED;
            }
            UpgradeInfo info = engine.upgrade(request, response);
            if (info.getStatus() == UpgradeStatus.HANDSHAKE_FAILED) {
                refused(response);
            }
            return info;
        }

        private void refused(UpgradeResponse response) {
            response.getHeaders().put("Content-Length", List.of("0"));
            response.getHeaders().put("Connection", List.of("close"));
        }

        @Override
        public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
            engine.register(endpointClass, contextPath);
        }

        @Override
        public void register(ServerEndpointConfig config, String contextPath) throws DeploymentException {
            engine.register(config, contextPath);
        }
    };

    /**
     * Binds {@code host:port} (port 0: any free port), serves plain HTTP requests with
     * {@code httpHandler} and deploys the endpoints added so far.
     */
    public void start(String host, int port, HttpHandler httpHandler) throws IOException, DeploymentException {
        TCPNIOTransport transport = TCPNIOTransportBuilder.newInstance()
                .setIOStrategy(SameThreadIOStrategy.getInstance())
                .setWorkerThreadPoolConfig(null)
                .setTcpNoDelay(true)
                .setReuseAddress(true)
                .build();
        listener = new NetworkListener("switchboard", host, port);
        listener.setTransport(transport);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(this, CONTEXT_PATH));
        // each inserts itself right above the transport: the chain reads transport, unmasking,
        // coalescing, HTTP, Tyrus
        listener.registerAddOn(aboveTransport(WriteCoalescingFilter::new));
        listener.registerAddOn(aboveTransport(UnmaskingFilter::new));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(httpHandler);
        http.start();
        try {
            super.start(CONTEXT_PATH, listener.getPort());
        } catch (IOException | DeploymentException | RuntimeException e) {
            http.shutdownNow();
            throw e;
        }
    }

    /** An add-on that puts a new filter right above a listener's transport. */
    private static org.glassfish.grizzly.http.server.AddOn aboveTransport(
            java.util.function.Supplier<org.glassfish.grizzly.filterchain.Filter> filter) {
        return (listener, builder) -> builder.add(
                builder.indexOfType(org.glassfish.grizzly.filterchain.TransportFilter.class) + 1, filter.get());
    }

    /** From now on, answers every WebSocket upgrade with 503 (the server is stopping). */
    public void refuseUpgrades() {
        refusingUpgrades = true;
    }

    /** The bound port. */
    @Override
    public int getPort() {
        return listener.getPort();
    }

    @Override
    public void stop() {
        http.shutdownNow();
        super.stop();
    }
}
