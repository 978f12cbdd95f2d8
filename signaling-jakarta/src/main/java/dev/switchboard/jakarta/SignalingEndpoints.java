package dev.switchboard.jakarta;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.internal.EndpointSupport;
import dev.switchboard.jakarta.internal.ProgrammaticEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Mounts a {@link SignalingRouter} on any JSR-356 container. The entry point of this module:
 *
 * <pre>{@code
 * SignalingRouter router = SignalingRouter.create();
 * serverContainer.addEndpoint(SignalingEndpoints.config(router, "/signaling"));
 * }</pre>
 *
 * <p>The same {@link ServerEndpointConfig} works on Tyrus, Tomcat and Jetty. Every connection to
 * the path becomes one {@link dev.switchboard.core.Session} of the router; writes to it are
 * serialized through a bounded queue (see {@link EndpointOptions}).
 */
public final class SignalingEndpoints {

    private SignalingEndpoints() {
    }

    /** An endpoint configuration at {@code path} with {@link EndpointOptions#DEFAULTS}. */
    public static ServerEndpointConfig config(SignalingRouter router, String path) {
        return config(router, path, EndpointOptions.DEFAULTS);
    }

    /**
     * An endpoint configuration at {@code path}.
     *
     * @param path a URI template path relative to the web application, starting with {@code /}
     */
    public static ServerEndpointConfig config(SignalingRouter router, String path, EndpointOptions options) {
        requireNonNull(path, "path is null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
        }
        ProgrammaticEndpoint endpoint = new ProgrammaticEndpoint(new EndpointSupport(router, options));
        return ServerEndpointConfig.Builder.create(ProgrammaticEndpoint.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }
                })
                .build();
    }
}
