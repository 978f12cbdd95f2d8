package dev.switchboard.it.spring;

import dev.switchboard.conformance.SignalingConformanceKit;
import dev.switchboard.jakarta.EndpointOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The conformance kit on a Spring Boot application (embedded Tomcat) configured exactly as
 * docs/deployment.md shows ({@link SignalingConfiguration}), so with the default limits.
 */
class SpringBootConformanceTest extends SignalingConformanceKit {

    private ConfigurableApplicationContext app;

    @SpringBootApplication
    static class Application {
    }

    @Override
    protected String startHost(EndpointOptions ignoredAsDocumentedConfigurationUsesDefaults) {
        app = SpringApplication.run(new Class<?>[] {Application.class, SignalingConfiguration.class},
                new String[] {"--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                    "--logging.level.root=WARN"});
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return "ws://127.0.0.1:" + port + "/signaling";
    }

    @Override
    protected void stopHost() {
        app.close();
    }
}
