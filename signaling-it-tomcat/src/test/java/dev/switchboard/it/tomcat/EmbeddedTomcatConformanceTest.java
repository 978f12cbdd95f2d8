package dev.switchboard.it.tomcat;

import dev.switchboard.conformance.SignalingConformanceKit;
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

/** The conformance kit on embedded Tomcat 11, with the endpoint registered in code. */
class EmbeddedTomcatConformanceTest extends SignalingConformanceKit {

    private Tomcat tomcat;

    @Override
    protected String startHost(EndpointOptions options) throws Exception {
        SignalingRouter router = SignalingRouter.create();
        String baseDir = Files.createTempDirectory("tomcat").toString();
        tomcat = new Tomcat();
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
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/signaling";
    }

    @Override
    protected void stopHost() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
