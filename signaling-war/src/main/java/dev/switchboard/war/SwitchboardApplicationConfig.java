package dev.switchboard.war;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/**
 * Tells the container to deploy none of the endpoints it finds by scanning. The WAR's only
 * endpoint is the one {@link SwitchboardWarListener} registers at the configured path; without
 * this, containers that scan WEB-INF/lib would also deploy signaling-jakarta's annotated
 * {@code SignalingServerEndpoint} at "/".
 */
public final class SwitchboardApplicationConfig implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
