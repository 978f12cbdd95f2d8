package dev.switchboard.it.jetty;

import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;
import dev.switchboard.jakarta.SignalingEndpoints;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The conformance kit on embedded Jetty 12 (ee10), with the endpoint registered in code. */
class EmbeddedJettyConformanceTest extends SignalingConformanceKit {

    private Server server;

    @Override
    protected String startHost(EndpointOptions options) throws Exception {
        SignalingRouter router = SignalingRouter.create();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        // --- docs/deployment.md, embedded Jetty: begin ---
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(SignalingEndpoints.config(router, "/signaling", options)));
        server.setHandler(context);
        server.start();
        // --- docs/deployment.md, embedded Jetty: end ---
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/signaling";
    }

    @Override
    protected void stopHost() throws Exception {
        server.stop();
    }
}
