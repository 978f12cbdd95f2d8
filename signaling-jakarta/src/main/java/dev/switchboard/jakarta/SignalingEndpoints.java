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

    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@/-]*");

    private SignalingEndpoints() {
    }

    /**
     * Checks an endpoint path: it starts with {@code /} and has only URI path characters (no
     * spaces, quotes, backslashes, {@code ?}, {@code #} or {@code %}).
     *
     * @return {@code path}
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String checkPath(String path) {
        requireNonNull(path, "path is null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
        }
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("path may only contain URI path characters, was '" + path + "'");
        }
        return path;
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
        checkPath(path);
        requireNonNull(options, "options is null");
        ProgrammaticEndpoint endpoint = new ProgrammaticEndpoint(new EndpointSupport(router, options));
        return ServerEndpointConfig.Builder.create(ProgrammaticEndpoint.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }

                    @Override
                    public boolean checkOrigin(String origin) {
                        // false makes the container answer 403 before the upgrade; containers
                        // (Tyrus among them) accept every origin unless told otherwise
                        return options.allowedOrigins().isEmpty()
                                || (origin != null && options.allowedOrigins().contains(origin));
                    }
                })
                .build();
    }
}
