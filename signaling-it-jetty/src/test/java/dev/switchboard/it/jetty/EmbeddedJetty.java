package dev.switchboard.it.jetty;

import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;
import dev.switchboard.jakarta.SignalingEndpoints;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) on 127.0.0.1 and a free port, with the endpoint registered in code. */
final class EmbeddedJetty implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private EmbeddedJetty(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static EmbeddedJetty start(SignalingRouter router, EndpointOptions options) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return deploy(server, connector, router, options);
    }

    /**
     * Jetty set up for signaling traffic per core, as docs/performance.md recommends: a small
     * thread pool, one selector, no dedicated acceptor thread, no connector idle timeout
     * (Switchboard's own ping/pong does liveness).
     */
    static EmbeddedJetty startTuned(SignalingRouter router, EndpointOptions options, int port) throws Exception {
        // --- docs/performance.md, tuned Jetty: begin ---
        Server server = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(8, 8));
        ServerConnector connector = new ServerConnector(server, 0, 1); // 0 acceptors, 1 selector
        connector.setIdleTimeout(0); // no idle timeout: Switchboard pings
        // --- docs/performance.md, tuned Jetty: end ---
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        return deploy(server, connector, router, options);
    }

    private static EmbeddedJetty deploy(Server server, ServerConnector connector, SignalingRouter router,
            EndpointOptions options) throws Exception {
        // --- docs/deployment.md, embedded Jetty: begin ---
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(SignalingEndpoints.config(router, "/signaling", options)));
        server.setHandler(context);
        server.start();
        // --- docs/deployment.md, embedded Jetty: end ---
        return new EmbeddedJetty(server, connector);
    }

    String url() {
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/signaling";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
