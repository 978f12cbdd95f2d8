package dev.switchboard.it.tomcat;

import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.EndpointOptions;
import dev.switchboard.jakarta.SignalingEndpoints;
import jakarta.websocket.server.ServerContainer;
import java.nio.file.Files;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11 on 127.0.0.1 and a free port, with the endpoint registered in code. */
final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat;
    private final Connector connector;

    private EmbeddedTomcat(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    static EmbeddedTomcat start(SignalingRouter router, EndpointOptions options) throws Exception {
        Connector connector = new Connector();
        connector.setPort(0);
        return deploy(connector, router, options, context -> { });
    }

    /**
     * Tomcat set up for signaling traffic per core with trimmed per-connection buffers, as
     * docs/performance.md recommends. {@code textBufferChars} is Tomcat's WebSocket text message
     * buffer, which caps the largest text message a client may send: keep it above the largest
     * SDP the application expects.
     */
    static EmbeddedTomcat startTuned(SignalingRouter router, EndpointOptions options, int port, int textBufferChars)
            throws Exception {
        // --- docs/performance.md, tuned Tomcat: begin ---
        Connector connector = new Connector(); // NIO
        connector.setProperty("maxThreads", "8");
        connector.setProperty("minSpareThreads", "8");
        connector.setProperty("socket.appReadBufSize", "2048");
        connector.setProperty("socket.appWriteBufSize", "8192");
        connector.setProperty("keepAliveTimeout", "-1");
        connector.setProperty("maxConnections", "-1"); // default 8192; Switchboard's own cap applies
        java.util.function.Consumer<Context> webSocketBuffers = context -> {
            context.addParameter("org.apache.tomcat.websocket.binaryBufferSize", "2048");
            context.addParameter("org.apache.tomcat.websocket.textBufferSize", String.valueOf(textBufferChars));
        };
        // --- docs/performance.md, tuned Tomcat: end ---
        connector.setPort(port);
        return deploy(connector, router, options, webSocketBuffers);
    }

    private static EmbeddedTomcat deploy(Connector connector, SignalingRouter router, EndpointOptions options,
            java.util.function.Consumer<Context> configure) throws Exception {
        String baseDir = Files.createTempDirectory("tomcat").toString();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().addContainerListener(event -> {
            if (org.apache.catalina.Container.ADD_CHILD_EVENT.equals(event.getType())
                    && event.getData() instanceof Context added) {
                configure.accept(added);
            }
        });

        // --- docs/deployment.md, embedded Tomcat: begin ---
        Context context = tomcat.addContext("", baseDir);
        // Tomcat runs the WebSocket upgrade only when some servlet is mapped
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMapping("/", "default");
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(SignalingEndpoints.config(router, "/signaling", options));
            } catch (jakarta.websocket.DeploymentException e) {
                throw new jakarta.servlet.ServletException(e);
            }
        }, Set.of());
        tomcat.start();
        // --- docs/deployment.md, embedded Tomcat: end ---
        return new EmbeddedTomcat(tomcat, connector);
    }

    String url() {
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/signaling";
    }

    @Override
    public void close() throws org.apache.catalina.LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
