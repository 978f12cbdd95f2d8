package dev.switchboard.it.spring;

import dev.switchboard.core.SignalingRouter;
import dev.switchboard.jakarta.SignalingEndpoints;
import jakarta.websocket.server.ServerEndpointConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

/** docs/deployment.md, Spring Boot: the configuration class, as shown there. */
@Configuration
public class SignalingConfiguration {

    @Bean
    SignalingRouter signalingRouter() {
        return SignalingRouter.create();
    }

    /** Registers every ServerEndpointConfig bean with the embedded container. */
    @Bean
    ServerEndpointExporter serverEndpointExporter() {
        return new ServerEndpointExporter();
    }

    @Bean
    ServerEndpointConfig signalingEndpoint(SignalingRouter router) {
        return SignalingEndpoints.config(router, "/signaling");
    }
}
