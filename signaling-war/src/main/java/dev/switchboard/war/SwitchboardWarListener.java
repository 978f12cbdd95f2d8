package dev.switchboard.war;

import dev.switchboard.core.ClusterRegistry;
import dev.switchboard.core.NameRegistry;
import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.HealthReport;
import dev.switchboard.jakarta.SignalingEndpoints;
import dev.switchboard.jakarta.SwitchboardSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Registers the signaling endpoint when the WAR starts, at the configured path and with the
 * configured limits (see {@link SwitchboardSettings}), and closes every client with 1001 when it
 * stops. Declared in web.xml. A bad setting, or a cluster ({@code switchboard.redisUri}) it cannot
 * reach, fails the deployment with a message naming it. Serves {@value #HEALTH_PATH} for load
 * balancers: 200 while the node works, 503 while its cluster link is down.
 */
public final class SwitchboardWarListener implements ServletContextListener {

    /** The servlet context attribute under which the running {@link SignalingRouter} is kept. */
    public static final String ROUTER_ATTRIBUTE = SignalingRouter.class.getName();

    private static final Logger LOG = System.getLogger(SwitchboardWarListener.class.getName());
    /** Where the demo page finds the endpoint's path, relative to the web application. */
    public static final String CONFIG_PATH = "/switchboard-config.json";

    /** The health check, relative to the web application. */
    public static final String HEALTH_PATH = "/health";

    private static final String REGISTRY_ATTRIBUTE = ClusterRegistry.class.getName();
    private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SwitchboardSettings settings;
        try {
            settings = SwitchboardSettings.read(initParams(context), System.getenv(), systemProperties());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Switchboard: bad configuration: " + e.getMessage(), e);
        }
        Object container = context.getAttribute(SERVER_CONTAINER);
        if (!(container instanceof ServerContainer serverContainer)) {
            throw new IllegalStateException("Switchboard: this container offers no Jakarta WebSocket server"
                    + " (no " + SERVER_CONTAINER + " attribute). On Jetty 12, enable the module"
                    + " ee10-websocket-jakarta (or ee11-websocket-jakarta).");
        }
        NameRegistry registry;
        try {
            registry = settings.newRegistry();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Switchboard: " + e.getMessage(), e);
        }
        SignalingRouter router = settings.newRouter(registry);
        ClusterRegistry cluster = registry instanceof ClusterRegistry joined ? joined : null;
        try {
            serverContainer.addEndpoint(SignalingEndpoints.config(router, settings.path(), settings.options()));
        } catch (DeploymentException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new IllegalStateException("Switchboard: cannot deploy the endpoint at " + settings.path()
                    + ": " + e.getMessage(), e);
        }
        context.setAttribute(ROUTER_ATTRIBUTE, router);
        if (cluster != null) {
            context.setAttribute(REGISTRY_ATTRIBUTE, cluster);
            LOG.log(Level.INFO, "Switchboard is a node of the cluster at {0}", settings.cluster());
        }
        context.addServlet("switchboard-health", new HealthServlet(router, cluster)).addMapping(HEALTH_PATH);
        // the demo page (from signaling-web) asks where the endpoint is
        String config = "{\"path\":\"" + context.getContextPath() + settings.path() + "\"}";
        context.addServlet("switchboard-config", new ConfigServlet(config)).addMapping(CONFIG_PATH);
        LOG.log(Level.INFO, "Switchboard signaling endpoint at {0}{1}", context.getContextPath(), settings.path());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object router = event.getServletContext().getAttribute(ROUTER_ATTRIBUTE);
        if (router instanceof SignalingRouter running) {
            running.shutdown(1001, "Server shutting down");
            if (event.getServletContext().getAttribute(REGISTRY_ATTRIBUTE) instanceof ClusterRegistry cluster) {
                // give the clients a moment to close, so that their peers elsewhere hear leave from
                // them; then leave the cluster, which frees whatever names are left
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
                while (running.connectionCount() > 0 && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                cluster.close();
            }
        }
    }

    /** Answers {@link #HEALTH_PATH}: 200 and {@code "status":"ok"}, or 503 while the cluster link is down. */
    private static final class HealthServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient SignalingRouter router;
        private final transient ClusterRegistry cluster;

        HealthServlet(SignalingRouter router, ClusterRegistry cluster) {
            this.router = router;
            this.cluster = cluster;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HealthReport report = HealthReport.of(router, cluster);
            response.setStatus(report.httpStatus());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.getWriter().write(report.json());
        }
    }

    /** Answers {@link #CONFIG_PATH} with a fixed JSON document. */
    private static final class ConfigServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String json;

        ConfigServlet(String json) {
            this.json = json;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.getWriter().write(json);
        }
    }

    private static Map<String, String> initParams(ServletContext context) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            params.put(name, context.getInitParameter(name));
        }
        return params;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        Properties system = System.getProperties();
        for (String name : system.stringPropertyNames()) {
            properties.put(name, system.getProperty(name));
        }
        return properties;
    }
}
