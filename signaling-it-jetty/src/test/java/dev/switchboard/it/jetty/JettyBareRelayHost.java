package dev.switchboard.it.jetty;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The ceiling of Jetty's JSR-356 text path, for {@code bench/run.sh} ({@code SERVERS=bare-jetty}):
 * a relay with no JSON and no checks, in the same tuned Jetty as {@link JettyBenchmarkHost}. A
 * login is any message starting {@code {"type":"login"}; any other message goes as it is to the
 * session whose name follows its first {@code "name":"}, with blocking sends serialized per
 * receiver. Not signaling: only the benchmark's own traffic works. Runs until killed.
 */
public final class JettyBareRelayHost extends Endpoint {

    private static final Map<String, Session> BY_NAME = new ConcurrentHashMap<>();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(-1);
        session.setMaxTextMessageBufferSize(65536);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> relay(session, text));
    }

    private static void relay(Session session, String text) {
        int at = text.indexOf("\"name\":\"") + 8;
        String name = text.substring(at, text.indexOf('"', at));
        if (text.startsWith("{\"type\":\"login\"")) {
            BY_NAME.put(name, session);
            session.getAsyncRemote().sendText("{\"type\":\"login\",\"success\":true}");
            return;
        }
        Session to = BY_NAME.get(name);
        if (to != null) {
            synchronized (to) {
                try {
                    to.getBasicRemote().sendText(text);
                } catch (IOException | IllegalStateException gone) {
                    BY_NAME.remove(name, to);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(8, 8));
        ServerConnector connector = new ServerConnector(server, 0, 1);
        connector.setIdleTimeout(0);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(JettyBareRelayHost.class, "/signaling").build()));
        server.setHandler(context);
        server.start();
        System.out.println("bare relay on Jetty listening on ws://127.0.0.1:" + connector.getLocalPort() + "/signaling");
        server.join();
    }
}
