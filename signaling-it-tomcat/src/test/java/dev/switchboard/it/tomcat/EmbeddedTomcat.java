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
        String baseDir = Files.createTempDirectory("tomcat").toString();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir);
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);

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
