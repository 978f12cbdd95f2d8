package dev.switchboard.jakarta;

import dev.switchboard.core.SignalingRouter;

/**
 * Supplies the router (and limits) of {@link SignalingServerEndpoint}, found with
 * {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.switchboard.jakarta.SignalingRouterProvider}. Called once, on the
 * first connection.
 */
public interface SignalingRouterProvider {

    /** The router every connection of the annotated endpoint uses. */
    SignalingRouter router();

    /** The per-connection limits; default {@link EndpointOptions#DEFAULTS}. */
    default EndpointOptions options() {
        return EndpointOptions.DEFAULTS;
    }
}
